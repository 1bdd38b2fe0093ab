#!/usr/bin/env bash
# Runs the whole test suite: setup (idempotent), formatting check, the release
# build's tests, then the same tests in the ASan+UBSan build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --asan
echo "== clang-format check"
git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror
echo "== release tests"
ctest --preset release
echo "== asan+ubsan tests"
ctest --preset asan

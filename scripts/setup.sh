#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine: installs every Debian package
# sitrep needs (only the missing ones, so it is quick when nothing is missing),
# then configures and builds the release preset (and the asan preset with
# --asan). Usage: scripts/setup.sh [--asan] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libicu-dev libgumbo-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev
  clang-format
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_asan=0
build=1
for arg in "$@"; do
  case "$arg" in
    --asan) build_asan=1 ;;
    --no-build) build=0 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done
((build)) || exit 0

jobs=$(nproc)
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
if ((build_asan)); then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
fi

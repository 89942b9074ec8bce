#!/bin/sh
# Installs the Debian packages effcomp needs, only those that are missing.
# Run as root (or with sudo available). Safe to run repeatedly: when nothing
# is missing it does nothing and touches no network.
# Optional groups as arguments: `clang` adds the second compiler, its
# OpenMP runtime and its sanitizer and libFuzzer runtimes (make test-clang,
# make fuzz); `valgrind` adds valgrind (make valgrind-demo).
set -eu

PKGS="build-essential cmake pkg-config libgsl-dev libopenblas-dev gnuplot-nox \
libinih-dev libcsv-dev libcjson-dev libcmocka-dev nettle-dev python3-scipy \
librandom123-dev libsuitesparse-dev parallel libopenmpi-dev openmpi-bin"

for group in "$@"; do
    case "$group" in
        clang) PKGS="$PKGS clang libomp-dev libclang-rt-dev" ;;
        valgrind) PKGS="$PKGS valgrind" ;;
        *) echo "install-deps: unknown package group '$group' (known: clang, valgrind)" >&2; exit 2 ;;
    esac
done

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "install-deps: installing missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-deps: not root and no sudo; install these packages yourself:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing

#!/bin/sh
# Installs what reel needs to build, test and benchmark, from Debian 12's packages.
# Idempotent: packages already present are skipped, and apt is not touched at all
# when nothing is missing. Runs apt-get as root, or through sudo otherwise.
set -eu

PACKAGES="
build-essential meson ninja-build pkg-config
libcairo2-dev libpango1.0-dev libfontconfig-dev
libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
librsvg2-dev librlottie-dev libaubio-dev
ffmpeg fonts-inter python3
clang libclang-rt-14-dev llvm valgrind
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps: need root or sudo to install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing

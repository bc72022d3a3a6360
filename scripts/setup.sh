#!/usr/bin/env bash
# Set up minref on a fresh Debian/Ubuntu machine: system libraries for Qt, fonts,
# Python 3.11 with venv, then minref itself in ./.venv.
#   scripts/setup.sh          install minref (to run it)
#   scripts/setup.sh --test   install minref and what its tests need
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

# Qt's libraries for offscreen and X11 windows (../shared/GUIDE.md §7), fonts, PDF tools,
# Xvfb.
pkgs=(ca-certificates libgl1 libegl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
      libxkbcommon0 libx11-6 fonts-dejavu-core libx11-xcb1 libxcb-cursor0 libxcb-icccm4
      libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0
      libxcb-xkb1 libxkbcommon-x11-0)
[ $want_tests = 1 ] && pkgs+=(poppler-utils xvfb)

py=""
for cand in python3.11 python3; do
  if command -v "$cand" >/dev/null 2>&1 &&
     "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    py=$(command -v "$cand"); break
  fi
done
[ -z "$py" ] && pkgs+=(python3.11 python3.11-venv)
if [ -n "$py" ] && ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  pkgs+=("python3-venv" "$(basename "$py")-venv")
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${pkgs[@]}"; do
  # Ubuntu 24.04 renamed some libraries with a t64 suffix (libglib2.0-0t64).
  installed "$p" || installed "${p}t64" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
[ -z "$py" ] && py=$(command -v python3.11)

[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ $want_tests = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  rm -rf build  # never ship stale modules left by an earlier build
  .venv/bin/python -m pip install -q .
fi
echo "minref is installed in $(pwd)/.venv"

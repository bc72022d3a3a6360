#!/usr/bin/env bash
# Install the .deb on a clean Debian 12 (bookworm) and run it there: a chroot made with
# debootstrap, as root, with the network to reach a Debian mirror.
#
#   packaging/test-deb-chroot.sh dist/minref_VERSION_ARCH.deb [BASE]
#
# BASE (default /tmp/minref-bookworm) keeps a pristine minbase bookworm made once by
# debootstrap; every run works on a fresh copy of it, so each test starts clean.  In
# the copy: `apt-get install ./minref.deb` (which must pull in every dependency the
# package declares), then no shared library of /opt/minref may be missing, then, as an
# ordinary user with no network, `minref --version`, `minref --self-test` (offscreen),
# `minref show plata`, and the window's start-up probe offscreen; finally Xvfb is added
# and the window starts on a real X11 display (the xcb platform plugin).
#   MIRROR=http://...   the Debian mirror (default: the first in /etc/apt/sources.list*)
#   KEEP=1              keep the working copy afterwards (its path is printed)
set -euo pipefail
DEB=$(readlink -f "${1:?usage: $0 dist/minref_VERSION_ARCH.deb [BASE]}")
BASE=${2:-/tmp/minref-bookworm}
[ "$(id -u)" = 0 ] || { echo "test-deb-chroot.sh: run as root (chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }

if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
             /etc/apt/sources.list.d/ 2>/dev/null | head -1 | awk '{print $2}' || true)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi

if [ ! -x "$BASE/pristine/usr/bin/apt-get" ]; then
  echo "== debootstrap --variant=minbase bookworm $BASE/pristine $MIRROR"
  rm -rf "$BASE/pristine"
  mkdir -p "$BASE"
  debootstrap --variant=minbase bookworm "$BASE/pristine" "$MIRROR"
fi

ROOT="$BASE/run-$$"
echo "== fresh copy of the clean system: $ROOT"
cp -a "$BASE/pristine" "$ROOT"
cleanup() {
  for m in dev/pts dev proc sys; do mountpoint -q "$ROOT/$m" && umount -l "$ROOT/$m"; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $ROOT"; else rm -rf "$ROOT"; fi
}
trap cleanup EXIT
mount -t proc proc "$ROOT/proc"
mount -t sysfs sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
echo "deb $MIRROR bookworm main" > "$ROOT/etc/apt/sources.list"
cp "$DEB" "$ROOT/tmp/minref.deb"
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
              LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

echo "== what a clean bookworm has: no Python, no Qt"
in_root sh -c 'command -v python3 || echo "python3: not installed"; ls /usr/lib/x86_64-linux-gnu | grep -c -i qt || true'

echo "== apt-get install /tmp/minref.deb (dependencies from the mirror)"
in_root apt-get update -qq
in_root apt-get install -y -q --no-install-recommends /tmp/minref.deb | tail -n 3
in_root dpkg -s minref | grep -E '^(Status|Version|Depends)'
in_root sh -c 'command -v python3 || echo "python3: still not installed (minref brings its own)"'

echo "== shared libraries of /opt/minref that the system cannot provide"
missing=$(in_root sh -c 'cd /opt/minref/_internal && find . -name "*.so*" -type f |
  while read -r f; do LD_LIBRARY_PATH=$PWD ldd "$f" 2>/dev/null | grep "not found" |
  sed "s|^|$f: |"; done' | sort -u)
if [ -n "$missing" ]; then echo "$missing"; echo "FAIL missing libraries" >&2; exit 1; fi
echo "none missing"

echo "== as an ordinary user, no network (unshare --net): --version, --self-test, show, the window"
in_root useradd -m official
as_user() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/official \
              LANG=C.UTF-8 USER=official unshare --net setpriv --reuid=official --regid=official \
              --init-groups "$@"; }
as_user minref --version
as_user env QT_QPA_PLATFORM=offscreen minref --self-test
as_user minref show plata > "$ROOT/tmp/show.txt"
head -n 6 "$ROOT/tmp/show.txt"
as_user env QT_QPA_PLATFORM=offscreen MINREF_STARTUP_PROBE=1 minref | grep -E '^(first_paint|interactive|rss_kb)'
as_user sh -c 'ls -d ~/.local/share/minref ~/.cache/minref ~/.local/state/minref ~/.config/minref'

echo "== a real X11 display: Xvfb added, the window starts on the xcb platform"
in_root apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
as_user sh -c 'Xvfb :77 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xp=$!; sleep 2;
  DISPLAY=:77 MINREF_STARTUP_PROBE=1 QT_DEBUG_PLUGINS=0 minref; rc=$?; kill $xp; exit $rc' |
  grep -E '^(first_paint|interactive|rss_kb)'

echo "== dpkg -r minref leaves nothing in /opt/minref or /usr/bin"
in_root dpkg -r minref >/dev/null
in_root sh -c 'test ! -e /opt/minref && test ! -e /usr/bin/minref && echo removed cleanly'
echo "PASS: $(basename "$DEB") installs and runs on a clean Debian 12"

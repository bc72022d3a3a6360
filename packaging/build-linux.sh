#!/usr/bin/env bash
# Build minref's Linux artifacts in one command, from the root of a clone:
#
#   packaging/build-linux.sh [VENV]      (VENV defaults to .venv, made by scripts/setup.sh)
#
#   dist/minref/                               the one-folder PyInstaller bundle
#   dist/minref-VERSION-linux-ARCH.tar.gz      that folder, to unpack anywhere and run
#   dist/minref_VERSION_ARCH.deb               /opt/minref, /usr/bin/minref, .desktop, icon
#
# The version is minref.__version__.  PyInstaller (pinned in packaging/requirements.txt)
# is installed into VENV first; the venv must already hold minref's own dependencies.
# The frozen app's --self-test runs on the bundle (with LANG=es_MX.UTF-8) and on the files
# inside the .deb (with LANG=fr_FR.UTF-8), each window in the language LANG asks for;
# any failure stops the build with a non-zero exit.
#   SKIP_SELF_TEST=1   skip both self-tests (not in CI)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
VENV=${1:-.venv}
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  echo "build-linux.sh: no Python at $PY; run scripts/setup.sh first (or pass a venv)" >&2
  exit 2
fi
t_start=$(date +%s)
step() { echo "== $(($(date +%s) - t_start)) s: $*"; }

# PyInstaller needs objdump (binutils) on Linux; the .deb needs dpkg-deb.
need=()
command -v objdump >/dev/null || need+=(binutils)
command -v dpkg-deb >/dev/null || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  step "installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

VERSION=$(cd "$REPO" && "$PY" -c 'import minref; print(minref.__version__)')
ARCH=$(dpkg --print-architecture)
MACHINE=$(uname -m)
step "minref $VERSION for $ARCH: installing the build tools (packaging/requirements.txt)"
"$PY" -m pip install -q --disable-pip-version-check -r packaging/requirements.txt

step "PyInstaller: one folder (packaging/minref.spec; builds the catalog from db/)"
rm -rf dist/minref
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$REPO/dist" --workpath "$REPO/build/pyinstaller" packaging/minref.spec
BUNDLE=dist/minref
[ -x "$BUNDLE/minref" ] || { echo "build-linux.sh: $BUNDLE/minref was not built" >&2; exit 1; }
echo "bundle: $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE"

self_test() {  # self_test EXECUTABLE LANG: the frozen --self-test, offscreen, in a fresh home,
  # with the system locale LANG (issue 13: the installed app starts in the system's language;
  # the self-test's "interface language" line names the window's language, menus and Qt's
  # own Cancel button, and must be the one LANG asks for)
  local home rc=0 want="${2%%_*}"
  home=$(mktemp -d)
  env -u DISPLAY -u WAYLAND_DISPLAY -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$2" \
    QT_QPA_PLATFORM=offscreen MINREF_HOME="$home" "$1" --self-test >"$home.log" 2>&1 || rc=$?
  cat "$home.log"
  if [ $rc = 0 ] && ! grep -q "^ok   interface language ($want: " "$home.log"; then
    echo "build-linux.sh: with LANG=$2 the window is not in $want" >&2
    rc=1
  fi
  rm -rf "$home" "$home.log"
  return $rc
}
if [ "${SKIP_SELF_TEST:-0}" != 1 ]; then
  step "frozen self-test: $BUNDLE/minref --self-test"
  self_test "$BUNDLE/minref" es_MX.UTF-8
fi

# Reproducible archives: fixed owner, order and timestamps.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

TARBALL="dist/minref-$VERSION-linux-$MACHINE.tar.gz"
step "tarball: $TARBALL"
tar -C dist --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  --transform "s,^minref,minref-$VERSION," -cf - minref | gzip -n -6 > "$TARBALL"

DEB="dist/minref_${VERSION}_${ARCH}.deb"
step "Debian package: $DEB"
ROOT=build/deb/minref_${VERSION}_${ARCH}
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
  "$ROOT/usr/share/icons/hicolor/256x256/apps" "$ROOT/usr/share/icons/hicolor/scalable/apps" \
  "$ROOT/usr/share/doc/minref"
cp -a "$BUNDLE" "$ROOT/opt/minref"
install -m 0755 packaging/debian/minref.sh "$ROOT/usr/bin/minref"
install -m 0644 packaging/minref.desktop "$ROOT/usr/share/applications/minref.desktop"
install -m 0644 packaging/icons/minref.png "$ROOT/usr/share/icons/hicolor/256x256/apps/minref.png"
install -m 0644 packaging/icons/minref.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/minref.svg"
install -m 0644 packaging/debian/copyright "$ROOT/usr/share/doc/minref/copyright"
# Files 0644, folders and executables 0755, whatever the builder's umask was.
find "$ROOT" -type d -exec chmod 0755 {} +
find "$ROOT/opt" -type f -exec chmod u+rw,go+r,go-w {} +
INSTALLED_SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" \
  packaging/debian/control.in > "$ROOT/DEBIAN/control"
find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz -z3 --build "$ROOT" "$DEB" >/dev/null
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Depends:/p'

if [ "${SKIP_SELF_TEST:-0}" != 1 ]; then
  step "the .deb's own files: dpkg-deb -x, then opt/minref/minref --self-test"
  x=$(mktemp -d)
  dpkg-deb -x "$DEB" "$x"
  rc=0
  self_test "$x/opt/minref/minref" fr_FR.UTF-8 >"$x.log" 2>&1 || rc=$?
  rm -rf "$x"
  if [ $rc != 0 ]; then
    grep -v '^ok ' "$x.log" >&2 || true
    rm -f "$x.log"
    echo "build-linux.sh: the self-test failed inside the .deb" >&2
    exit 1
  fi
  echo "ok   the .deb's files pass the self-test ($(tail -1 "$x.log"))"
  grep "^ok   interface language" "$x.log"
  rm -f "$x.log"
fi

rm -rf "$ROOT"
step "done"
ls -l "$DEB" "$TARBALL" | awk '{printf "%8.1f MB  %s\n", $5 / 1048576, $9}'
echo "bundle $(du -sm "$BUNDLE" | cut -f1) MB unpacked ($BUNDLE)"

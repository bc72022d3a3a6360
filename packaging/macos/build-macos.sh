#!/usr/bin/env bash
# Build minref.app and a .dmg on macOS (11 or later), from the root of a clone:
#
#   packaging/macos/build-macos.sh
#
# Needs Python 3.11 (python.org's universal2 installer, or Homebrew's python@3.11) and
# the Xcode command-line tools (xcode-select --install) for codesign and hdiutil.  Makes
# .venv, installs minref's pinned dependencies and PyInstaller
# (packaging/requirements.txt), builds dist/minref.app with packaging/minref.spec, runs
# its --self-test, signs it and makes dist/minref-VERSION-macos-ARCH.dmg (the app and a
# link to /Applications: drag to install).  The .app is built for the Mac's own
# architecture (arm64 or x86_64); build on each kind of Mac you ship to.
#   MACOS_SIGN_IDENTITY="Developer ID Application: ..."  sign for distribution
#                                   (otherwise ad hoc: runs on this Mac; elsewhere
#                                   Gatekeeper asks the user to allow it)
#   NOTARY_PROFILE=name             also notarize and staple (xcrun notarytool
#                                   store-credentials made this keychain profile)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname)" = Darwin ] || { echo "build-macos.sh: run this on macOS" >&2; exit 2; }

PYTHON=${PYTHON:-python3.11}
VENV=.venv
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PY="$VENV/bin/python"
"$PY" -m pip install -q --upgrade pip
"$PY" -m pip install -q -e .
"$PY" -m pip install -q -r packaging/requirements.txt

VERSION=$("$PY" -c 'import minref; print(minref.__version__)')
ARCH=$(uname -m)
echo "== minref $VERSION for macOS $ARCH: PyInstaller (one folder, in minref.app)"
rm -rf dist/minref dist/minref.app
"$PY" -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/minref.spec
APP=dist/minref.app

echo "== frozen self-test"
home=$(mktemp -d)
MINREF_HOME="$home" "$APP/Contents/MacOS/minref" --self-test
rm -rf "$home"

echo "== signing"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$APP"
else
  codesign --force --deep --sign - "$APP"
fi
codesign --verify --deep --strict "$APP"

DMG="dist/minref-$VERSION-macos-$ARCH.dmg"
echo "== disk image: $DMG"
stage=$(mktemp -d)
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$DMG"
hdiutil create -volname "minref $VERSION" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$stage"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi
if [ -n "${NOTARY_PROFILE:-}" ]; then
  echo "== notarizing"
  xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
fi
ls -lh "$DMG"

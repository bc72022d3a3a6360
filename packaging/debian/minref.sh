#!/bin/sh
# /usr/bin/minref: start the bundled app in /opt/minref (a one-folder PyInstaller build).
exec /opt/minref/minref "$@"

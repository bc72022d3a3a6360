"""Render packaging/icons/minref.svg to the PNG, ICO and ICNS files the installers use.

Run: python packaging/icons/make_icons.py   (needs only PySide6; offscreen)
Writes minref.png (256 px, Linux .desktop and the app window), minref.ico (Windows,
16-256 px) and minref.icns (macOS, 16-1024 px) beside the SVG.  The outputs are
committed, so building an installer never needs this script.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def render(svg: Path, size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def write_ico(path: Path, pngs: dict[int, bytes]) -> None:
    """An ICO holding PNG images (Windows Vista and later read these)."""
    import struct

    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        data = pngs[s]
        dim = 0 if s >= 256 else s
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    path.write_bytes(header + entries + blobs)


def write_icns(path: Path, pngs: dict[int, bytes]) -> None:
    """An ICNS holding PNG images (macOS 10.7 and later read these)."""
    import struct

    types = {
        16: b"icp4",
        32: b"icp5",
        64: b"icp6",
        128: b"ic07",
        256: b"ic08",
        512: b"ic09",
        1024: b"ic10",
    }
    body = b"".join(
        types[s] + struct.pack(">I", 8 + len(pngs[s])) + pngs[s] for s in sorted(pngs) if s in types
    )
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    svg = HERE / "minref.svg"
    pngs = {s: png_bytes(render(svg, s)) for s in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
    (HERE / "minref.png").write_bytes(pngs[256])
    write_ico(HERE / "minref.ico", {s: pngs[s] for s in (16, 24, 32, 48, 64, 128, 256)})
    write_icns(HERE / "minref.icns", {s: pngs[s] for s in (16, 32, 64, 128, 256, 512, 1024)})
    for name in ("minref.png", "minref.ico", "minref.icns"):
        print(f"wrote {HERE / name} ({(HERE / name).stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Make the application icon files from resources/icons/baydesk.svg.

    python packaging/make_icons.py

Writes resources/icons/baydesk.png (256 px, for the Linux desktop entry and
the window), packaging/windows/baydesk.ico and packaging/macos/baydesk.icns.
The SVG is drawn with Qt's own renderer (so every file looks like the icon
the window shows) and Pillow writes the ICO and ICNS containers. Those three
files are generated: edit the SVG and run this script again; never edit them.
Needs PySide6 and Pillow (``pip install pillow``); runs headless.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "baydesk.svg"
PNG = ROOT / "resources" / "icons" / "baydesk.png"
ICO = ROOT / "packaging" / "windows" / "baydesk.ico"
ICNS = ROOT / "packaging" / "macos" / "baydesk.icns"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int) -> bytes:
    """The SVG drawn at ``size`` × ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # QPainter wants an application object
    images = {
        size: Image.open(io.BytesIO(render(size))).convert("RGBA") for size in {*ICO_SIZES, *ICNS_SIZES}
    }

    PNG.write_bytes(render(256))
    ICO.parent.mkdir(parents=True, exist_ok=True)
    # Each size drawn from the SVG, not scaled down from the largest.
    largest = images[max(ICO_SIZES)]
    largest.save(
        ICO,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    ICNS.parent.mkdir(parents=True, exist_ok=True)
    images[max(ICNS_SIZES)].save(
        ICNS,
        format="ICNS",
        append_images=[images[size] for size in ICNS_SIZES if size != max(ICNS_SIZES)],
    )
    del app
    for path in (PNG, ICO, ICNS):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

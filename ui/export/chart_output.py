"""Output devices of the chart export: the Qt app, PDF writers with fixed metadata,
images with a size limit, SVG generators. Used by ui/export/chart.py (and the review pack)."""

from __future__ import annotations

import os
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QHashSeed, QMarginsF, QRectF, QSize, QSizeF, QUuid
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from planner.core.errors import PlanError
from planner.core.text import one_line
from ui.export.chart_cards import TEXT_LIMIT

MARGIN_MM = 10.0
FOOTER_PT = 14.0  # paint_pages: "page i of n" under the chart
MAX_PIXELS = 200_000_000
SCREEN_PT = 1440.0  # 20 inches, 1,920 px: an SVG wider opens at the window's width (fit_to_window)
FIXED_ID = uuid.UUID("6f1c2a52-6b1e-4f7e-9d55-3c0a2b8e7d10")


class Canvas(Protocol):
    def size_pt(self, index: int = 0) -> QSizeF: ...

    def paint(self, painter: QPainter, index: int, first_page_number: int = 1) -> None: ...


_app: QGuiApplication | None = None


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (fonts need an app; the CLI has no window)."""
    global _app
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a CLI export never needs a window system
        # Qt's PDF engine writes its fonts in QHash order: with Qt's random seed, one plan exported
        # twice gave one of two byte streams. A scripted export gives the same bytes every run.
        QHashSeed.setDeterministicGlobalSeed()
        app = _app = QGuiApplication(["rocks"])
    return app  # type: ignore[return-value]


def today_text(day: date | None = None) -> str:
    """The title block's date: '4 December 2026'. Today's, or SOURCE_DATE_EPOCH's when set
    (the reproducible-builds convention), so a scripted export can give the same bytes any day."""
    if day is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        try:
            day = datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch else date.today()
        except (ValueError, OverflowError, OSError):
            day = date.today()
    return f"{day.day} {day:%B %Y}"


def new_pdf_writer(path: str | os.PathLike[str], title: str, page_layout: QPageLayout | None = None) -> QPdfWriter:
    """A QPdfWriter with fixed metadata (document id, creator): pair with :func:`fix_pdf_bytes`."""
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setCreator("Rocks")
    writer.setTitle(one_line(title, TEXT_LIMIT))
    writer.setDocumentId(QUuid(str(uuid.uuid5(FIXED_ID, one_line(title, TEXT_LIMIT)))))
    writer.setPageLayout(page_layout or default_page_layout())
    return writer


def default_page_layout() -> QPageLayout:
    """A3 landscape, 10 mm margins: the usual paper for an org chart."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A3),
        QPageLayout.Orientation.Landscape,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def chart_area(layout: QPageLayout) -> QSizeF:
    """What paint_pages gives ChartPages on a page of ``layout``: the printable area less the footer."""
    area = layout.paintRectPoints()
    return QSizeF(area.width(), area.height() - FOOTER_PT)


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)(\d{14})")
_XMP_DATE = re.compile(rb'(xmp:\w*Date=")(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)([+-]\d\d:\d\d|Z)?')


def fix_pdf_bytes(path: str | os.PathLike[str]) -> None:
    """Replace the dates QPdfWriter stamps (info dictionary and XMP) with a fixed one of
    the same length, so xref offsets stay valid and the same input gives the same bytes."""
    p = Path(path)
    data = p.read_bytes()
    data = _PDF_DATE.sub(lambda m: m.group(1) + b"20000101000000", data)

    def xmp(m: re.Match[bytes]) -> bytes:
        zone = m.group(3) or b""
        zone = b"+00:00" if len(zone) == 6 else zone
        return m.group(1) + b"2000-01-01T00:00:00" + zone

    data = _XMP_DATE.sub(xmp, data)
    p.write_bytes(data)


def largest_dpi(size_pt: QSizeF) -> int:
    """The highest resolution at which an image of ``size_pt`` stays within MAX_PIXELS."""
    area = max(size_pt.width(), 1.0) * max(size_pt.height(), 1.0) / 72.0**2  # square inches
    dpi = int((MAX_PIXELS / area) ** 0.5)
    while (
        dpi > 1 and int(size_pt.width() * dpi / 72.0 + 0.999) * int(size_pt.height() * dpi / 72.0 + 0.999) > MAX_PIXELS
    ):
        dpi -= 1
    return dpi


def blank_image(size_pt: QSizeF, dpi: int) -> QImage:
    w = int(size_pt.width() * dpi / 72.0 + 0.999)
    h = int(size_pt.height() * dpi / 72.0 + 0.999)
    if w * h > MAX_PIXELS:
        most = largest_dpi(size_pt)
        lower = f"--dpi {most} or lower" if most >= 10 else "a lower --dpi"
        raise PlanError(
            f"PNG: the chart would be {w} x {h} pixels at {dpi} dpi ({w * h / 1e6:.0f} megapixels, over "
            f"{MAX_PIXELS // 1_000_000}); it fits at {lower}, or draw less with --depth or --root, or export "
            "an SVG or a PDF"
        )
    image = QImage(max(w, 1), max(h, 1), QImage.Format.Format_ARGB32)
    dpm = round(dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(QColor("#ffffff"))
    return image


def write_svg(pages: Canvas, tmp: Path, title: str) -> None:
    from PySide6.QtSvg import QSvgGenerator

    size = pages.size_pt(0)
    generator = QSvgGenerator()
    generator.setFileName(str(tmp))
    generator.setResolution(72)
    generator.setSize(QSize(int(size.width() + 0.999), int(size.height() + 0.999)))
    generator.setViewBox(QRectF(0.0, 0.0, size.width(), size.height()))
    generator.setTitle(title)
    generator.setDescription("Org chart exported by Rocks")
    painter = QPainter()
    if not painter.begin(generator):
        raise PlanError(f"{tmp}: could not start the SVG")
    try:
        painter.fillRect(QRectF(0.0, 0.0, size.width(), size.height()), QColor("#ffffff"))
        pages.paint(painter, 0)
    finally:
        painter.end()
    if size.width() > SCREEN_PT:
        fit_to_window(tmp)


_SVG_SIZE = re.compile(rb'<svg width="[^"]*" height="[^"]*"')


def fit_to_window(path: Path) -> None:
    """A chart wider than a screen opens at the window's width (its viewBox keeps the shape):
    a browser shows it whole, scrolling down only, and zooms into it as vector text."""
    data = Path(path).read_bytes()
    head, found = _SVG_SIZE.subn(b'<svg width="100%"', data[:1000], count=1)
    if found:
        Path(path).write_bytes(head + data[1000:])

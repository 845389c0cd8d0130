"""Real PDF documents: titled tables of labels and values, built with reportlab.

Built in invariant mode (no creation time or random ids inside), so the same content always
gives byte-identical files and a stable sha256.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()
_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
    ]
)


def _cell(value) -> Paragraph:
    """A table cell; reportlab reads markup, so user text is escaped first."""
    shown = "Yes" if value is True else "No" if value is False else "" if value is None else str(value)
    return Paragraph(escape(shown), _STYLES["BodyText"])


def section(title: str, rows: list[tuple[str, object]], widths_mm: tuple[int, int]) -> list:
    """A heading and a two-column table of (label, value) rows, the columns ``widths_mm`` wide."""
    label_width, value_width = widths_mm
    table = Table(
        [[_cell(label), _cell(value)] for label, value in rows],
        colWidths=[label_width * mm, value_width * mm],
    )
    table.setStyle(_GRID)
    return [Paragraph(escape(title), _STYLES["Heading2"]), table, Spacer(1, 4 * mm)]


def render(title: str, subtitle: str, flowables: list, *, author: str) -> bytes:
    """An A4 document: the title, a subtitle line, then ``flowables``."""
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, author=author, invariant=1)
    heading = [
        Paragraph(escape(title), _STYLES["Title"]),
        Paragraph(escape(subtitle), _STYLES["Normal"]),
        Spacer(1, 6 * mm),
    ]
    document.build(heading + flowables)
    return buffer.getvalue()

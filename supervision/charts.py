"""Horizontal bar charts as server-side SVG: no script, no CDN, nothing for the browser to fetch.

Each chart has a title and a description for assistive technology and sits beside a table with the
same figures (the table is the accessible version and its links are the keyboard route). Series
differ by pattern as well as by colour, every bar carries its value as text, and each bar links to
the list behind it for a pointer user. Only presentation attributes are used (no inline styles), so
the strict Content-Security-Policy holds.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, LABEL_WIDTH, VALUE_WIDTH = 720, 200, 210
ROW, BAR, TOP = 30, 20, 8
INK, MUTED, LINE = "#1b2430", "#5b6675", "#d8dee6"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    pattern: str = "solid"  # "solid", "hatch" or "dots": never colour alone


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple  # one number per series (None: no value)
    hrefs: tuple = ()  # one link per series ("" for none)
    text: str = ""  # what is written after the bar (default: the values)


def _short(label: str, most: int = 26) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


def _number(value) -> float:
    return float(value) if isinstance(value, int | float | Decimal) else 0.0


def _shown(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.1f}".removesuffix(".0")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _defs(chart_id: str, series: list[Series]) -> str:
    parts = []
    for index, s in enumerate(series):
        pid = f"{chart_id}-p{index}"
        if s.pattern == "hatch":
            parts.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
                f'<rect width="3" height="6" fill="{s.colour}"/></pattern>'
            )
        elif s.pattern == "dots":
            parts.append(
                f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse">'
                f'<rect width="5" height="5" fill="{s.colour}"/>'
                f'<circle cx="2.5" cy="2.5" r="1.2" fill="#ffffff"/></pattern>'
            )
    return "<defs>" + "".join(parts) + "</defs>"


def _fill(chart_id: str, index: int, s: Series) -> str:
    return s.colour if s.pattern == "solid" else f"url(#{chart_id}-p{index})"


def _bar_row(chart_id, y, bar: Bar, series, scale, stacked) -> list[str]:
    parts = [
        f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end" font-size="13" '
        f'fill="{INK}">{escape(_short(bar.label))}</text>'
    ]
    x = LABEL_WIDTH
    order = (
        range(len(series)) if stacked else sorted(range(len(series)), key=lambda i: -_number(bar.values[i]))
    )
    right = LABEL_WIDTH
    for index in order:
        value = _number(bar.values[index])
        if value <= 0:
            continue
        width = max(value * scale, 2)
        start = x if stacked else LABEL_WIDTH
        height = BAR if stacked or index == order[0] else BAR * 0.55
        top = y + (BAR - height) / 2
        tip = escape(f"{bar.label}: {series[index].name} {_shown(bar.values[index])}")
        rect = (
            f'<rect x="{start:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'fill="{_fill(chart_id, index, series[index])}" stroke="{INK}" stroke-width="0.6">'
            f"<title>{tip}</title></rect>"
        )
        href = bar.hrefs[index] if index < len(bar.hrefs) else ""
        parts.append(f'<a href="{escape(href)}" tabindex="-1">{rect}</a>' if href else rect)
        x = start + width if stacked else x
        right = max(right, start + width)
    text = bar.text or " · ".join(_shown(v) for v in bar.values if v is not None)
    parts.append(
        f'<text x="{right + 6:.1f}" y="{y + BAR * 0.7:.1f}" font-size="12" fill="{MUTED}">'
        f"{escape(text)}</text>"
    )
    return parts


def _legend(chart_id: str, series: list[Series], y: float) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for index, s in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{_fill(chart_id, index, s)}" '
            f'stroke="{INK}" stroke-width="0.6"/>'
            f'<text x="{x + 20}" y="{y + 11}" font-size="12" fill="{INK}">{escape(s.name)}</text>'
        )
        x += 30 + 7 * len(s.name)
    return parts


def bar_chart(
    *, chart_id: str, title: str, series: list[Series], bars: list[Bar], stacked: bool = True
) -> SafeString:
    """A horizontal bar chart (stacked series, or overlaid when ``stacked`` is False: the largest
    drawn full height behind the others, as for a median against the worst case)."""
    totals = [
        sum(_number(v) for v in b.values) if stacked else max(map(_number, b.values), default=0) for b in bars
    ]
    largest = max(totals, default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest
    height = TOP + ROW * max(len(bars), 1) + 30
    parts = [_defs(chart_id, series)]
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" y2="{TOP + ROW * len(bars)}" '
        f'stroke="{LINE}" stroke-width="1"/>'
    )
    for row, bar in enumerate(bars):
        parts += _bar_row(chart_id, TOP + row * ROW, bar, series, scale, stacked)
    if not bars:
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{TOP + 18}" font-size="13" fill="{MUTED}">Nothing to show.</text>'
        )
    parts += _legend(chart_id, series, TOP + ROW * max(len(bars), 1) + 6)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">The same figures are in the table beside the chart.</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        mark_safe("".join(parts)),  # noqa: S308 - built above from escaped labels and numbers  # nosec B308 B703
    )

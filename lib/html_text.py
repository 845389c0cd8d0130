"""Plain text from the portal's HTML notes: tags and scripts removed, paragraphs kept as lines."""

import html
import re

import nh3

_BREAKS = re.compile(r"(?i)<br\s*/?>|</p\s*>|</div\s*>|</li\s*>|</h[1-6]\s*>|</tr\s*>")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    with_breaks = _BREAKS.sub("\n", markup or "")
    text = html.unescape(nh3.clean(with_breaks, tags=set()))
    lines = (line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()

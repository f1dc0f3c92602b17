"""Small pure parts of the kiosk: block letters, the grid's shape, the printer option."""

from __future__ import annotations

import pytest

from bianmin.wire.devices import PrinterSettings
from kiosk import bigfont
from kiosk.options import parse_printer
from kiosk.widgets.matter_grid import grid_columns


def test_block_letters_have_the_size_they_claim() -> None:
    for scale in (1, 2, 3):
        lines = bigfont.render("A012", scale)
        width, height = bigfont.size("A012", scale)
        assert len(lines) == height
        assert all(len(line) == width for line in lines)
    assert set("".join(bigfont.render("HJKZ-9", 2))) <= {" ", "█", "▀", "▄"}


def test_block_letters_pick_the_largest_scale_that_fits() -> None:
    assert bigfont.best_scale("A012", 76, 8) == 2
    assert bigfont.best_scale("A012", 130, 30) == 5  # 6 would need 138 columns
    assert bigfont.best_scale("A012", 10, 3) == 0
    assert bigfont.render("A", 1) == ["▄▀▀▀▄", "█▄▄▄█", "█   █", "▀   ▀"]


def test_every_ticket_letter_is_in_the_font() -> None:
    assert set("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") <= set(bigfont.FONT)


@pytest.mark.parametrize(("count", "size", "columns"), [
    (9, (76, 15), 3), (9, (156, 36), 3), (6, (76, 15), 3), (4, (76, 15), 2),
    (1, (76, 15), 1), (12, (156, 36), 4),
])
def test_grid_shape(count: int, size: tuple[int, int], columns: int) -> None:
    assert grid_columns(count, *size) == columns


def test_printer_option() -> None:
    assert parse_printer("none") == PrinterSettings(kind="none")
    assert parse_printer("network:10.0.0.5") == PrinterSettings(kind="network",
                                                                host="10.0.0.5", port=9100)
    assert parse_printer("network:10.0.0.5:9101", 32) == PrinterSettings(
        kind="network", host="10.0.0.5", port=9101, columns=32)
    assert parse_printer("usb:0416:5011") == PrinterSettings(kind="usb", vendor=0x0416,
                                                             product=0x5011)
    assert parse_printer("serial:/dev/ttyUSB0:19200").baudrate == 19200
    assert parse_printer("file:/dev/usb/lp0") == PrinterSettings(kind="file",
                                                                 device="/dev/usb/lp0")
    for bad in ("network:", "usb:0416", "laser", "network:host:port"):
        with pytest.raises(ValueError):
            parse_printer(bad)
    with pytest.raises(ValueError, match="columns"):
        parse_printer("none", 40)

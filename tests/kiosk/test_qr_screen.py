"""The QR code on the ticket page, read back: the page's block characters drawn as pixels
(each cell one module wide, each half-cell one module high) and decoded by zxing-cpp."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from kiosk.widgets.qr_block import QRBlock
from tests.hubfixture import RunningHub
from tests.kiosk.kioskfixture import WITHOUT_PRINTER, kiosk, ticket_screen, touch

TOP = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}


def picture(lines: list[str], scale: int = 8) -> Image.Image:
    """The code as a phone's camera sees it: dark modules black on white."""
    width, height = len(lines[0]), 2 * len(lines)
    image = Image.new("L", (width, height), 255)
    for y, line in enumerate(lines):
        for x, char in enumerate(line):
            top, bottom = TOP[char]
            if top:
                image.putpixel((x, 2 * y), 0)
            if bottom:
                image.putpixel((x, 2 * y + 1), 0)
    return image.resize((width * scale, height * scale), Image.Resampling.NEAREST)


@pytest.mark.parametrize("size", [(77, 60), (160, 48)])  # portrait, landscape
async def test_the_ticket_page_shows_a_code_a_phone_reads(hub: RunningHub,
                                                          size: tuple[int, int]) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER, size=size) as (_app, pilot):
        await touch(pilot, "#matter-A")
        screen = await ticket_screen(pilot)
        qr = screen.query_one(QRBlock)
        assert qr.display and screen.query_one("#qr-side").display
        region = qr.region
        assert region.width == qr.columns and region.right <= size[0]  # drawn whole
        lines = [str(line) for line in qr.lines]
        found = zxingcpp.read_barcodes(picture(lines))
        assert [code.text for code in found] == [screen.ticket.status_url]


async def test_no_half_code_on_a_small_screen(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER, size=(80, 24)) as (_app, pilot):
        await touch(pilot, "#matter-B")
        screen = await ticket_screen(pilot)
        assert not screen.query_one("#qr-side").display

"""The QR code on the ticket page, read back: the page's block characters drawn as pixels
(each cell one module wide, each half-cell one module high) and decoded by zxing-cpp."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image
from textual.geometry import Region
from textual.widgets import Static

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


def shown_lines(widget: Static) -> list[str]:
    """The lines `widget` puts on the screen, as wrapped and cut to its region."""
    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return [strip.text.strip() for strip in strips]


async def test_the_portrait_browser_page_shows_every_line_whole(hub: RunningHub) -> None:
    """Seen in Chromium at 1080x1920 (56x44 cells at the chosen 32 px): the countdown line was
    cut at the right edge, and the windows line broke inside 8号."""
    async with kiosk(hub, printer=WITHOUT_PRINTER, size=(56, 44)) as (_app, pilot):
        await touch(pilot, "#matter-A")
        screen = await ticket_screen(pilot)
        await pilot.pause()
        assert screen.query_one("#qr-side").display
        for widget in screen.query(Static):
            if not widget.display or not widget.region.area or widget.id == "qr":
                continue
            text = "".join(str(widget.render()).split())
            assert "".join("".join(shown_lines(widget)).split()) == text, widget
        where = shown_lines(screen.query_one("#where", Static))
        assert any(line.startswith(screen.ticket.windows_line) for line in where), where

"""一件事一次办 at the kiosk against a real hub on 127.0.0.1: its own path on the home page, one
touch one ticket for every step, the ticket page with the steps and the materials for all of
them, the printed receipt (on a network printer on a socket), and the path while the hub is
away."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, Static

from bianmin.printing.render import receipt_bytes
from kiosk import texts
from kiosk.receipt import ticket_receipt
from kiosk.screens.bundles import BundleScreen
from kiosk.screens.home import HomeScreen
from kiosk.widgets.bundle_list import BundleButton
from tests.fakeprinter import FakePrinter
from tests.hubfixture import RunningHub, running_hub
from tests.kiosk.kioskfixture import WITHOUT_PRINTER, kiosk, text_of, ticket_screen, touch
from tests.kiosk.officekit import tap
from tests.waiting import shown, until

BUNDLES = ("newborn", "restaurant", "bereavement", "veteran")


async def open_bundles(pilot: Pilot[None]) -> BundleScreen:
    app = pilot.app
    await tap(pilot, "#path-bundle")
    await until(pilot, lambda: shown(app, BundleScreen), what="一件事一次办")
    assert isinstance(app.screen, BundleScreen)
    return app.screen


async def test_one_touch_issues_one_ticket_for_the_whole_and_prints_its_steps(
        hub: RunningHub) -> None:
    async with FakePrinter() as printer, kiosk(hub, printer=printer.settings) as (app, pilot):
        path = app.screen.query_one("#path-bundle", Button)
        assert path.display and texts.BUNDLE_SHORT_LABEL in str(path.label)
        page = await open_bundles(pilot)
        buttons = list(page.query(BundleButton))
        assert [b.bundle.id for b in buttons] == list(BUNDLES)
        newborn = app.mirror.bundles["newborn"]
        label = str(buttons[0].label)
        assert newborn.name in label and newborn.summary in label  # its line underneath

        await tap(pilot, "#bundle-newborn")
        screen = await ticket_screen(pilot)
        tickets = list(hub.hub.hall.tickets.values())
        assert len(tickets) == 1 and tickets[0].id == screen.ticket.id
        assert screen.ticket.number == "A001"  # the first step's queue
        assert "新生儿出生一件事" in text_of(app, "#matter")
        steps = text_of(app, "#steps").splitlines()
        assert steps == ["共3步，同一个号码依次办理：", "第一步　户籍办理", "以下可不分先后：",
                         "第二步　卫生健康", "第三步　社保医保"]  # 80x24: without windows
        assert "第一步请到：1号、8号窗口" in text_of(app, "#where")
        shown_materials = text_of(app, ".materials-list")
        assert text_of(app, ".materials-title").startswith(texts.BUNDLE_MATERIALS)
        for item in newborn.materials:  # every step's, listed once
            assert f"□ {item}" in shown_materials, item
        assert shown_materials.count("□ 居民身份证") == 1

        await until(pilot, lambda: screen.print_state == "printed", what="the print")
        assert printer.jobs == [receipt_bytes(ticket_receipt(screen.ticket, 48), 48)]
        printed = printer.jobs[0].decode("gb18030", errors="replace")
        for line in ("新生儿出生一件事", "第一步　户籍办理　1号、8号窗口", "以下可不分先后：",
                     "第二步　卫生健康　3号窗口", "第三步　社保医保　2号、3号、8号窗口",
                     texts.BUNDLE_MATERIALS, "第一步请到：1号、8号窗口"):
            assert line in printed, line
        for item in newborn.materials:
            assert f"□ {item}" in printed, item
        assert f"/t/{screen.ticket.id}" in printed  # the QR code's address, as usual
        await pilot.pause(1.1)
        await touch(pilot, "#countdown")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
    assert len(hub.hub.hall.tickets) == 1


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_back_and_idle_leave_the_page_without_a_ticket(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER, idle_seconds=0.5) as (app, pilot):
        await open_bundles(pilot)
        await until(pilot, lambda: shown(app, HomeScreen), what="home by itself")
        await open_bundles(pilot)
        await tap(pilot, "#back")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
    assert hub.hub.hall.tickets == {}


async def test_the_path_is_not_offered_without_bundles(tmp_path: Path) -> None:
    def without_bundles(text: str) -> str:
        head, rest = text.split("[[bundles]]", 1)
        return head + rest[rest.index("# ---- Staff"):]

    async with running_hub(tmp_path, edit=without_bundles) as hub, \
            kiosk(hub, printer=WITHOUT_PRINTER) as (app, pilot):
        await pilot.pause()
        assert not app.screen.query_one("#path-bundle").display
        assert app.screen.query_one("#path-priority").region.width > 60  # the whole row


async def test_the_path_while_the_hub_is_away(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER) as (app, pilot):
        page = await open_bundles(pilot)
        await hub.stop()
        await until(pilot, lambda: not app.online, what="the kiosk to notice")
        await pilot.pause()
        assert page.has_class("offline") and texts.CONNECTING in text_of(app, "#banner")
        assert all(b.is_disabled for b in page.query(BundleButton))  # and greyed
        await pilot.click("#bundle-veteran")  # a touch on a greyed button does nothing
        await pilot.pause(0.2)
        assert app.screen is page and not app.busy
        await tap(pilot, "#back")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
        assert app.screen.query_one("#path-bundle", Button).is_disabled
        await hub.start()
        await until(pilot, lambda: app.online, what="the hub back")
        await pilot.pause()
        assert not app.screen.query_one("#path-bundle", Button).is_disabled
        await open_bundles(pilot)
        await tap(pilot, "#bundle-veteran")
        screen = await ticket_screen(pilot)
        assert screen.ticket.number.startswith("H") and app.is_running
    assert len(hub.hub.hall.tickets) == 1


BORDER = str.maketrans("", "", "╭╮╰╯─│")


def shown_lines(widget: Static) -> list[str]:
    """The lines `widget` puts on the screen, as wrapped and cut to its region, without its
    border."""
    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return [strip.text.translate(BORDER).strip() for strip in strips]


@pytest.mark.parametrize("size", [(56, 44), (80, 24)])  # 1080x1920 at 32 px; a terminal
async def test_every_bundles_page_fits_whole(hub: RunningHub, size: tuple[int, int]) -> None:
    """The bundle list and each bundle's ticket page, at the portrait browser's 56x44 cells
    and a terminal's 80x24: nothing scrolls, nothing is cut at an edge, every line whole."""
    width, height = size
    async with kiosk(hub, printer=WITHOUT_PRINTER, size=size) as (app, pilot):
        for bundle in BUNDLES:
            page = await open_bundles(pilot)
            await pilot.pause()
            assert page.query_one("#bundles").max_scroll_y == 0, bundle
            for button in page.query(BundleButton):
                region = button.region
                assert region.bottom <= height - 4 and region.right <= width, button
                assert button.bundle.summary in str(button.label)
            await tap(pilot, f"#bundle-{bundle}")
            screen = await ticket_screen(pilot)
            await pilot.pause()
            assert screen.max_scroll_y == 0 and screen.virtual_size.height <= height, bundle
            for widget in screen.query(Static):
                if not widget.display or not widget.region.area or widget.id == "qr":
                    continue
                assert widget.region.right <= width and widget.region.bottom <= height, widget
                text = "".join(str(widget.render()).split())
                assert "".join("".join(shown_lines(widget)).split()) == text, widget
            steps = text_of(app, "#steps")
            assert all(f"第{n}步" in steps for n in "一二三"[:len(screen.ticket.steps)])
            for item in screen.ticket.materials:
                assert f"□ {item}" in text_of(app, ".materials-list"), item
            await pilot.pause(1.1)
            await touch(pilot, "#countdown")
            await until(pilot, lambda: shown(app, HomeScreen), what="home")

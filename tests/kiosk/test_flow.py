"""The whole kiosk flow against a real hub on 127.0.0.1 and a network printer on a socket."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Button

from bianmin.client import new_request_id
from bianmin.printing.render import CHINESE_ON, receipt_bytes
from kiosk import texts
from kiosk.receipt import ticket_receipt
from kiosk.screens import printed
from kiosk.screens.home import HomeScreen
from kiosk.screens.priority import PriorityScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.widgets.matter_grid import MatterButton
from tests.fakeprinter import FakePrinter
from tests.hubfixture import KIOSK, Clock, RunningHub, running_hub
from tests.kiosk.kioskfixture import (
    WITHOUT_PRINTER,
    kiosk,
    screens_seen,
    text_of,
    ticket_screen,
    touch,
)
from tests.waiting import shown, until


async def test_one_touch_shows_prints_and_the_hub_has_it(hub: RunningHub) -> None:
    async with FakePrinter() as printer, kiosk(hub, printer=printer.settings) as (app, pilot):
        assert isinstance(app.screen, HomeScreen)
        assert texts.GREETING in text_of(app, "#greeting")
        button = app.screen.query_one("#matter-A", MatterButton)
        assert "户籍办理" in str(button.label) and "等候 0 人" in str(button.label)

        await touch(pilot, "#matter-A")
        screen = await ticket_screen(pilot)
        assert screen.ticket.number == "A001"
        assert "户籍办理" in text_of(app, "#matter")
        assert "居民身份证" in text_of(app, ".materials-list")
        assert "1号、8号窗口" in text_of(app, "#where")

        stored = hub.hub.hall.tickets[screen.ticket.id]
        assert stored.number == "A001" and stored.device == "kiosk-1"

        await until(pilot, lambda: screen.print_state == "printed", what="the print")
        assert printer.jobs == [receipt_bytes(ticket_receipt(screen.ticket, 48), 48)]
        assert CHINESE_ON + "户籍办理".encode("gb18030") in printer.jobs[0]
        assert f"/t/{screen.ticket.id}".encode() in printer.jobs[0]
        assert texts.TAKE_TICKET in text_of(app, "#print-status")
        assert "kiosk-1" not in hub.hub.hall.printers  # no fault was ever reported

        await pilot.pause(1.1)
        await touch(pilot, "#countdown")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
        label = str(app.screen.query_one("#matter-A", MatterButton).label)
        assert "等候 1 人" in label  # the count follows the hub live
    assert len(hub.hub.hall.tickets) == 1


async def test_the_printer_comes_from_the_hubs_configuration(tmp_path: Path) -> None:
    async with FakePrinter() as printer:
        def edit(text: str) -> str:
            return text.replace(
                'printer = { kind = "none", columns = 48 }',
                f'printer = {{ kind = "network", host = "127.0.0.1", port = {printer.port}, '
                "columns = 32 }")

        async with running_hub(tmp_path, edit=edit) as hub, kiosk(hub) as (_app, pilot):
            await touch(pilot, "#matter-C")
            screen = await ticket_screen(pilot)
            await until(pilot, lambda: screen.print_state == "printed", what="the print")
            assert printer.jobs == [receipt_bytes(ticket_receipt(screen.ticket, 32), 32)]
            assert screen.ticket.status_url == f"{hub.url}/t/{screen.ticket.id}"


async def test_paper_out_shows_the_number_reports_and_reprints(hub: RunningHub) -> None:
    async with FakePrinter(paper="out") as printer, \
            kiosk(hub, printer=printer.settings) as (app, pilot):
        await until(pilot, lambda: app.printer.state == "paper-out", what="the status check")
        await until(pilot, lambda: app.screen.query_one("#printer-notice").display,
                    what="the notice on the home page")
        assert texts.PRINTER_DOWN_NOTICE in text_of(app, "#printer-notice")

        await touch(pilot, "#matter-B")
        screen = await ticket_screen(pilot)
        await until(pilot, lambda: screen.print_state == "fault", what="the fault")
        status = text_of(app, "#print-status")
        assert "打印纸已用完" in status and texts.WRITE_DOWN in status
        assert screen.query_one("#reprint", Button).display
        assert printer.jobs == []
        assert hub.hub.hall.printers["kiosk-1"].status == "paper-out"

        printer.paper = "ok"
        await touch(pilot, "#reprint")
        await until(pilot, lambda: screen.print_state == "printed", what="the reprint")
        assert printer.jobs == [receipt_bytes(ticket_receipt(screen.ticket, 48), 48)]
        await until(pilot, lambda: hub.hub.hall.printers["kiosk-1"].status == "ok",
                    what="the recovery report")


async def test_the_ticket_says_the_wait_the_hub_estimates(hub: RunningHub) -> None:
    clerk = await hub.clerk(1)  # window 1 opens: the hub can estimate 户籍办理's wait
    try:
        async with hub.client(KIOSK) as other_kiosk:
            for _ in range(3):
                await other_kiosk.issue_ticket("A", new_request_id())
        async with FakePrinter() as printer, kiosk(hub, printer=printer.settings) as (app, pilot):
            await touch(pilot, "#matter-A")
            screen = await ticket_screen(pilot)
            stored = hub.hub.hall.tickets[screen.ticket.id]
            minutes = hub.hub.hall.wait_for(stored, hub.clock())
            assert minutes is not None and minutes > 0
            line = f"预计等候约 {minutes} 分钟"
            assert f"您前面还有 3 人，{line}" in text_of(app, "#ahead")
            await until(pilot, lambda: screen.print_state == "printed", what="the print")
            assert line.encode("gb18030") in printer.jobs[0]
    finally:
        await clerk.close()


async def test_printer_switched_off_the_kiosk_keeps_issuing(hub: RunningHub) -> None:
    printer = FakePrinter()  # never started: connections are refused
    async with kiosk(hub, printer=printer.settings, ticket_seconds=1) as (app, pilot):
        for expected in ("D001", "D002"):
            await until(pilot, lambda: shown(app, HomeScreen), what="home")
            await touch(pilot, "#matter-D")
            screen = await ticket_screen(pilot)
            assert screen.ticket.number == expected
            await until(pilot, partial(faulted, screen), what="the fault")
            assert "打印机未连接或未开机" in text_of(app, "#print-status")
            hub.clock.advance(seconds=1)  # the page's time to write the number down is up
        assert hub.hub.hall.printers["kiosk-1"].status == "offline"


def faulted(screen: TicketScreen) -> bool:
    return screen.print_state == "fault"


async def test_hub_down_then_up(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER) as (app, pilot):
        await hub.stop()
        await until(pilot, lambda: not app.online, what="the kiosk to notice")
        assert texts.CONNECTING in text_of(app, "#banner")
        assert app.screen.query_one("#banner").display
        assert app.screen.query_one("#matter-A", Button).is_disabled
        await pilot.click("#matter-A")
        await pilot.pause(0.5)
        assert isinstance(app.screen, HomeScreen)  # nothing issued, nothing shown

        await hub.start()
        await until(pilot, lambda: app.online, what="reconnection")
        assert not app.screen.query_one("#banner").display
        await touch(pilot, "#matter-A")
        screen = await ticket_screen(pilot)
        assert screen.ticket.number == "A001"
        assert texts.NO_PRINTER in text_of(app, "#print-status")


async def test_double_tap_gives_one_ticket(hub: RunningHub,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # However slow this machine, the late tap below lands within the page's touch guard.
    monkeypatch.setattr(printed, "TOUCH_GUARD_SECONDS", 3600.0)
    async with kiosk(hub, printer=WITHOUT_PRINTER) as (app, pilot):
        region = app.screen.query_one("#matter-E").region
        spot = (region.x + region.width // 2, region.y + region.height // 2)
        await pilot.click(offset=spot)
        await pilot.click(offset=spot)  # at once: the button ignores it
        screen = await ticket_screen(pilot)
        await pilot.pause(0.25)
        await pilot.click(offset=spot)  # a late second tap lands on the ticket page
        await pilot.pause(0.3)
        assert app.screen is screen  # and is ignored there too
        assert [t.number for t in hub.hub.hall.tickets.values()] == ["E001"]


async def test_ticket_page_goes_home_by_itself(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER, ticket_seconds=20) as (app, pilot):
        await touch(pilot, "#matter-F")
        screen = await ticket_screen(pilot)
        assert "20 秒后自动返回" in text_of(app, "#countdown")
        hub.clock.advance(seconds=19)
        await until(pilot, lambda: "1 秒后自动返回" in text_of(app, "#countdown"),
                    what="the countdown")
        assert app.screen is screen
        hub.clock.advance(seconds=1)
        await until(pilot, lambda: shown(app, HomeScreen), what="the return home")
        assert screen not in app.screen_stack


async def test_priority_path(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER) as (app, pilot):
        await touch(pilot, "#path-priority")
        await until(pilot, lambda: shown(app, PriorityScreen), what="priority")
        await touch(pilot, "#matter-H")
        screen = await ticket_screen(pilot)
        assert screen.ticket.priority and "（优先）" in text_of(app, "#matter")
        assert hub.hub.hall.tickets[screen.ticket.id].priority.value == "priority"


async def test_priority_page_goes_home_when_left_alone(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER, idle_seconds=0.5) as (app, pilot):
        seen = screens_seen(app)
        await touch(pilot, "#path-priority")
        await until(pilot, lambda: any(isinstance(s, PriorityScreen) for s in seen)
                    and isinstance(app.screen, HomeScreen), what="priority, then home")
        assert hub.hub.hall.tickets == {}


async def test_a_kiosk_the_hub_does_not_know_stays_closed(hub: RunningHub) -> None:
    async with kiosk(hub, token="not-a-real-token", online=False) as (app, pilot):
        await until(pilot, lambda: texts.BAD_TOKEN in text_of(app, "#banner"),
                    what="the staff line")
        assert not app.online
        assert texts.CONNECTING in text_of(app, "#banner")


async def test_a_printer_that_comes_back_is_reported_while_idle(hub: RunningHub) -> None:
    printer = FakePrinter()  # switched off when the kiosk starts
    # Once on, the printer stays on until the kiosk has closed: a change seen while the kiosk
    # closes would redraw a page being taken down.
    async with AsyncExitStack() as printer_on, \
            kiosk(hub, printer=printer.settings, printer_check_seconds=0.3) as (app, pilot):
        await until(pilot, lambda: "kiosk-1" in hub.hub.hall.printers, what="the fault")
        assert hub.hub.hall.printers["kiosk-1"].status == "offline"
        await until(pilot, lambda: app.screen.query_one("#printer-notice").display,
                    what="the notice")
        await printer_on.enter_async_context(printer)
        await until(pilot, lambda: hub.hub.hall.printers["kiosk-1"].status == "ok",
                    what="the recovery")
        await until(pilot, lambda: not app.screen.query_one("#printer-notice").display,
                    what="the notice to go")
        printer.paper = "low"
        await until(pilot, lambda: hub.hub.hall.printers["kiosk-1"].status == "paper-low",
                    what="the paper warning")
        assert not app.printer_down  # nearly out of paper still prints


async def test_the_header_shows_the_halls_time_not_this_machines(tmp_path: Path) -> None:
    """A kiosk box whose clock or zone is off still shows the hall's date and time."""
    hall_now = datetime(2026, 11, 28, 9, 41, tzinfo=ZoneInfo("Asia/Shanghai"))
    # This box keeps UTC, and runs 3 hours 7 minutes slow.
    box = Clock(hall_now.astimezone(UTC) - timedelta(hours=3, minutes=7))
    async with running_hub(tmp_path, clock=Clock(hall_now)) as hub, \
            kiosk(hub, local=box) as (app, pilot):
        assert app.hub_clock.now().utcoffset() == timedelta(hours=8)
        assert app.hub_clock.now() == hall_now
        await until(pilot, lambda: "09:41" in text_of(app, ".clock"), what="the hall's time")
        assert "2026年11月28日 星期六" in text_of(app, ".clock")


async def test_paths_look_disabled_while_the_hub_is_away(hub: RunningHub) -> None:
    """Disabled, a path button takes the matters' grey: it no longer looks touchable."""
    async with kiosk(hub, printer=WITHOUT_PRINTER) as (app, pilot):
        live = {b.id: b.styles.background for b in app.screen.query(".path")}
        await hub.stop()
        await until(pilot, lambda: not app.online, what="the kiosk to notice")
        await pilot.pause()
        grey = app.screen.query_one("#matter-A").styles.background
        for button in app.screen.query(".path"):
            assert button.disabled and button.styles.background == grey != live[button.id]
        await hub.start()
        await until(pilot, lambda: app.online, what="reconnection")


async def test_priority_comes_first_and_says_who_it_is_for(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER, size=(100, 40)) as (app, pilot):
        priority = app.screen.query_one("#path-priority")
        first_matter = app.screen.query_one("#matter-A")
        assert priority.region.y < first_matter.region.y  # above the matters
        assert priority.region.width > first_matter.region.width  # across the page
        assert "老年人" in str(priority.render())
        await pilot.pause()

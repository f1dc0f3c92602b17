"""The kiosk never closes on a touch: every page is left at every moment of its requests to a
slow hub (the proxy holds the hub's answer until the test lets it through), and an error in a
page sends the kiosk home instead of closing it.

A moment is counted in turns of the event loop: the page is left `k` turns after the touch
that sent its request, or after the hub's answer was let through, for a spread of `k` from
"at once" to "after the answer has been shown". Whatever the moment, the kiosk stays open,
shows its home page (or the ticket the touch was acknowledged with), and no page failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

from kiosk.app import KioskApp
from kiosk.screens.complaint import ComplaintScreen
from kiosk.screens.complaint_done import ComplaintDoneScreen
from kiosk.screens.home import HomeScreen
from tests.fakeprinter import FakePrinter
from tests.hubfixture import RunningHub
from tests.kiosk.kioskfixture import WITHOUT_PRINTER, kiosk, touch
from tests.kiosk.netproxy import Proxy
from tests.kiosk.officekit import book, choose, hall, open_check_in, press_keys, tap
from tests.waiting import shown, until

__all__ = ["hall"]  # the fixture

# Turns of the event loop between the two things a moment is made of.
TURNS = (0, 1, 2, 3, 5, 8, 13, 21, 34)
Leave = tuple[str, int]  # "before" (k turns after the touch), "held", "arriving" (k turns after)
MOMENTS: list[Leave] = ([("before", k) for k in TURNS] + [("held", 0)]
                        + [("arriving", k) for k in TURNS])
OPTIONS = b"GET /api/complaints/options"
TICKET = b"POST /api/tickets "
CHECK_IN = b"POST /api/appointments/check-in "
COMPLAINT = b"POST /api/complaints "
BACK = "#give-up, #home, #back, #countdown"  # whatever takes the resident back, on top


def post_touch(app: KioskApp, widget: Widget) -> None:
    """A finger down and up on `widget`, as the terminal delivers it, without waiting."""
    region = widget.region
    x, y = region.x + region.width // 2, region.y + region.height // 2
    for kind in (events.MouseDown, events.MouseUp):
        app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


async def turns(k: int) -> None:
    for _ in range(k):
        await asyncio.sleep(0)


def leave_now(app: KioskApp) -> None:
    """Touch whatever takes the resident back on the page on top, if it is laid out."""
    found = [w for w in app.screen.query(BACK) if w.region.area and w.display]
    if found:
        post_touch(app, found[0])


async def settle(pilot: Pilot[None], proxy: Proxy, app: KioskApp) -> None:
    """Let the held answer through and wait until the kiosk is home again, leaving any page
    the answer opened (a ticket acknowledged is shown even to a resident who left) or the
    touch that left landed on (a page gone a moment before the touch)."""
    proxy.release()
    await until(pilot, lambda: proxy.answers_held == 0, what="the answer let through")

    def home() -> bool:
        if shown(app, HomeScreen) and not app.busy:
            return True
        if not (app.busy or isinstance(app.screen, HomeScreen)) and app.screen.is_mounted:
            app.screen.dismiss()
        return False

    await until(pilot, home, what="home again")
    await pilot.pause()
    assert app.recovered == [], "a page failed"
    assert app.return_code is None and app.is_running


async def leave_at(pilot: Pilot[None], proxy: Proxy, moment: Leave,
                   send: Callable[[], Awaitable[None]]) -> None:
    """Hold the hub's answer, `send` the page's request, and leave the page at `moment`."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    when, k = moment
    asked = proxy.ticket_requests
    proxy.hold()
    await send()
    if when == "before":
        await turns(k)
        leave_now(app)
    else:
        await until(pilot, lambda: proxy.ticket_requests > asked and proxy.answers_held == 1,
                    what="the hub's answer, held")
        if when == "arriving":
            proxy.release()
            await turns(k)
        leave_now(app)
    await settle(pilot, proxy, app)


async def test_leaving_the_complaint_page_while_its_choices_load(hall: RunningHub) -> None:
    """The double tap of the issue: 投诉建议, and 返回首页 before its choices came."""
    async with Proxy(hall.port, watch=OPTIONS) as proxy, \
            kiosk(hall, url=proxy.url, printer=WITHOUT_PRINTER) as (app, pilot):
        for moment in MOMENTS:
            async def open_page() -> None:
                # A Button ignores a second click within 0.2 s of the last: on a fast
                # machine the previous moment's round trip is shorter than that.
                await pilot.pause(0.25)
                await touch(pilot, "#path-complaint")
                await until(pilot, lambda: isinstance(app.screen, ComplaintScreen),
                            what="the complaint page")

            app.complaint_options = None  # a first visit: nothing to show meanwhile
            await leave_at(pilot, proxy, moment, open_page)
        assert len(hall.hub.hall.office.complaints) == 0


async def test_leaving_while_a_ticket_is_issued(hall: RunningHub) -> None:
    async with Proxy(hall.port, watch=TICKET) as proxy, \
            kiosk(hall, url=proxy.url, printer=WITHOUT_PRINTER) as (app, pilot):
        for i, moment in enumerate(MOMENTS):
            async def issue(priority: bool = i % 2 == 1) -> None:
                if priority:
                    await tap(pilot, "#path-priority")
                    await until(pilot, lambda: app.screen.query("#back"), what="优先通道")
                await tap(pilot, "#matter-A")

            asked = proxy.ticket_requests
            await leave_at(pilot, proxy, moment, issue)
            assert proxy.ticket_requests == asked + 1
        # One touch, one ticket, whenever the resident left.
        assert len(hall.hub.hall.tickets) == len(MOMENTS)


async def test_leaving_while_a_bundle_ticket_is_issued(hall: RunningHub) -> None:
    """一件事一次办: the bundle's page is left at every moment of its ticket's request."""
    async with Proxy(hall.port, watch=TICKET) as proxy, \
            kiosk(hall, url=proxy.url, printer=WITHOUT_PRINTER) as (app, pilot):
        for moment in MOMENTS:
            async def issue() -> None:
                await tap(pilot, "#path-bundle")
                await until(pilot, lambda: app.screen.query("#bundle-restaurant"),
                            what="一件事一次办")
                await tap(pilot, "#bundle-restaurant")

            asked = proxy.ticket_requests
            await leave_at(pilot, proxy, moment, issue)
            assert proxy.ticket_requests == asked + 1
        # One touch, one ticket for the whole, whenever the resident left.
        tickets = list(hall.hub.hall.tickets.values())
        assert len(tickets) == len(MOMENTS) and {t.bundle for t in tickets} == {"restaurant"}


async def test_leaving_while_checking_in(hall: RunningHub) -> None:
    moments = MOMENTS[::2]
    codes = [(await book(hall, matter="ABCDEFGH"[i % 8], phone=f"1380000{i:04d}",
                         slot=("09:00-10:00", "10:00-11:00")[i // 8])).code
             for i in range(len(moments))]
    async with Proxy(hall.port, watch=CHECK_IN) as proxy, \
            kiosk(hall, url=proxy.url, printer=WITHOUT_PRINTER) as (_app, pilot):
        for code, moment in zip(codes, moments, strict=True):
            async def confirm(code: str = code) -> None:
                await open_check_in(pilot)
                await press_keys(pilot, "code-keys", code)
                await tap(pilot, "#confirm")

            await leave_at(pilot, proxy, moment, confirm)
        assert len(hall.hub.hall.tickets) == len(moments)


async def test_leaving_while_a_complaint_is_lodged(hall: RunningHub) -> None:
    async with Proxy(hall.port, watch=COMPLAINT) as proxy, \
            kiosk(hall, url=proxy.url, printer=WITHOUT_PRINTER) as (app, pilot):
        for moment in MOMENTS[::2]:  # each fills the form afresh: every other moment
            async def submit() -> None:
                await tap(pilot, "#path-complaint")
                await until(pilot, lambda: shown(app, ComplaintScreen), what="投诉建议")
                await tap(pilot, "#windows #c-none")
                await tap(pilot, "#clerks #c-none")
                await choose(pilot, "reasons", "办事效率低")
                await tap(pilot, "#submit")

            await leave_at(pilot, proxy, moment, submit)
        assert len(hall.hub.hall.office.complaints) == len(MOMENTS[::2])


@pytest.mark.parametrize("mode", ["ok", "stall"])
async def test_leaving_while_the_slip_prints(hall: RunningHub, mode: str) -> None:
    """The complaint's page is left while its slip is on its way to the printer, which then
    prints it (or stalls and fails): the answer comes for a page that is gone."""
    async with FakePrinter(mode=mode) as printer, \
            kiosk(hall, printer=printer.settings) as (app, pilot):
        for k in TURNS[:6]:
            await tap(pilot, "#path-complaint")
            await until(pilot, lambda: shown(app, ComplaintScreen), what="投诉建议")
            await tap(pilot, "#windows #c-none")
            await tap(pilot, "#clerks #c-none")
            await choose(pilot, "reasons", "乱收费")
            await tap(pilot, "#submit")
            await until(pilot, lambda: shown(app, ComplaintDoneScreen), what="the number")
            page = app.screen
            assert isinstance(page, ComplaintDoneScreen)
            await turns(k)
            leave_now(app)
            await until(pilot, lambda: shown(app, HomeScreen), what="home")
            await until(pilot, lambda p=page: p.print_state != "printing",  # type: ignore[misc]
                        what="the print's end")
            await pilot.pause()
            assert app.recovered == [] and app.is_running


async def test_an_error_in_a_page_sends_the_kiosk_home(
        hall: RunningHub, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """A page's own error (here its choices cannot be shown) is logged and the kiosk goes
    home, open for the next resident; the error does not close it."""
    async def broken(self: ComplaintScreen, options: object) -> None:
        raise RuntimeError("a page's mistake")

    monkeypatch.setattr(ComplaintScreen, "show_options", broken)
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        await tap(pilot, "#path-complaint")
        await until(pilot, lambda: len(app.recovered) == 1, what="the error")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
        assert app.is_running and app.return_code is None
        assert "a page's mistake" in caplog.text
        await tap(pilot, "#matter-A")  # and the next resident is served
        await until(pilot, lambda: len(hall.hub.hall.tickets) == 1, what="a ticket")


async def test_an_error_in_a_pages_handler_sends_the_kiosk_home(
        hall: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """A handler's error stops the page's message loop for good: the page is left."""
    async def broken(self: ComplaintScreen, event: object) -> None:
        raise RuntimeError("a handler's mistake")

    monkeypatch.setattr(ComplaintScreen, "on_choices_chosen", broken)
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        await tap(pilot, "#path-complaint")
        await tap(pilot, "#windows #c-none")
        await until(pilot, lambda: len(app.recovered) == 1 and shown(app, HomeScreen),
                    what="home")
        await tap(pilot, "#matter-B")
        await until(pilot, lambda: len(hall.hub.hall.tickets) == 1, what="a ticket")
        assert app.is_running


async def test_an_error_in_the_home_page_closes_the_kiosk_with_an_error(
        hall: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """The home page cannot be left for another: the app ends with return code 1 (the CLI
    exits with it, for the service manager to start the kiosk again)."""
    async def broken(self: HomeScreen) -> None:
        raise RuntimeError("home is broken")

    with pytest.raises(RuntimeError, match="home is broken"):
        async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
            monkeypatch.setattr(HomeScreen, "refresh_hall", broken)
            app.refresh_pages()
            await until(pilot, lambda: app.return_code == 1, what="the kiosk to close")


"""A ticket request whose answer is lost, or that cannot reach the hub for a while."""

from __future__ import annotations

from kiosk import texts
from kiosk.screens.home import HomeScreen
from kiosk.screens.waiting import IssuingScreen, NoticeScreen
from tests.hubfixture import RunningHub
from tests.kiosk.kioskfixture import (
    WITHOUT_PRINTER,
    kiosk,
    text_of,
    ticket_screen,
    touch,
)
from tests.kiosk.netproxy import Proxy
from tests.waiting import shown, until


async def test_a_lost_answer_is_retried_with_the_same_request_id(hub: RunningHub) -> None:
    async with Proxy(hub.port) as proxy, kiosk(hub, url=proxy.url, printer=WITHOUT_PRINTER) as (
            _app, pilot):
        proxy.lose_answers = 1
        await touch(pilot, "#matter-A")
        screen = await ticket_screen(pilot)
        assert proxy.ticket_requests == 2  # the hub answered twice, the kiosk heard once
        tickets = list(hub.hub.hall.tickets.values())
        assert [t.number for t in tickets] == ["A001"]
        assert screen.ticket.id == tickets[0].id


async def test_requests_that_do_not_get_through_are_retried_until_they_do(
        hub: RunningHub) -> None:
    async with Proxy(hub.port) as proxy, kiosk(hub, url=proxy.url, printer=WITHOUT_PRINTER) as (
            app, pilot):
        proxy.cut_requests = 1000  # none gets through until the test lets them
        await touch(pilot, "#matter-B")
        await until(pilot, lambda: shown(app, IssuingScreen), what="请稍候")
        assert texts.ISSUING in text_of(app, ".dialog-title")
        await until(pilot, lambda: proxy.ticket_requests >= 3, what="three tries")
        cut, proxy.cut_requests = proxy.ticket_requests, 0
        screen = await ticket_screen(pilot)
        assert proxy.ticket_requests == cut + 1  # the next try got through
        assert [t.number for t in hub.hub.hall.tickets.values()] == ["B001"]
        assert screen.ticket.number == "B001"


async def test_giving_up_while_the_hub_is_away(hub: RunningHub) -> None:
    async with Proxy(hub.port) as proxy, kiosk(hub, url=proxy.url, printer=WITHOUT_PRINTER) as (
            app, pilot):
        proxy.cut_requests = 1000
        await touch(pilot, "#matter-C")
        await until(pilot, lambda: shown(app, IssuingScreen), what="请稍候")
        await until(pilot, lambda: texts.CONNECTING in text_of(app, "#connecting"),
                    what="the retry notice")
        await touch(pilot, "#give-up")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
        await pilot.pause(2.5)  # no ticket page pops up later
        assert isinstance(app.screen, HomeScreen)
        assert hub.hub.hall.tickets == {}


async def test_the_hub_stays_away_too_long(hub: RunningHub) -> None:
    async with Proxy(hub.port) as proxy, kiosk(hub, url=proxy.url, printer=WITHOUT_PRINTER,
                                               issue_patience=1.0) as (app, pilot):
        proxy.cut_requests = 1000
        await touch(pilot, "#matter-C")
        await until(pilot, lambda: shown(app, NoticeScreen), what="the apology")
        assert text_of(app, ".dialog-title") == texts.ISSUE_FAILED
        assert hub.hub.hall.tickets == {}

"""The kiosk across midnight, the hall's clock moved past 00:00 by the test: the header turns
to the new day, yesterday's queue is gone once the hub has closed the day, and the first
resident of the day gets 001 with nobody ahead."""

from __future__ import annotations

import pytest

from kiosk.app import KioskApp
from kiosk.screens.home import HomeScreen
from kiosk.widgets.matter_grid import MatterButton
from tests.hubfixture import RunningHub
from tests.kiosk.kioskfixture import WITHOUT_PRINTER, kiosk, text_of, ticket_screen, touch
from tests.waiting import shown, until


def waiting_label(app: KioskApp, matter: str) -> str:
    return str(app.screen.query_one(f"#matter-{matter}", MatterButton).label)


@pytest.mark.hall_clock("23:59:50")
async def test_the_first_resident_of_the_day_gets_001(hub: RunningHub) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER, ticket_seconds=2) as (app, pilot):
        day_before = hub.clock()
        yesterdays = []
        for number, ahead in (("A001", "下一位就是您"), ("A002", "您前面还有 1 人")):
            await touch(pilot, "#matter-A")
            screen = await ticket_screen(pilot)
            assert screen.ticket.number == number and ahead in text_of(app, "#ahead")
            yesterdays.append(screen.ticket.id)
            hub.clock.advance(seconds=2)  # the page's countdown runs out: home
            await until(pilot, lambda: shown(app, HomeScreen), what="home")
        await until(pilot, lambda: "等候 2 人" in waiting_label(app, "A"), what="two waiting")
        assert f"{day_before:%Y年%m月%d日}" in text_of(app, ".clock")

        hub.clock.advance(seconds=10)  # 00:00:04
        new_day = hub.clock()
        assert new_day.date() > day_before.date()
        await until(pilot, lambda: f"{new_day:%Y年%m月%d日}" in text_of(app, ".clock")
                    and "00:00" in text_of(app, ".clock"), what="the new day in the header")
        await hub.hub.tick()  # the hub's housekeeping (every 15 s) closes yesterday
        await until(pilot, lambda: "等候 0 人" in waiting_label(app, "A"),
                    what="yesterday's queue gone")

        await touch(pilot, "#matter-A")
        screen = await ticket_screen(pilot)
        assert screen.ticket.number == "A001" and "下一位就是您" in text_of(app, "#ahead")
        assert screen.ticket.issued_at == new_day
        assert [t.number for t in hub.hub.hall.tickets.values()] == ["A001"]
        for ticket_id in yesterdays:  # let go of by the hall, kept in the store
            ticket = await hub.hub.find_ticket(ticket_id)
            assert ticket is not None and ticket.state.value == "expired"

"""The office console flags the ticket the hub flags, by the hub's `due_at` and the hub's
clock, for the demo's 15-minute consultation matter J and a 15-minute immediate matter: on
its own once the time passes, with no new message from the hub."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bianmin.client import HubClient
from bianmin.wire.hall import HallOffice
from tests.counter.kit import issue
from tests.hubfixture import PIN, Clock, RunningHub, matter_limit, running_hub
from tests.office.test_office_pages import open_console

START = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WINDOW = 8  # serves J, A and B

CONSOLE = """(id) => ({
    flagged: office.overdueNow(office.tickets.get(id), Date.now() + office.skewMs),
    rows: [...document.querySelectorAll('#windows tbody tr.overdue')].map(r => r.textContent),
    list: [...document.querySelectorAll('#overdue li')].map(li => li.textContent),
})"""


async def hub_overdue(hub: RunningHub, ticket_id: str) -> bool:
    """The hub's answer now, in its staff view of the hall."""
    async with HubClient(hub.url) as office:
        await office.login("9001", PIN)
        hall = await office.hall(HallOffice)
    return next(t for t in hall.tickets if t.id == ticket_id).overdue


@pytest.mark.parametrize("matter", ["J", "A"])
async def test_the_console_flags_what_the_hub_flags(
    browser: Any, tmp_path: Path, matter: str
) -> None:
    clock = Clock(START)
    async with running_hub(tmp_path, clock=clock, edit=matter_limit("A", 15)) as hub:
        (ticket,) = await issue(hub, matter)
        async with await hub.clerk(WINDOW) as clerk:
            await clerk.call_next(WINDOW)
            await clerk.start(ticket.id)
        clock.now = START + timedelta(minutes=14, seconds=50)
        page = await open_console(browser, hub, fake_clock=True)
        await page.wait_for_function(
            "(id) => window.office.tickets.get(id)?.state === 'serving'", arg=ticket.id)
        shown = await page.evaluate(CONSOLE, ticket.id)
        assert not await hub_overdue(hub, ticket.id)
        assert (shown["flagged"], shown["rows"], shown["list"]) == (False, [], ["暂无"])

        clock.now = START + timedelta(minutes=15, seconds=10)
        assert await hub_overdue(hub, ticket.id)
        await page.clock.fast_forward("00:20")  # the console's clock too; the hub says nothing
        await page.wait_for_function(
            "document.querySelectorAll('#windows tbody tr.overdue').length === 1")
        shown = await page.evaluate(CONSOLE, ticket.id)
        assert shown["flagged"]
        assert [item for item in shown["list"] if ticket.number in item] == [
            f"{ticket.number} 在8号窗口已办理 15 分钟（{ticket.matter_name}）"]
        assert page.errors == []

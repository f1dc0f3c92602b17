"""Helpers for driving counter apps against a real hub with Pilot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from bianmin.client import HubClient, new_request_id
from bianmin.wire.tickets import TicketPublic
from counter.app import CounterApp
from counter.screens.desk import DeskScreen
from counter.screens.finish import FinishScreen
from counter.screens.signin import SignInScreen
from counter.screens.transfer import TransferScreen
from counter.widgets.message_bar import MessageBar
from counter.widgets.queue_panel import QueuePanel
from counter.widgets.ticket_panel import TicketPanel
from tests.hubfixture import KIOSK, PIN, RunningHub
from tests.waiting import shown, until

SIZE = (110, 34)
FAST = (0.05, 0.3)  # reconnect backoff for tests


async def sign_in(pilot: Pilot[Any], staff_no: str, pin: str = PIN) -> None:
    """Fill the sign-in form (typing it key by key costs a second) and press Enter."""
    screen = pilot.app.screen
    screen.query_one("#staff", Input).value = staff_no
    field = screen.query_one("#pin", Input)
    field.value = pin
    field.focus()
    await pilot.press("enter")


async def write(pilot: Pilot[Any], text: str) -> None:
    """Put `text` into the focused input, as typing would, and press Enter."""
    field = pilot.app.focused
    assert isinstance(field, Input), f"focus is on {field!r}, not an input"
    field.insert_text_at_cursor(text)
    await pilot.press("enter")


def told_the_day_ended(app: CounterApp) -> bool:
    """On the sign-in page, saying yesterday's sign-in has ended (whether the hub's sweep of
    sessions, the terminal's own next request or the day's closing of the window said it)."""
    screen = app.screen
    if not isinstance(screen, SignInScreen):
        return False
    content = screen.query_one("#signin-message", Static).content
    said = str(getattr(content, "plain", content))
    return any(words in said for words in ("当日结束时失效", "当日工作已结束"))


def desk(app: CounterApp) -> DeskScreen:
    assert app.desk is not None, "not signed in"
    return app.desk


async def signed_in(pilot: Pilot[Any], window: int) -> DeskScreen:
    app = pilot.app
    assert isinstance(app, CounterApp)
    await sign_in(pilot, f"{1000 + window}")
    await until(pilot, lambda: app.desk is not None and app.synced, what="sign-in and sync")
    return desk(app)


@asynccontextmanager
async def counter(
    hub: RunningHub, window: int, *, sign: bool = True, size: tuple[int, int] = SIZE,
    **options: Any
) -> AsyncIterator[tuple[CounterApp, Pilot[Any]]]:
    """A counter terminal at `window` following `hub`, signed in as its clerk unless told.
    The terminal's own clock is the hall's test clock unless `clock=` says otherwise: its
    timers stand still with the hub's and move when the test moves it."""
    options.setdefault("clock", hub.clock)
    options.setdefault("backoff", FAST)
    app = CounterApp(hub.url, window, **options)
    async with app.run_test(size=size) as pilot:
        if sign:
            await signed_in(pilot, window)
        yield app, pilot


async def issue(hub: RunningHub, *matters: str, priority: str = "normal") -> list[TicketPublic]:
    async with HubClient(hub.url, KIOSK) as kiosk:
        return [await kiosk.issue_ticket(m, new_request_id(), priority) for m in matters]


def message(app: CounterApp) -> str:
    return desk(app).query_one(MessageBar).text


def ticket_text(app: CounterApp) -> str:
    content = desk(app).query_one(TicketPanel).content
    return str(getattr(content, "plain", content))


def current_number(app: CounterApp) -> str | None:
    ticket = desk(app).current()
    return None if ticket is None else ticket.number


def table_rows(table: DataTable[Any]) -> list[list[str]]:
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]


def queue_text(app: CounterApp) -> str:
    content = desk(app).query_one(QueuePanel).content
    return str(getattr(content, "plain", content))


async def serve_next(app: CounterApp, pilot: Pilot[Any], number: str | None = None) -> None:
    """Call the next ticket (`number`, when given) and start serving it."""
    await pilot.press("c")
    if number is None:
        await until(pilot, lambda: current_number(app) is not None, what="called")
    else:
        await until(pilot, lambda: current_number(app) == number, what=f"{number} called")
    await pilot.press("s")
    await until(pilot, lambda: "办理中" in ticket_text(app), what=f"{number or 'it'} serving")


async def finish_form(
    app: CounterApp, pilot: Pilot[Any], number: str | None = None
) -> FinishScreen:
    """Call and serve the next ticket, then open the finish form."""
    await serve_next(app, pilot, number)
    await pilot.press("f")
    await until(pilot, lambda: shown(app, FinishScreen))
    screen = app.screen
    assert isinstance(screen, FinishScreen)
    return screen


async def transfer(app: CounterApp, pilot: Pilot[Any], option: str, reason: str) -> None:
    """Open the transfer dialog, pick the option whose text starts with `option`."""
    await pilot.press("t")
    await until(pilot, lambda: shown(app, TransferScreen))
    screen = app.screen
    assert isinstance(screen, TransferScreen)
    targets = screen.query_one("#target", OptionList)
    prompts = [str(targets.get_option_at_index(i).prompt) for i in range(targets.option_count)]
    index = next(i for i, p in enumerate(prompts) if p.startswith(option))
    await pilot.press(*["down"] * index, "enter")
    await write(pilot, reason)
    await until(pilot, lambda: not isinstance(app.screen, TransferScreen), what="transferred")


OUTCOMES = [
    "consultation",
    "immediate",
    "promised",
    "supplement",
    "returned",
    "petition",
    "escalated",
]


async def open_finish(app: CounterApp, pilot: Pilot[Any], outcome: str) -> FinishScreen:
    screen = await finish_form(app, pilot)
    await pilot.press("home", *["down"] * OUTCOMES.index(outcome), "enter")
    assert screen.outcome == outcome
    return screen

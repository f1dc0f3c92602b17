"""The kiosk app: follows the hub live, issues a ticket per touch, shows and prints it.

The hub connection, the hall mirror and the printer live here; each page is its own Screen.
Nothing is shown as issued unless the hub acknowledged it, and while the hub is away the
matter buttons are disabled under 系统连接中，请稍候.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import work
from textual.app import App
from textual.reactive import reactive

from bianmin.client import HubClient, HubError, HubUnavailable
from bianmin.mirror import HallMirror
from bianmin.printing.device import open_printer
from bianmin.printing.watch import PrinterWatch
from kiosk import texts
from kiosk.issuing import Issue, IssueAbandoned
from kiosk.receipt import ticket_receipt
from kiosk.screens.hall_screen import HallScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.waiting import IssuingScreen, NoticeScreen
from kiosk.ticket import IssuedTicket, issued_ticket
from kiosk.widgets.matter_grid import MatterGrid

log = logging.getLogger("bianmin.kiosk")

PENDING_AFTER = 0.4  # seconds before "正在为您取号，请稍候" covers a slow answer
PRINTER_CHECK_SECONDS = 30.0
DEVICE_RETRY_SECONDS = 2.0


class KioskApp(App[None]):
    CSS_PATH = "kiosk.tcss"
    TITLE = "便民服务 取号"
    ENABLE_COMMAND_PALETTE = False

    online: reactive[bool] = reactive(False)

    def __init__(self, client: HubClient, *, printer: dict[str, Any] | None = None,
                 clock: Callable[[], datetime] | None = None, ticket_seconds: float = 20.0,
                 idle_seconds: float = 60.0, issue_patience: float = 60.0,
                 printer_check_seconds: float = PRINTER_CHECK_SECONDS) -> None:
        """`printer`: printer settings that override the hub's for this kiosk (a table like
        the configuration's `printer = {...}`); None takes the hub's."""
        super().__init__()
        self.client = client
        self.printer_override = printer
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now().astimezone())
        self.ticket_seconds = ticket_seconds
        self.idle_seconds = idle_seconds
        self.issue_patience = issue_patience
        self.printer_check_seconds = printer_check_seconds
        self.mirror = HallMirror()
        self.device: dict[str, Any] | None = None
        self.printer = PrinterWatch(None, client)
        self.problem = ""  # a line for staff when the hub refuses this kiosk
        self.latencies: list[float] = []  # seconds from touch to ticket on screen
        self.shown_at = 0.0  # perf_counter() when the last ticket was on screen
        self._issue: Issue | None = None
        self._ticket_screen: TicketScreen | None = None

    # ----- what the pages read --------------------------------------------------------------

    @property
    def center(self) -> dict[str, Any]:
        center: dict[str, Any] = dict(self.mirror.center)
        if self.device is not None:
            center.update({k: v for k, v in self.device["center"].items() if v})
        return center

    @property
    def center_name(self) -> str:
        return str(self.center.get("name", ""))

    @property
    def english(self) -> bool:
        return bool(self.mirror.center.get("english"))

    @property
    def printer_down(self) -> bool:
        return self.printer.configured and self.printer.state != "ok"

    def matters(self) -> list[dict[str, Any]]:
        return list(self.mirror.matters.values())

    def waiting(self) -> dict[str, int]:
        return {prefix: self.mirror.waiting(prefix) for prefix in self.mirror.matters}

    def status_base(self) -> str:
        return str(self.center.get("public_url") or self.client.base_url)

    # ----- start and follow the hub ----------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.follow_hub()
        self.set_interval(self.printer_check_seconds, self.check_printer)

    async def on_unmount(self) -> None:
        await self.client.close()

    @work(exclusive=True, group="hub")
    async def follow_hub(self) -> None:
        feed = self.client.live()
        async for message in feed:
            if message["type"] == "connection":
                if not message["connected"]:
                    self.online = False
                    self.problem = texts.BAD_TOKEN if message.get("unauthorized") else ""
                    self.refresh_pages()
                continue
            kind = self.mirror.apply(message)
            if message["type"] in ("snapshot", "resume"):
                self.problem = ""
                if self.device is None:
                    await self.load_device()
                self.online = self.mirror.ready and self.device is not None
                if self._issue is not None:
                    self._issue.retry_now()
                await self.printer.report()
            if kind is not None:
                self.refresh_pages()

    async def load_device(self) -> None:
        """This kiosk's settings from the hub: its printer, the center's name and address."""
        try:
            self.device = await self.client.device()
        except HubUnavailable:
            self.set_timer(DEVICE_RETRY_SECONDS, self._retry_device)
            return
        except HubError as err:
            log.error("the hub refused this kiosk's settings: %s", err)
            self.problem = texts.BAD_TOKEN
            return
        settings = self.printer_override
        if settings is None:
            settings = self.device.get("printer") or {}
        problem = ""
        try:
            printer = open_printer(settings)
        except ValueError as err:
            log.error("printer settings %s: %s", settings, err)
            printer, problem = None, f"printer settings: {err}"
        self.printer = PrinterWatch(printer, self.client, problem=problem)
        log.info("kiosk %s ready; printer: %s", self.device.get("id"), printer or "none")
        self.check_printer()

    async def _retry_device(self) -> None:
        if self.device is None and self.mirror.ready:
            await self.load_device()
            self.online = self.device is not None
            self.refresh_pages()

    def refresh_pages(self) -> None:
        """Redraw the page on top if it shows the hall; a covered page catches up when it is
        shown again, so a ticket page is never slowed by the page beneath it."""
        screen = self.screen
        if isinstance(screen, HallScreen) and screen.is_mounted:
            self.call_later(screen.refresh_hall)

    @work(exclusive=True, group="printer-check")
    async def check_printer(self) -> None:
        before = self.printer_down
        await self.printer.check()
        if before != self.printer_down:
            self.refresh_pages()

    # ----- one touch, one ticket ---------------------------------------------------------------

    def on_matter_grid_chosen(self, event: MatterGrid.Chosen) -> None:
        touched_at = time.perf_counter()
        if self._issue is not None or not self.online:
            return  # one touch, one ticket: a second touch while the first is on its way
        self._issue = Issue(self.client, event.prefix,
                            "priority" if event.priority else "normal",
                            patience=self.issue_patience)
        self.issue_ticket(self._issue, touched_at)

    @work(group="issue")
    async def issue_ticket(self, issue: Issue, touched_at: float) -> None:
        try:
            ticket = await self._acknowledged(issue)
            if ticket is not None:
                await self._show_ticket(ticket, issue.matter, touched_at)
        finally:
            # Only now: a touch before the ticket page is up must not issue a second ticket.
            self._issue = None

    async def _acknowledged(self, issue: Issue) -> dict[str, Any] | None:
        """The hub's ticket; None (after saying so politely) when there is none."""
        waiting: IssuingScreen | None = None

        def show_waiting() -> None:
            nonlocal waiting
            waiting = IssuingScreen(self.english)
            self.push_screen(waiting, lambda _: issue.abandon())

        def retrying(attempt: int) -> None:
            if waiting is not None and waiting.is_mounted:
                waiting.show_retrying()

        timer = self.set_timer(PENDING_AFTER, show_waiting)
        try:
            ticket = await issue.run(retrying)
        except IssueAbandoned:
            log.warning("ticket request %s for %s given up after %d attempts",
                        issue.request_id, issue.matter, issue.attempts)
            resident_left = issue.abandoned  # read before closing the page abandons it
            self._close_waiting(waiting)
            if not resident_left:
                self._apologise()
            return None
        except HubError as err:
            log.error("the hub refused a ticket for %s: %s", issue.matter, err)
            self._close_waiting(waiting)
            self._apologise()
            return None
        finally:
            timer.stop()
        self._close_waiting(waiting)
        return ticket

    def _apologise(self) -> None:
        self.push_screen(NoticeScreen(texts.ISSUE_FAILED,
                                      texts.ISSUE_FAILED_EN if self.english else ""))

    async def _show_ticket(self, ticket: dict[str, Any], matter: str, touched_at: float
                           ) -> None:
        facts = issued_ticket(ticket, self.mirror.matters.get(matter, {}), self.center,
                              self.status_base())
        screen = self._ticket_screen
        seconds, printing = self.ticket_seconds, self.printer.configured
        if screen is None:
            # Installed, the page outlives being popped and is reused for the next ticket.
            screen = self._ticket_screen = TicketScreen(
                facts, seconds=seconds, touched_at=touched_at, printing=printing)
            self.install_screen(screen, "ticket")
        else:
            screen.present(facts, seconds=seconds, touched_at=touched_at, printing=printing)
        await self.push_screen(screen)
        if printing:
            self.print_ticket(facts, screen)

    def _close_waiting(self, waiting: IssuingScreen | None) -> None:
        if waiting is not None and waiting.is_current:
            waiting.dismiss()

    def ticket_shown(self, screen: TicketScreen) -> None:
        self.shown_at = time.perf_counter()
        latency = self.shown_at - screen.touched_at
        self.latencies.append(latency)
        log.info("ticket %s on screen %.0f ms after the touch", screen.ticket.number,
                 latency * 1000)

    @work(group="print")
    async def print_ticket(self, ticket: IssuedTicket, screen: TicketScreen) -> None:
        before = self.printer_down
        columns = self.printer.printer.columns if self.printer.printer else 48
        fault = await self.printer.print(ticket_receipt(ticket, columns))
        if screen.ticket is ticket:  # the page may show a later ticket by now
            screen.show_printing("fault" if fault else "printed", fault)
        if before != self.printer_down:
            self.refresh_pages()

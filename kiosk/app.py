"""The kiosk app: follows the hub live, issues a ticket per touch, shows and prints it.

The hub connection, the hall mirror and the printer live here; each page is its own Screen.
Nothing is shown as issued unless the hub acknowledged it, and while the hub is away the
matter buttons are disabled under 系统连接中，请稍候.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual._context import active_message_pump
from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerFailed, active_worker

from bianmin.client import Connection, HubClient, HubError, HubUnavailable, LiveFeed
from bianmin.domain.types import Priority
from bianmin.hubclock import HubClock
from bianmin.mirror import HallMirror
from bianmin.printing.device import PrinterFault, open_printer
from bianmin.printing.layout import Receipt
from bianmin.printing.watch import PrinterWatch
from bianmin.wire.bundles import BundleView
from bianmin.wire.devices import Device, PrinterSettings
from bianmin.wire.hall import MatterView
from bianmin.wire.live import PublicMessage, PublicSnapshot, Resume
from bianmin.wire.office import CheckedIn, ComplaintOptions, LodgedPublic
from bianmin.wire.tickets import TicketPublic
from kiosk import texts
from kiosk.attempt import Attempt, AttemptAbandoned
from kiosk.center import KioskCenter, kiosk_center
from kiosk.complaint import ComplaintForm, LodgedComplaint, lodged_complaint
from kiosk.receipt import ticket_receipt
from kiosk.screens.base import KioskScreen
from kiosk.screens.complaint_done import ComplaintDoneScreen
from kiosk.screens.hall_screen import HallScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.page import KioskPage
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.waiting import IssuingScreen, NoticeScreen
from kiosk.slip import complaint_slip
from kiosk.speech import Speaker, ticket_words
from kiosk.ticket import IssuedTicket, issued_ticket
from kiosk.widgets.bundle_list import BundleList
from kiosk.widgets.matter_grid import MatterGrid

if TYPE_CHECKING:
    from kiosk.screens.check_in import CheckInScreen
    from kiosk.screens.complaint import ComplaintScreen

log = logging.getLogger("bianmin.kiosk")
T = TypeVar("T")

PENDING_AFTER = 0.4  # seconds before "正在为您取号，请稍候" covers a slow answer
PRINTER_CHECK_SECONDS = 30.0
DEVICE_RETRY_SECONDS = 2.0
# More failed pages than this within the window: the fault is not in one page; exit non-zero
# for the service manager to start the kiosk afresh.
RECOVERIES, RECOVERY_WINDOW = 3, 60.0
FATAL_GROUPS = frozenset({"hub"})  # workers the kiosk cannot go on without


class KioskApp(App[None]):
    CSS_PATH = "kiosk.tcss"
    TITLE = "便民服务 取号"
    ENABLE_COMMAND_PALETTE = False
    AUTO_FOCUS = ""  # a touch screen: no page focuses anything by itself
    # A double or triple tap would paint Textual's text selection over the page's lines, as if
    # something had been chosen; nobody copies text from a kiosk.
    ALLOW_SELECT = False

    online: reactive[bool] = reactive(False)

    def __init__(self, client: HubClient, *, printer: PrinterSettings | None = None,
                 clock: Callable[[], datetime] | None = None, ticket_seconds: float = 20.0,
                 idle_seconds: float = 60.0, issue_patience: float = 60.0,
                 printer_check_seconds: float = PRINTER_CHECK_SECONDS,
                 speaker: Speaker | None = None) -> None:
        """`printer`: printer settings that override the hub's for this kiosk (as the
        configuration's `printer = {...}` gives them); None takes the hub's. `speaker` says
        each ticket's number aloud; None keeps the kiosk silent."""
        super().__init__()
        self.client = client
        self.printer_override = printer
        self.hub_clock = HubClock()
        self.clock: Callable[[], datetime] = clock or self.hub_clock.now
        self.ticket_seconds = ticket_seconds
        self.idle_seconds = idle_seconds
        self.issue_patience = issue_patience
        self.printer_check_seconds = printer_check_seconds
        self.speaker = speaker
        self._spoken_ticket = ""
        self.mirror: HallMirror[TicketPublic] = HallMirror()
        self.device: Device | None = None
        self.printer = PrinterWatch(None, client)
        self.problem = ""  # a line for staff when the hub refuses this kiosk
        self.tickets_shown = 0  # ticket pages shown so far
        self.shown_at = 0.0  # perf_counter() when the last ticket was on screen
        self.complaint_options: ComplaintOptions | None = None  # the last the hub gave
        self._attempt: Attempt[object] | None = None
        self._ticket_screen: TicketScreen | None = None
        self.recovered: list[float] = []  # monotonic times a failed page was left for home

    # ----- what the pages read --------------------------------------------------------------

    @property
    def center(self) -> KioskCenter:
        return kiosk_center(self.mirror.center,
                            self.device.center if self.device is not None else None)

    @property
    def center_name(self) -> str:
        return self.center.name

    @property
    def english(self) -> bool:
        return self.mirror.center.english

    @property
    def printer_down(self) -> bool:
        return self.printer.configured and self.printer.state != "ok"

    def matters(self) -> list[MatterView]:
        return list(self.mirror.matters.values())

    def bundles(self) -> list[BundleView]:
        """The 一件事 the hall offers, in the configuration's order."""
        return list(self.mirror.bundles.values())

    def waiting(self) -> dict[str, int]:
        return {prefix: self.mirror.waiting(prefix) for prefix in self.mirror.matters}

    def status_base(self) -> str:
        return self.center.public_url or self.client.base_url

    # ----- start and follow the hub ----------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.follow_hub()
        self.set_interval(self.printer_check_seconds, self.check_printer)

    async def on_unmount(self) -> None:
        await self.client.close()

    @work(exclusive=True, group="hub")
    async def follow_hub(self) -> None:
        feed: LiveFeed[PublicMessage] = self.client.live(PublicMessage)
        async for message in feed:
            if isinstance(message, Connection):
                if not message.connected:
                    self.online = False
                    self.problem = texts.BAD_TOKEN if message.unauthorized else ""
                    self.refresh_pages()
                continue
            kind = self.mirror.apply(message)
            self.hub_clock.heard(message)
            if isinstance(message, PublicSnapshot | Resume):
                self.problem = ""
                if self.device is None:
                    await self.load_device()
                self.online = self.mirror.ready and self.device is not None
                if self._attempt is not None:
                    self._attempt.retry_now()
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
            settings = self.device.printer
        problem = ""
        try:
            printer = open_printer(settings)
        except ValueError as err:
            log.error("printer settings %s: %s", settings, err)
            printer, problem = None, f"printer settings: {err}"
        self.printer = PrinterWatch(printer, self.client, problem=problem)
        log.info("kiosk %s ready; printer: %s", self.device.id, printer or "none")
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
            screen.call_later(screen.refresh_hall)  # the page's own work: see _failed_page

    @work(exclusive=True, group="printer-check")
    async def check_printer(self) -> None:
        before = self.printer_down
        await self.printer.check()
        if before != self.printer_down:
            self.refresh_pages()

    # ----- an error in a page ---------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Textual's end for an unhandled error is to close the app. Where the error is a
        page's (its handler, its widgets, its background work, or the work the app does for
        it), it is logged and the kiosk goes back to its home page, so one odd moment never
        closes the kiosk; otherwise (the app's own work, the home page itself, or pages that
        keep failing) the app closes with return code 1 and the CLI exits with it, for the
        service manager to restart the kiosk."""
        page = self._failed_page(error)
        if isinstance(page, KioskScreen) and page.gone:
            # Late work for a page the resident has left (it was being taken down): nothing
            # on screen depends on it.
            log.warning("error on %s after it was left, ignored: %r", page, error)
            self._forget(page)
            return
        now = time.monotonic()
        recent = [t for t in self.recovered if now - t < RECOVERY_WINDOW]
        if page is None or isinstance(page, HomeScreen) or len(recent) >= RECOVERIES \
                or not self.is_running:
            log.critical("unhandled error: the kiosk closes", exc_info=error)
            super()._handle_exception(error)
            return
        log.error("unhandled error on %s: back to the home page", page, exc_info=error)
        self.recovered = [*recent, now]
        self.call_later(self._recover, page)

    def _failed_page(self, error: Exception) -> Screen[object] | None:
        """The page an error belongs to (the current one for the app's work on a page's
        behalf); None when it is the app's own (its message loop, following the hub)."""
        if isinstance(error, WorkerFailed):
            worker = active_worker.get(None)
            node = worker.node if worker is not None else None
            if node is self and worker is not None and worker.group not in FATAL_GROUPS:
                return self.screen
            return self._screen_of(node)
        return self._screen_of(active_message_pump.get(None))

    def _screen_of(self, node: object) -> Screen[object] | None:
        if isinstance(node, Screen):
            return node
        if isinstance(node, Widget):
            for ancestor in node.ancestors:
                if isinstance(ancestor, Screen):
                    return ancestor
        return None

    async def _recover(self, failed: Screen[object]) -> None:
        """Leave every page above home."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            await self.pop_screen()
        self._forget(failed)

    def _forget(self, failed: Screen[Any]) -> None:
        """A failed ticket page is not reused: the next ticket builds a new one."""
        if failed is self._ticket_screen and failed not in self.screen_stack:
            self._ticket_screen = None
            self.uninstall_screen("ticket")

    # ----- one touch, one request ---------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A request is on its way to the hub: another touch must not send a second one."""
        return self._attempt is not None

    @property
    def can_send(self) -> bool:
        """The hub is there and nothing is on its way to it: a touch may send a request."""
        return self.online and not self.busy

    def _begin(self, send: Callable[[str], Awaitable[T]], what: str) -> Attempt[T]:
        attempt = Attempt(send, what, patience=self.issue_patience)
        self._attempt = attempt
        return attempt

    def on_matter_grid_chosen(self, event: MatterGrid.Chosen) -> None:
        touched_at = time.perf_counter()
        if not self.can_send:
            return  # one touch, one ticket: a second touch while the first is on its way
        matter = event.prefix
        priority = Priority.PRIORITY if event.priority else Priority.NORMAL
        attempt = self._begin(
            lambda request_id: self.client.issue_ticket(matter, request_id, priority),
            f"a ticket for {matter}")
        self.issue_ticket(attempt, touched_at)

    def on_bundle_list_chosen(self, event: BundleList.Chosen) -> None:
        """一件事一次办: one touch, one ticket for every step of the bundle."""
        touched_at = time.perf_counter()
        if not self.can_send:
            return
        bundle = event.bundle
        attempt = self._begin(
            lambda request_id: self.client.issue_bundle(bundle, request_id),
            f"a ticket for the bundle {bundle}")
        self.issue_ticket(attempt, touched_at)

    @work(group="issue")
    async def issue_ticket(self, attempt: Attempt[TicketPublic], touched_at: float) -> None:
        try:
            try:
                ticket = await self._acknowledged(attempt, texts.ISSUE_WORDING)
            except HubError as err:
                log.error("the hub refused %s: %s", attempt.what, err)
                self._apologise(texts.ISSUE_WORDING)
                return
            if ticket is not None:
                await self._show_ticket(ticket, touched_at)
        finally:
            # Only now: a touch before the ticket page is up must not issue a second ticket.
            self._attempt = None

    def check_in(self, page: CheckInScreen, *, code: str = "", phone_tail: str = "",
                 surname: str = "") -> None:
        """预约签到 from `page`: a ticket of appointment class, shown and printed like any
        other; a refusal is shown over the page in the hub's own words."""
        touched_at = time.perf_counter()
        if not self.can_send:
            return
        attempt = self._begin(
            lambda request_id: self.client.check_in(request_id, code=code,
                                                    phone_tail=phone_tail, surname=surname),
            "a check-in")
        self._check_in(attempt, page, touched_at)

    @work(group="issue")
    async def _check_in(self, attempt: Attempt[CheckedIn], page: CheckInScreen,
                        touched_at: float) -> None:
        try:
            try:
                ticket = await self._acknowledged(attempt, texts.CHECK_IN_WORDING)
            except HubError as err:
                log.info("check-in refused: %s", err)
                self._refused(page, err.message)
                return
            if ticket is not None:
                if page.on_top:
                    page.dismiss()  # back from the ticket page is the home page
                await self._show_ticket(ticket, touched_at)
        finally:
            self._attempt = None

    def lodge_complaint(self, page: ComplaintScreen, form: ComplaintForm) -> None:
        """投诉建议 from `page`: its number at once on a page of its own, and a printed slip.
        A complaint whose answer was lost is sent again with the same request id, so it is
        lodged once."""
        if not self.can_send:
            return
        attempt = self._begin(
            lambda request_id: self.client.lodge_complaint(
                form.reason, window=form.window, clerk=form.clerk, phone=form.phone,
                request_id=request_id),
            "a complaint")
        self._lodge(attempt, page)

    @work(group="issue")
    async def _lodge(self, attempt: Attempt[LodgedPublic], page: ComplaintScreen) -> None:
        try:
            try:
                view = await self._acknowledged(attempt, texts.COMPLAINT_WORDING)
            except HubError as err:
                log.info("complaint refused: %s", err)
                self._refused(page, err.message)
                return
            if view is None:
                return
            log.info("complaint %s lodged", view.number)
            center = self.center
            options = self.complaint_options
            phone = (options.phone if options is not None else "") or center.complaint_phone
            if page.on_top:
                page.dismiss()
            complaint = lodged_complaint(view, phone, center)
            printing = self.printer.configured
            screen = ComplaintDoneScreen(complaint, seconds=max(self.ticket_seconds, 30.0),
                                         printing=printing)
            await self.push_screen(screen)
            if printing:
                self.print_slip(complaint, screen)
        finally:
            self._attempt = None

    def _refused(self, page: KioskPage, message: str) -> None:
        if page.is_current:
            page.refused(message)
        else:  # the resident went home meanwhile
            self.push_screen(NoticeScreen(message))

    async def _acknowledged(self, attempt: Attempt[T], wording: texts.Wording) -> T | None:
        """The hub's answer; None (after saying so politely) when there is none. Raises
        `HubError` when the hub refused."""
        waiting: IssuingScreen | None = None

        def show_waiting() -> None:
            nonlocal waiting
            waiting = IssuingScreen(self.english, wording)
            self.push_screen(waiting, lambda _: attempt.abandon())

        def retrying(count: int) -> None:
            if waiting is not None and waiting.is_mounted:
                waiting.show_retrying()

        timer = self.set_timer(PENDING_AFTER, show_waiting)
        try:
            answer = await attempt.run(retrying)
        except AttemptAbandoned as err:
            log.warning("request %s for %s given up after %d attempts: %r",
                        attempt.request_id, attempt.what, attempt.attempts, err)
            resident_left = attempt.abandoned  # read before closing the page abandons it
            self._close_waiting(waiting)
            if not resident_left:
                self._apologise(wording)
            return None
        except HubError:
            self._close_waiting(waiting)
            raise
        finally:
            timer.stop()
        self._close_waiting(waiting)
        return answer

    def _apologise(self, wording: texts.Wording) -> None:
        self.push_screen(NoticeScreen(wording.failed, wording.failed_en if self.english else ""))

    async def _show_ticket(self, ticket: TicketPublic, touched_at: float) -> None:
        bundle = self.mirror.bundles.get(ticket.bundle.bundle) if ticket.bundle else None
        facts = issued_ticket(ticket, self.mirror.matters.get(ticket.matter), self.center,
                              self.status_base(), bundle=bundle, matters=self.mirror.matters)
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
        self.tickets_shown += 1
        log.info("ticket %s on screen %.0f ms after the touch", screen.ticket.number,
                 (self.shown_at - screen.touched_at) * 1000)
        if self.speaker is not None and screen.ticket.id != self._spoken_ticket:
            # Once a ticket: the page resumes again when a dialog over it closes.
            self._spoken_ticket = screen.ticket.id
            self.speak(ticket_words(screen.ticket.number, screen.ticket.ahead,
                                    bundle=screen.ticket.bundle))

    @work(group="speech", exclusive=True)  # a new ticket cuts the last one's words off
    async def speak(self, words: str) -> None:
        if self.speaker is not None:
            await self.speaker.say(words)

    # ----- printing --------------------------------------------------------------------------

    @work(group="print")
    async def print_ticket(self, ticket: IssuedTicket, screen: TicketScreen) -> None:
        fault = await self._print_receipt(lambda columns: ticket_receipt(ticket, columns))
        if screen.ticket is ticket:  # the page may show a later ticket by now
            screen.show_printing("fault" if fault else "printed", fault)

    @work(group="print")
    async def print_slip(self, complaint: LodgedComplaint, screen: ComplaintDoneScreen
                         ) -> None:
        fault = await self._print_receipt(lambda columns: complaint_slip(complaint, columns))
        screen.show_printing("fault" if fault else "printed", fault)

    async def _print_receipt(self, receipt: Callable[[int], Receipt]) -> PrinterFault | None:
        """Print the receipt laid out for this printer's paper; the fault, if any, is
        recorded and reported to the hub."""
        before = self.printer_down
        columns = self.printer.printer.columns if self.printer.printer else 48
        fault = await self.printer.print(receipt(columns))
        if before != self.printer_down:
            self.refresh_pages()
        return fault

"""The counter app: sign in, then one desk screen kept live from the hub.

The app owns the hub client, the hall mirror and the live feed. It follows the feed in one
worker for as long as a clerk is signed in, folds every message into the mirror and tells the
desk screen; when the feed says the session ended elsewhere, it goes back to sign-in. While
the link is down it asks the hub who it is every `PROBE_SECONDS`: the first answer wakes the
feed from its backoff, so the desk is back within a second of the hub.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Callable
from datetime import datetime
from typing import ClassVar, cast

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from bianmin.client import Connection, HubClient, HubError, LiveFeed
from bianmin.hubclock import HubClock
from bianmin.mirror import HallMirror
from bianmin.wire.devices import SignedIn
from bianmin.wire.live import ClerkMessage, ClerkSnapshot, Pong, Resume
from bianmin.wire.tickets import TicketStaff
from counter.commands import Commands
from counter.messages import ConnectionChanged, HallChanged
from counter.printer import WindowPrinter
from counter.screens.desk import DeskScreen
from counter.screens.signin import SignInScreen
from counter.session import Session, ended_by

Clock = Callable[[], datetime]
PROBE_SECONDS = 0.5


def local_now() -> datetime:
    return datetime.now().astimezone()


class CounterApp(App[None]):
    CSS_PATH = "counter.tcss"
    TITLE = "便民服务中心 · 窗口终端"
    ENABLE_COMMAND_PALETTE = False  # every action is on a key shown at the bottom
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "关闭终端", show=False, priority=True),
    ]

    def __init__(
        self,
        hub_url: str,
        window: int,
        *,
        staff_no: str = "",
        clock: Clock | None = None,
        backoff: tuple[float, float] = (0.3, 5.0),
    ) -> None:
        super().__init__()
        self.hub_url = hub_url
        self.window = window
        self.staff_no = staff_no
        self.clock: Clock = clock or local_now
        self.backoff = backoff
        self.client = HubClient(hub_url)
        self.mirror: HallMirror[TicketStaff] = HallMirror()
        self.session: Session | None = None
        self.synced = False
        self.hub_clock = HubClock(self.clock)
        self.commands = Commands(lambda: self.synced, self.end_session)
        self.feed: LiveFeed[ClerkMessage] | None = None
        self.desk: DeskScreen | None = None
        self.printer: WindowPrinter | None = None
        self.leaving = False  # signing out: the feed's sign-out event is expected

    def hub_now(self) -> datetime:
        """The hall's time: this terminal's clock corrected by what the hub last said, in the
        hall's time zone."""
        return self.hub_clock.now()

    def on_mount(self) -> None:
        self.push_screen(SignInScreen(self.window, self.staff_no))

    async def on_unmount(self) -> None:
        if self.feed is not None:
            self.feed.stop()
        await self.client.close()

    # ----- signing in and out ------------------------------------------------------------

    def signed_in(self, reply: SignedIn) -> None:
        self.session = Session.from_login(reply, self.window)
        self.mirror = HallMirror()
        self.synced = False
        self.printer = WindowPrinter(self.session.printer, self.client)
        self.desk = DeskScreen(self.session, self.printer)
        self.push_screen(self.desk)
        self.follow(self.session)

    def end_session(self, message: str, *, error: bool = True) -> None:
        """Back to sign-in, saying why; whatever dialog was open is closed."""
        if self.session is None:
            return
        self.session = None
        self.synced = False
        self.desk = None
        if self.feed is not None:
            self.feed.stop()
        self.workers.cancel_group(self, "live")
        self.client.token = None
        self.call_later(self._back_to_sign_in, message, error)

    async def _back_to_sign_in(self, message: str, error: bool) -> None:
        while not isinstance(self.screen, SignInScreen) and len(self.screen_stack) > 1:
            await self.pop_screen()
        if isinstance(self.screen, SignInScreen):
            self.screen.show_ended(message, error=error)

    # ----- the live feed -----------------------------------------------------------------

    @work(exclusive=True, group="live")
    async def follow(self, session: Session) -> None:
        feed: LiveFeed[ClerkMessage] = self.client.live(
            ClerkMessage, min_backoff=self.backoff[0], max_backoff=self.backoff[1]
        )
        self.feed = feed
        # The feed is an async generator: close it here, or a cancelled one leaks its socket.
        stream = cast("AsyncGenerator[ClerkMessage | Connection, None]", feed.__aiter__())
        async with contextlib.aclosing(stream) as messages:
            async for message in messages:
                if self.session is not session:
                    break
                ended = self._take(message, session)
                if ended:
                    self.end_session(ended)
                    break

    def _take(self, message: ClerkMessage | Connection, session: Session) -> str | None:
        """Fold one feed message in; returns why the session ended, if it did."""
        if isinstance(message, Connection):
            if message.unauthorized:
                return session.ended_message("登录已失效")
            if not message.connected:
                self.synced = False
                self._tell(ConnectionChanged(False))
                self.probe(session)
            return None
        if isinstance(message, Pong):
            return None
        ended = ended_by(message, session)
        if ended and not self.leaving:
            return ended
        self.mirror.apply(message)
        self.hub_clock.heard(message)
        if isinstance(message, ClerkSnapshot | Resume):
            self.synced = True
            self._tell(ConnectionChanged(True))
        self._tell(HallChanged(message))
        return None

    @work(exclusive=True, group="probe")
    async def probe(self, session: Session) -> None:
        """Ask the hub something small until the feed is back: its answer wakes the feed."""
        while self.session is session and not self.synced:
            await asyncio.sleep(PROBE_SECONDS)
            with contextlib.suppress(HubError):
                await self.client.me()

    def _tell(self, message: HallChanged | ConnectionChanged) -> None:
        if self.desk is not None:
            self.desk.post_message(message)

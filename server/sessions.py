"""Who is asking: device tokens from the configuration, and sign-in sessions for staff.

A staff session ends at the end of the hall's local day it was opened on, and once it has
gone unused for `[hub] session_idle_minutes`. Use is any request made with its token, and an
open live connection (WebSocket) of that token: a counter terminal or office console that
shows the hall live is in use while it does, even when nobody presses a key for a quiet
hour; closing it, or the machine going away, starts the idle time. The day's end holds
whatever the use.

Use is kept in memory and written back by `sweep`, which the hub runs at start and on every
tick: it deletes ended sessions' rows (so office sessions do not pile up), closes their live
connections, and stores the last use of the others (so a restart does not forgive idleness,
nor end a session in use).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from aiohttp import WSCloseCode, web

from bianmin.config import Config
from bianmin.domain.errors import Unauthorized
from bianmin.domain.events import Event
from bianmin.domain.hall import Hall
from server.live import Audience
from server.lockout import Lockout
from server.store import SessionRow, Statement

ENDED_WITH_DAY = "您的登录已于当日结束时失效（每天零时自动退出），请重新登录。"
ENDED_IDLE = "您已超过 {minutes} 分钟未操作，为安全起见登录已失效，请重新登录。"
REMEMBER_ENDED = 1024  # swept sessions whose reason a returning client is still told


@dataclass(frozen=True, slots=True)
class Principal:
    role: str  # kiosk, display, rating, clerk, office
    id: str  # device id or staff number
    name: str
    window: int | None = None
    token_hash: str | None = None  # set for staff sessions

    @property
    def staff(self) -> bool:
        return self.role in ("clerk", "office")

    @property
    def audience(self) -> Audience:
        """Whose view of the hall this one gets."""
        if self.role == "office":
            return "office"
        return "clerk" if self.role == "clerk" else "public"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Sessions:
    def __init__(self, config: Config, rows: Sequence[SessionRow]) -> None:
        self.config = config
        self.idle = timedelta(minutes=config.session_idle_minutes)
        self.lockout = Lockout(config.staff)
        self.rows: dict[str, SessionRow] = {}
        self.used: dict[str, datetime] = {}  # last use not yet written back
        self.sockets: dict[str, set[web.WebSocketResponse]] = {}
        self.swept: dict[str, str] = {}  # token hash -> why it ended, the latest last
        self._closing: set[asyncio.Task[bool]] = set()
        self.restore(rows)

    def restore(self, rows: Sequence[SessionRow]) -> None:
        """The stored sessions, as at start or after a failed write; live connections and
        the count of wrong PINs are the process's and stay."""
        self.rows = {r.token_hash: self._local(r) for r in rows}
        self.used.clear()

    def _local(self, row: SessionRow) -> SessionRow:
        """Times written before they carried a zone were the hall's local time."""
        tz = self.config.tz
        created, last = row.created_at, row.last_seen
        return replace(
            row,
            created_at=created.replace(tzinfo=tz) if created and not created.tzinfo
            else created,
            last_seen=last.replace(tzinfo=tz) if last and not last.tzinfo else last)

    # ----- asking --------------------------------------------------------------------------

    def principal(self, token: str, now: datetime) -> Principal | None:
        """Who holds `token`, counting this as a use of a session; None if nobody. Raises
        401 `session-expired` for a session that has ended."""
        device = self.config.devices.get(token)
        if device is not None:
            return Principal(device.kind, device.id, device.name or device.id)
        hashed = token_hash(token)
        row = self.rows.get(hashed)
        if row is None:
            if hashed in self.swept:  # a console coming back to a session already swept
                raise Unauthorized("session-expired", self.swept[hashed])
            return None
        staff = self.config.staff.get(row.staff_no)
        if staff is None:  # removed from the configuration since signing in
            return None
        why = self.ended(row, now)
        if why:
            raise Unauthorized("session-expired", why)
        self.used[row.token_hash] = now
        return Principal(row.role, row.staff_no, staff.name, row.window, row.token_hash)

    def ended(self, row: SessionRow, now: datetime) -> str | None:
        """Why the session has ended by `now`, or None while it holds."""
        if row.created_at is None:
            return ENDED_WITH_DAY  # no readable date: treat it as of a day long gone
        tz = self.config.tz
        day = row.created_at.astimezone(tz).date()
        if now >= datetime.combine(day + timedelta(days=1), time(0), tz):
            return ENDED_WITH_DAY
        if self.sockets.get(row.token_hash):
            return None
        last = max(row.last_seen or row.created_at, self.used.get(row.token_hash, row.created_at))
        if now - last >= self.idle:
            return ENDED_IDLE.format(minutes=self.config.session_idle_minutes)
        return None

    # ----- changing --------------------------------------------------------------------------

    def add(self, row: SessionRow) -> None:
        self.rows[row.token_hash] = self._local(row)

    def drop(self, hashes: list[str]) -> None:
        for h in hashes:
            self.rows.pop(h, None)
            self.used.pop(h, None)

    def of_clerk(self, staff_no: str) -> list[str]:
        return [h for h, r in self.rows.items() if r.staff_no == staff_no]

    def opened(self, who: Principal, ws: web.WebSocketResponse) -> None:
        """A live connection of `who` opened: the session is in use while it stays open."""
        if who.token_hash is None:
            return
        if who.token_hash not in self.rows:  # swept while the connection was being set up
            self._close(ws)
            return
        self.sockets.setdefault(who.token_hash, set()).add(ws)

    def closed(self, who: Principal, ws: web.WebSocketResponse, now: datetime) -> None:
        if who.token_hash is None:
            return
        open_ = self.sockets.get(who.token_hash, set())
        open_.discard(ws)
        if not open_:
            self.sockets.pop(who.token_hash, None)
        if who.token_hash in self.rows:
            self.used[who.token_hash] = now  # idle from when it was last shown

    def sweep(self, hall: Hall, now: datetime) -> tuple[list[Event], list[Statement]]:
        """A writer action: forget ended sessions, close their live connections, and write
        back when the others were last used."""
        statements: list[Statement] = []
        for h, row in list(self.rows.items()):
            why = self.ended(row, now)
            if why:
                statements.append(("DELETE FROM sessions WHERE token_hash = ?", (h,)))
                self.drop([h])
                self.swept[h] = why
                if len(self.swept) > REMEMBER_ENDED:
                    del self.swept[next(iter(self.swept))]
                for ws in self.sockets.pop(h, set()):
                    self._close(ws)
                continue
            last = now if self.sockets.get(h) else self.used.pop(h, None)
            if last is not None and last != row.last_seen:
                statements.append(("UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
                                   (last.isoformat(), h)))
                self.rows[h] = replace(row, last_seen=last)
        return [], statements

    def _close(self, ws: web.WebSocketResponse) -> None:
        # The client reconnects, is refused with 401, and goes back to its sign-in page.
        task = asyncio.get_running_loop().create_task(
            ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"session-expired"))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

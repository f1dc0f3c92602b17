"""A window's own life: who is signed in, open or paused, and what it serves now.

Pure functions over the windows' states: each `decide_*` returns the events a command causes
or raises a `DomainError`; `apply` gives a window's state after one of its events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.catalog import Catalog
from bianmin.domain.errors import Conflict, Forbidden, InvalidCommand
from bianmin.domain.types import WindowStatus

# The usual reasons a window pauses. One of these may be shown to the hall (暂停服务：午间休息);
# anything else a clerk writes stays with the staff.
PAUSE_REASONS = ("临时离开", "午间休息", "业务培训", "系统故障", "外出上门服务")


def public_pause_note(reason: str) -> str:
    return reason if reason in PAUSE_REASONS else ""


def clean_text(value: str, limit: int = 500) -> str:
    """What a person typed, trimmed and kept to a sensible length."""
    return value.strip()[:limit]


@dataclass(frozen=True, slots=True)
class WindowState:
    number: int
    clerk: str | None = None
    paused: bool = False
    pause_reason: str = ""
    current: str | None = None  # ticket called or being served here
    changed_at: datetime | None = None

    @property
    def status(self) -> WindowStatus:
        if self.clerk is None:
            return WindowStatus.CLOSED
        return WindowStatus.PAUSED if self.paused else WindowStatus.OPEN


def signed_in(windows: Mapping[int, WindowState], c: cmd.WindowCommand) -> WindowState:
    """The window of `c`, if its clerk is the one signed in there."""
    state = windows[c.window]
    if state.clerk != c.clerk:
        raise Forbidden(
            "not-signed-in", f"您未在{c.window}号窗口登录，请先登录本窗口后再操作。"
        )
    return state


def decide_sign_in(windows: Mapping[int, WindowState], catalog: Catalog, c: cmd.SignIn,
                   now: datetime, number_of: Callable[[str], str]) -> list[ev.Event]:
    """`number_of` gives a ticket's number, for saying which one is still open."""
    for other in windows.values():
        if other.clerk == c.clerk and other.number != c.window and other.current is not None:
            raise Conflict(
                "ticket-open-elsewhere",
                f"您在{other.number}号窗口的号票 {number_of(other.current)} 尚未处理完，"
                "请先在该窗口办结或转办，再换到其他窗口。",
            )
    out: list[ev.Event] = []
    holder = windows[c.window].clerk
    if holder is not None and holder != c.clerk:
        if not c.force:
            raise Conflict(
                "window-taken",
                f"{c.window}号窗口已由{catalog.clerk_name(holder)}（{holder}）登录。"
                "如需接替，请选择接替登录。",
            )
        out.append(ev.ClerkSignedOut(at=now, window=c.window, clerk=holder, reason="接替登录"))
    for other in windows.values():
        if other.clerk == c.clerk and other.number != c.window:
            out.append(ev.ClerkSignedOut(at=now, window=other.number, clerk=c.clerk,
                                         reason="改到其他窗口登录"))
    if holder != c.clerk:
        out.append(ev.ClerkSignedIn(at=now, window=c.window, clerk=c.clerk))
    return out


def decide_sign_out(windows: Mapping[int, WindowState], c: cmd.SignOut, now: datetime,
                    busy_number: str | None) -> list[ev.Event]:
    """`busy_number`: the number of the ticket open at the window, if there is one."""
    signed_in(windows, c)
    if busy_number is not None:
        raise Conflict(
            "window-busy", f"当前号票 {busy_number} 尚未处理完，请先办结或转办后再退出。"
        )
    return [ev.ClerkSignedOut(at=now, window=c.window, clerk=c.clerk,
                              reason=clean_text(c.reason))]


def decide_pause(windows: Mapping[int, WindowState], c: cmd.Pause, now: datetime
                 ) -> list[ev.Event]:
    state = signed_in(windows, c)
    reason = clean_text(c.reason, 100)
    if not reason:
        raise InvalidCommand("reason-required", "暂停服务须写明原因，例如“临时离开”。")
    if state.paused:
        raise Conflict("already-paused", f"{c.window}号窗口已经暂停。")
    return [ev.WindowPaused(at=now, window=c.window, clerk=c.clerk, reason=reason)]


def decide_resume(windows: Mapping[int, WindowState], c: cmd.Resume, now: datetime
                  ) -> list[ev.Event]:
    if not signed_in(windows, c).paused:
        raise Conflict("not-paused", f"{c.window}号窗口没有暂停，无需恢复。")
    return [ev.WindowResumed(at=now, window=c.window, clerk=c.clerk)]


def apply(state: WindowState, event: ev.Event) -> WindowState:
    match event:
        case ev.ClerkSignedIn(clerk=clerk):
            return replace(state, clerk=clerk, paused=False, pause_reason="",
                           changed_at=event.at)
        case ev.ClerkSignedOut():
            return replace(state, clerk=None, paused=False, pause_reason="",
                           changed_at=event.at)
        case ev.WindowPaused(reason=reason):
            return replace(state, paused=True, pause_reason=reason, changed_at=event.at)
        case ev.WindowResumed():
            return replace(state, paused=False, pause_reason="", changed_at=event.at)
    return state

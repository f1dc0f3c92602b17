"""A resident's ticket as their phone follows it (`/t/{ticket}` and its live feed): what to
say about it now, the windows that call it, how near its turn is. Public fields only."""

from __future__ import annotations

from datetime import datetime

from bianmin.domain.estimate import Board
from bianmin.domain.hall import Hall
from bianmin.domain.queue import queue_key
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import STATE_NAMES, TicketState
from bianmin.domain.windows import public_pause_note
from bianmin.wire import live
from server.present.bundles import progress

NEAR = 3  # this many ahead or fewer: the phone tells the resident to come close


def say(state: TicketState, ahead: int, window: int | None, sent_to: int | None,
        wait_minutes: int | None) -> tuple[str, str]:
    """What the resident should know now, in Chinese and in English."""
    if state is TicketState.WAITING:
        where = f"已为您转到{sent_to}号窗口，" if sent_to else ""
        wait = f"预计等候约 {wait_minutes} 分钟，" if wait_minutes else ""
        wait_en = f" About {wait_minutes} min." if wait_minutes else ""
        if not ahead:
            return (f"{where}下一位就是您，请到窗口附近留意叫号。",
                    "You are next. Please come close and watch for your call.")
        if ahead <= NEAR:
            return (f"{where}您前面还有 {ahead} 人，{wait}即将轮到您，请到窗口附近留意叫号。",
                    f"{ahead} ahead of you.{wait_en} Your turn is near: please come close.")
        return (f"{where}您前面还有 {ahead} 人，{wait}请您耐心等候。",
                f"{ahead} ahead of you.{wait_en} Thank you for waiting.")
    if state is TicketState.CALLED:
        return (f"请到 {window} 号窗口办理。", f"Please go to window {window}.")
    if state is TicketState.SERVING:
        return (f"正在 {window} 号窗口为您办理。", f"Being served at window {window}.")
    if state is TicketState.MISSED:
        return ("您的号码已过号，请到服务台咨询。",
                "Your number was called and missed. Please ask at the service desk.")
    if state is TicketState.DONE:
        return ("已办结，感谢您的耐心等候。", "Done. Thank you for your patience.")
    if state is TicketState.CANCELLED:
        return ("本号票已取消。如需办理，请重新取号。", "This ticket was cancelled.")
    return ("本号票已过期。如需办理，请重新取号。", "This ticket has expired.")


def ticket_now(hall: Hall, ticket: Ticket, seq: int, now: datetime,
               board: Board | None = None) -> live.TicketNow:
    """The ticket as its phone page shows it; `board`: the wait estimate of this moment, when
    many tickets are followed at once."""
    waiting = ticket.state is TicketState.WAITING
    ahead = hall.ahead(ticket) if waiting else 0
    wait = hall.wait_for(ticket, now, board) if waiting else None
    window = ticket.window or ticket.target_window
    chinese, english = say(ticket.state, ahead, window, ticket.target_window, wait)
    kind, key = queue_key(ticket)
    catalog = hall.catalog
    serving = [catalog.windows[int(key)]] if kind == "window" and int(key) in catalog.windows \
        else catalog.windows_serving(key)
    windows = []
    for rule in serving:
        state = hall.windows.get(rule.number)
        if state is not None:
            windows.append(live.ServingWindow(
                number=rule.number, label=rule.label, status=state.status,
                pause_note=public_pause_note(state.pause_reason) if state.paused else ""))
    matter = catalog.matter(ticket.queue_matter)
    return live.TicketNow(
        seq=seq, number=ticket.number, state=ticket.state,
        matter_name=matter.name if matter else ticket.queue_matter,
        bundle=progress(ticket, catalog),
        state_name=STATE_NAMES[ticket.state], ahead=ahead, wait_minutes=wait, window=window,
        near=waiting and ahead <= NEAR, say=chinese, say_en=english, windows=windows,
        final=ticket.is_final)

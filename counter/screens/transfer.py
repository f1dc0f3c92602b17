"""Transfer (转办): to another window or to a matter's queue, always with a reason.

The ticket goes to the front of its class at the target and this clerk stays its first
responder. A window nobody sits at can still be chosen: the ticket waits there with the note.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping

from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.wire.hall import MatterView, WindowPublic
from bianmin.wire.tickets import Step, TicketStaff
from counter.commands import Commands
from counter.forms import TRANSFER_REASONS
from counter.screens.pick import PickScreen

STATUS_WORDS = {"open": "服务中", "paused": "暂停服务", "closed": "暂无人员，号票将在该窗口等候"}


def window_option(w: WindowPublic) -> Option:
    clerk = f" · {w.clerk.name}" if w.clerk else ""
    words = STATUS_WORDS.get(w.status, w.status)
    return Option(f"{w.number}号窗口 {w.department} · {words}{clerk}", id=f"w:{w.number}")


def matter_option(m: MatterView) -> Option:
    windows = "、".join(f"{n}号" for n in m.windows)
    return Option(f"按事项：{m.name}（{m.prefix}）· 办理窗口 {windows or '无'}", id=f"m:{m.prefix}")


def transferred(reply: TicketStaff, matters: Mapping[str, MatterView], staff_no: str) -> str:
    """What the clerk `staff_no` is told once the hub moved the ticket: where to, and who
    is still its first responder."""
    if reply.target_window:
        where = f"{reply.target_window}号窗口"
    else:
        matter = matters.get(reply.queue_matter)
        where = matter.name if matter else ""
    if reply.owner == staff_no:
        owner = "您仍是首问责任人，可在督办中跟进。"
    else:
        owner = f"首问责任人仍为{reply.owner_name or reply.owner}。"
    return f"{reply.number} 已转至{where}，排在前列；{owner}"


class TransferScreen(PickScreen[Step]):
    PICK = "转到哪里（↑↓ 选择）："
    PICK_ID = "target"
    PICK_MISSING = "请选择转办去向：一个窗口，或一个事项。"
    WRITE = "转办原因（必填，对方窗口可见）："
    PRESETS = TRANSFER_REASONS
    SUBMIT = ("转办", "primary")

    def __init__(
        self,
        commands: Commands,
        client: HubClient,
        ticket: TicketStaff,
        windows: list[WindowPublic],
        matters: list[MatterView],
        here: int,
    ) -> None:
        super().__init__(commands, client)
        self.ticket = ticket
        self.windows = [w for w in windows if w.number != here]
        # A matter only this window serves would come straight back here.
        self.matters = [m for m in matters if set(m.windows) - {here}]

    def heading(self) -> str:
        return f"转办 {self.ticket.number}（{self.ticket.matter_name}）"

    def options(self) -> list[Option]:
        targets = [window_option(w) for w in sorted(self.windows, key=lambda w: w.number)]
        return targets + [matter_option(m) for m in self.matters]

    def command(self, picked: str, written: str) -> Awaitable[Step]:
        kind, _, value = picked.partition(":")
        if kind == "w":
            return self.client.transfer(self.ticket.id, written, to_window=int(value))
        return self.client.transfer(self.ticket.id, written, to_matter=value)

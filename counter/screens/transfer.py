"""Transfer (转办): to another window or to a matter's queue, always with a reason.

The ticket goes to the front of its class at the target and this clerk stays its first
responder. A window nobody sits at can still be chosen: the ticket waits there with the note.
"""

from __future__ import annotations

from typing import Any

from textual.widgets.option_list import Option

from counter.forms import TRANSFER_REASONS
from counter.screens.form import Send
from counter.screens.pick import PickScreen

STATUS_WORDS = {"open": "服务中", "paused": "暂停服务", "closed": "暂无人员，号票将在该窗口等候"}


def window_option(w: dict[str, Any]) -> Option:
    clerk = (w.get("clerk") or {}).get("name")
    words = STATUS_WORDS.get(w["status"], w["status"])
    text = f"{w['number']}号窗口 {w['department']} · {words}" + (f" · {clerk}" if clerk else "")
    return Option(text, id=f"w:{w['number']}")


def matter_option(m: dict[str, Any]) -> Option:
    windows = "、".join(f"{n}号" for n in m.get("windows", []))
    return Option(
        f"按事项：{m['name']}（{m['prefix']}）· 办理窗口 {windows or '无'}", id=f"m:{m['prefix']}"
    )


def transferred(reply: dict[str, Any], matters: dict[str, dict[str, Any]], staff_no: str) -> str:
    """What the clerk `staff_no` is told once the hub moved the ticket: where to, and who
    is still its first responder."""
    where = (
        f"{reply['target_window']}号窗口"
        if reply["target_window"]
        else matters.get(reply["queue_matter"], {}).get("name", "")
    )
    if reply.get("owner") == staff_no:
        owner = "您仍是首问责任人，可在督办中跟进。"
    else:
        owner = f"首问责任人仍为{reply.get('owner_name') or reply.get('owner')}。"
    return f"{reply['number']} 已转至{where}，排在前列；{owner}"


class TransferScreen(PickScreen):
    PICK = "转到哪里（↑↓ 选择）："
    PICK_ID = "target"
    PICK_MISSING = "请选择转办去向：一个窗口，或一个事项。"
    WRITE = "转办原因（必填，对方窗口可见）："
    PRESETS = TRANSFER_REASONS
    SUBMIT = ("转办", "primary")

    def __init__(
        self,
        send: Send[dict[str, Any]],
        ticket: dict[str, Any],
        windows: list[dict[str, Any]],
        matters: list[dict[str, Any]],
        here: int,
    ) -> None:
        super().__init__(send)
        self.ticket = ticket
        self.windows = [w for w in windows if w["number"] != here]
        # A matter only this window serves would come straight back here.
        self.matters = [m for m in matters if set(m.get("windows", [])) - {here}]

    def heading(self) -> str:
        t = self.ticket
        return f"转办 {t['number']}（{t.get('matter_name', t['matter'])}）"

    def options(self) -> list[Option]:
        targets = [window_option(w) for w in sorted(self.windows, key=lambda w: w["number"])]
        return targets + [matter_option(m) for m in self.matters]

    def fields(self, picked: str, written: str) -> dict[str, Any]:
        kind, _, value = picked.partition(":")
        if kind == "w":
            return {"to_window": int(value), "to_matter": None, "reason": written}
        return {"to_window": None, "to_matter": value, "reason": written}

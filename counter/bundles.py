"""联办件 and 一件事 as the counter words them. Pure: no Textual.

A joint ticket carries its progress (`BundleProgress`: each step done, now, next or left) and,
for staff, the record of each finished step (`StepRecord`: window, clerk, outcome). Here they
become the lines of the ticket panel, what the clerk is told after finishing a step (where the
resident goes next), the line on the resident's slip and the 督办 panel's progress.
"""

from __future__ import annotations

from collections.abc import Mapping

from bianmin.domain.bundles import BundleStatus
from bianmin.domain.types import TicketState
from bianmin.wire.bundles import BundleProgress, BundleStep, StepRecord
from bianmin.wire.hall import MatterView
from bianmin.wire.tickets import TicketPublic

STEP_MARKS = {"done": "✓", "now": "▶", "next": "·", "left": "✗"}


def windows_of(prefix: str, matters: Mapping[str, MatterView]) -> str:
    """The windows that serve a matter, in words: 1号、8号窗口."""
    matter = matters.get(prefix)
    if matter is None or not matter.windows:
        return "相应窗口"
    return "、".join(f"{n}号" for n in sorted(matter.windows)) + "窗口"


def step_now(progress: BundleProgress) -> BundleStep | None:
    """The step being taken (or waited for) now, while the bundle goes on."""
    if progress.status is not BundleStatus.GOING:
        return None
    return next((s for s in progress.steps if s.state == "now"), None)


def moved_on(ticket: TicketPublic) -> bool:
    """Whether the hub's answer to a finish sent the ticket on to its next step."""
    return (ticket.bundle is not None and ticket.bundle.status is BundleStatus.GOING
            and ticket.state is TicketState.WAITING)


def progress_line(progress: BundleProgress) -> str:
    """一件事：退役军人落户安置一件事 · 第 2/3 项（户籍办理）."""
    head = "联办件" if not progress.bundle else f"一件事：{progress.name}"
    now = step_now(progress)
    if now is None:
        return f"{head} · 共 {progress.of} 项 · {progress.status_name}"
    return f"{head} · 第 {progress.step}/{progress.of} 项（{now.matter_name}）"


def step_lines(progress: BundleProgress, records: list[StepRecord],
               matters: Mapping[str, MatterView]) -> list[str]:
    """One line per step in the order taken: what was done where, by whom and how; the step
    at this window; the steps still to come with the windows that take them."""
    done = {r.matter: r for r in records}
    lines: list[str] = []
    for n, s in enumerate(progress.steps, 1):
        mark = STEP_MARKS[s.state]
        record = done.get(s.matter)
        if s.state == "done" and record is not None:
            who = f"{record.clerk_name}（{record.clerk}）" if record.clerk_name else record.clerk
            lines.append(f"{mark} 第{n}项 {s.matter_name} · {record.window}号窗口 · {who} · "
                         f"{record.outcome_name} {record.finished_at:%H:%M}")
        elif s.state == "done":
            lines.append(f"{mark} 第{n}项 {s.matter_name} · {s.window}号窗口 · 已办结")
        elif s.state == "now":
            lines.append(f"{mark} 第{n}项 {s.matter_name} · 本窗口（本项）")
        elif s.state == "next":
            where = windows_of(s.matter, matters)
            lines.append(f"{mark} 第{n}项 {s.matter_name} · 待办（{where}）")
        else:
            lines.append(f"{mark} 第{n}项 {s.matter_name} · 未办")
    return lines


def finished_words(reply: TicketPublic, step_name: str, outcome_name: str,
                   matters: Mapping[str, MatterView]) -> str:
    """What the clerk is told once a step of a joint ticket is finished: where the resident
    goes next, that the bundle is all done, or what its stop left undone."""
    progress, number = reply.bundle, reply.number
    assert progress is not None
    said = f"{number} 已办结（{outcome_name}）"
    now = step_now(progress)
    if now is not None and moved_on(reply):
        finished = progress.step - 1
        return (f"{number} 第{finished}项（{step_name}）已办结（{outcome_name}），请引导群众到"
                f"{windows_of(now.matter, matters)}办理下一项：{now.matter_name}"
                f"（第 {progress.step}/{progress.of} 项），无需重新取号。")
    if progress.status is BundleStatus.DONE:
        return f"{said}，{progress.name}全部 {progress.of} 项均已办结。"
    left = [s.matter_name for s in progress.steps if s.state == "left"]
    if left:
        return (f"{said}，{progress.name}已中止，尚有 {len(left)} 项未办："
                f"{'、'.join(left)}，请向群众说明。")
    return f"{said}。"


def slip_line(reply: TicketPublic, matters: Mapping[str, MatterView]) -> str:
    """The resident's slip after a step that goes on: the next step and where to take it."""
    progress = reply.bundle
    if progress is None or not moved_on(reply):
        return ""
    now = step_now(progress)
    if now is None:
        return ""
    return (f"请凭本号票 {reply.number} 到{windows_of(now.matter, matters)}办理下一项"
            f"“{now.matter_name}”（第 {progress.step}/{progress.of} 项），无需重新取号。")


def supervised_progress(progress: BundleProgress) -> str:
    """The 督办 panel's word on a joint ticket (its matter column names the step): 第 2/3 项,
    or how the whole ended."""
    if step_now(progress) is not None:
        return f"第 {progress.step}/{progress.of} 项"
    return f"共 {progress.of} 项{progress.status_name}"

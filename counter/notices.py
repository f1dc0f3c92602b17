"""The written notices a window hands over when it finishes a ticket (限时办结制). Pure.

承诺件通知书 carries the promised date, 补充件通知书 lists every missing material at once
(一次性告知), 退回件通知书 gives the written reason. Each is polite and complete (文明用语),
with English beside the Chinese where the center shows English. `receipt` lays a notice out
for the shared printing code, which prints it and shows it as text on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bianmin.domain.types import Outcome
from bianmin.printing.layout import Block, Feed, Receipt, Rule, Text
from bianmin.wire.hall import Center
from bianmin.wire.requests import Finish
from bianmin.wire.tickets import TicketPublic

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True, slots=True)
class Kind:
    title: str
    title_en: str
    opening_en: str


KINDS: dict[Outcome, Kind] = {
    Outcome.PROMISED: Kind(
        "承诺件通知书",
        "Notice of Promised Completion",
        "Your application has been accepted and will be completed by the date below.",
    ),
    Outcome.SUPPLEMENT: Kind(
        "补充件通知书",
        "Notice of Documents to Supplement",
        "Please bring all the documents listed in this notice; it is the complete list.",
    ),
    Outcome.RETURNED: Kind(
        "退回件通知书",
        "Notice of Return",
        "Your application cannot be accepted, for the reason below.",
    ),
}


@dataclass(frozen=True, slots=True)
class Notice:
    outcome: Outcome
    title: str
    title_en: str
    center: str
    center_en: str
    number: str
    matter: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]  # numbered: the missing materials
    closing: tuple[str, ...]
    english: tuple[str, ...]  # empty unless the center shows English beside Chinese
    window: str
    clerk: str
    when: str
    phone: str


def long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def notice_for(
    finish: Finish,
    ticket: TicketPublic,
    *,
    center: Center,
    window: int,
    department: str,
    clerk: str,
    when: datetime,
) -> Notice | None:
    """The notice for finishing `ticket` as `finish` says, if its outcome has one."""
    outcome = finish.outcome
    kind = KINDS.get(outcome)
    if kind is None:
        return None
    matter, number = ticket.matter_name, ticket.number
    here = f"{window}号窗口"
    applied = f"您好！您持号票 {number} 申请办理的“{matter}”事项，"
    items: tuple[str, ...] = ()
    paragraphs: tuple[str, ...]
    if outcome is Outcome.PROMISED:
        promised = "—" if finish.promised_date is None else long_date(finish.promised_date)
        paragraphs = (
            applied + "材料齐全，已正式受理。因需进一步审核（或现场勘查），"
            f"我们承诺于 {promised} 前办结。",
        )
        closing = (f"办结后我们将及时通知您。届时请携带本通知书和身份证件到{here}领取办理结果。",)
    elif outcome is Outcome.SUPPLEMENT:
        items = tuple(finish.missing_materials)
        paragraphs = (
            applied + "经审查符合办理条件。对不起，您还缺少以下材料，"
            f"现一次性告知（共 {len(items)} 项）：",
        )
        closing = (
            f"请备齐以上全部材料后，携带本通知书到{here}继续办理。"
            "如有疑问，欢迎向窗口工作人员咨询。",
        )
    else:
        paragraphs = (
            applied + "经审查，因以下原因暂不能受理，现将材料退回：",
            f"退回原因：{finish.reason.strip()}",
        )
        closing = (
            "给您带来不便，敬请谅解。如有疑问，欢迎向窗口工作人员咨询，或拨打中心监督电话。",
        )
    english = (kind.opening_en,) if center.english else ()
    return Notice(
        outcome=outcome,
        title=kind.title,
        title_en=kind.title_en if center.english else "",
        center=center.name,
        center_en=center.name_en if center.english else "",
        number=number,
        matter=matter,
        paragraphs=paragraphs,
        items=items,
        closing=closing,
        english=english,
        window=f"{here}（{department}）" if department else here,
        clerk=clerk,
        when=long_date(when.date()) + when.strftime(" %H:%M"),
        phone=center.complaint_phone,
    )


def receipt(notice: Notice) -> Receipt:
    """The notice as a receipt for the window's printer (and, as text, for the screen)."""
    blocks: list[Block] = [Text(notice.center, align="center", bold=True)]
    if notice.center_en:
        blocks.append(Text(notice.center_en, align="center"))
    blocks += [Rule("="), Text(notice.title, scale=2, align="center", bold=True)]
    if notice.title_en:
        blocks.append(Text(notice.title_en, align="center"))
    blocks += [Rule(), Text(f"号票：{notice.number}"), Text(f"事项：{notice.matter}"), Feed(1)]
    blocks += [Text(p) for p in notice.paragraphs]
    blocks += [Text(f"{i}. {item}", bold=True) for i, item in enumerate(notice.items, 1)]
    blocks += [Text(p) for p in notice.closing]
    blocks += [Text(p) for p in notice.english]
    blocks += [
        Rule(),
        Text(f"经办窗口：{notice.window}"),
        Text(f"经办人：{notice.clerk}"),
        Text(f"日期：{notice.when}"),
    ]
    if notice.phone:
        blocks.append(Text(f"监督电话（24小时）：{notice.phone}"))
    blocks += [Text("谢谢您的理解与支持！", align="center"), Feed(2)]
    return Receipt(tuple(blocks))

"""The slip a window hands over for every outcome it finishes with (限时办结制). Pure.

受理通知书 for 即办件 and 承诺件, with the time the matter was received (受理) printed as the
start of its time limit ("以受理通知书时间为凭"); 咨询答复单 with what was answered and the
matter's materials (一次性告知); 补充件通知书 listing every missing material at once;
退回件通知书 with the written reason; 上报件通知书 with the higher authority and its time
limit; 信访事项登记回执. Each is polite and complete (文明用语), with the center, the window,
the clerk, the date and the 24-hour complaint phone, and English beside the Chinese where the
center shows English. A slip made again after a correction says so. `receipt` lays a notice
out for the shared printing code, which prints it and shows it as text on the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    subtitle: str
    title_en: str
    opening_en: str


KINDS: dict[Outcome, Kind] = {
    Outcome.IMMEDIATE: Kind(
        "受理通知书", "即办件", "Notice of Acceptance",
        "Your application was accepted and completed on the spot.",
    ),
    Outcome.PROMISED: Kind(
        "受理通知书", "承诺件", "Notice of Acceptance",
        "Your application has been accepted and will be completed by the date below.",
    ),
    Outcome.CONSULTATION: Kind(
        "咨询答复单", "", "Reply to Your Enquiry",
        "Here is the answer to your enquiry and the documents the matter needs.",
    ),
    Outcome.SUPPLEMENT: Kind(
        "补充件通知书", "", "Notice of Documents to Supplement",
        "Please bring all the documents listed in this notice; it is the complete list.",
    ),
    Outcome.RETURNED: Kind(
        "退回件通知书", "", "Notice of Return",
        "Your application cannot be accepted, for the reason below.",
    ),
    Outcome.ESCALATED: Kind(
        "上报件通知书", "", "Notice of Referral for Approval",
        "Your application has been referred to the authority below for approval.",
    ),
    Outcome.PETITION: Kind(
        "信访事项登记回执", "", "Receipt of Your Petition",
        "Your petition has been registered and will be answered in writing.",
    ),
}


@dataclass(frozen=True, slots=True)
class Notice:
    outcome: Outcome
    title: str
    subtitle: str
    title_en: str
    center: str
    center_en: str
    number: str
    matter: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]  # numbered: the missing materials, or the materials to bring
    facts: tuple[str, ...]  # one line each: when received, the time limit...
    closing: tuple[str, ...]
    english: tuple[str, ...]  # empty unless the center shows English beside Chinese
    window: str
    clerk: str
    when: str
    phone: str
    corrected: bool = False  # made again after the office approved a correction
    next_step: str = ""  # a joint ticket's next step and its windows (联办件, 一件事)


@dataclass(frozen=True, slots=True)
class Handed:
    """Who hands the slip over, where and when: the same for every slip of a window."""

    center: Center
    window: int
    department: str
    clerk: str
    when: datetime  # the hall's time now


def long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def long_time(moment: datetime) -> str:
    return long_date(moment.date()) + moment.strftime(" %H:%M")


def notice_for(
    finish: Finish,
    ticket: TicketPublic,
    handed: Handed,
    *,
    limit_minutes: int | None = None,
    materials: Sequence[str] = (),
    corrected: bool = False,
    next_step: str = "",
) -> Notice:
    """The slip for finishing `ticket` as `finish` says. `limit_minutes` is the hub's serving
    limit of the ticket (the 即办件's time limit); `materials` the matter's list, told at
    once on a consultation's slip; `next_step` the line telling the resident of a joint
    ticket where to take its next step."""
    outcome = finish.outcome
    kind = KINDS[outcome]
    zone = handed.when.tzinfo
    received = ticket.received_at.astimezone(zone) if ticket.received_at else handed.when
    matter, number = ticket.matter_name, ticket.number
    here = f"{handed.window}号窗口"
    applied = f"您好！您持号票 {number} 申请办理的“{matter}”事项，"
    items: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    paragraphs: tuple[str, ...]
    closing: tuple[str, ...]
    if outcome is Outcome.IMMEDIATE:
        paragraphs = (applied + "已受理并当场办结。",)
        facts = (f"受理时间：{long_time(received)}", f"办结时间：{long_time(handed.when)}")
        if limit_minutes:
            facts += (f"办理时限：{limit_minutes} 分钟（自受理时起算）",)
        closing = ("感谢您的耐心等候。如对本次服务有意见或建议，欢迎拨打中心监督电话。",)
    elif outcome is Outcome.PROMISED:
        promised = "—" if finish.promised_date is None else long_date(finish.promised_date)
        paragraphs = (
            applied + "材料齐全，已正式受理。因需进一步审核（或现场勘查），"
            f"我们承诺于 {promised} 前办结。",
        )
        facts = (
            f"受理时间：{long_time(received)}",
            "承诺时限自受理时起算，以本通知书所载时间为凭。",
        )
        closing = (f"办结后我们将及时通知您。届时请携带本通知书和身份证件到{here}领取办理结果。",)
    elif outcome is Outcome.CONSULTATION:
        answer = finish.answer.strip() or "已当面为您解答。"
        paragraphs = (f"您好！您咨询的“{matter}”事项，答复如下：", answer)
        items = tuple(materials)
        if items:
            paragraphs += (f"办理该事项需备齐以下材料（一次性告知，共 {len(items)} 项）：",)
        closing = ("如需办理，请备齐材料后取号到窗口办理。如有疑问，欢迎随时咨询。",)
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
    elif outcome is Outcome.RETURNED:
        paragraphs = (
            applied + "经审查，因以下原因暂不能受理，现将材料退回：",
            f"退回原因：{finish.reason.strip()}",
        )
        closing = (
            "给您带来不便，敬请谅解。如有疑问，欢迎向窗口工作人员咨询，或拨打中心监督电话。",
        )
    elif outcome is Outcome.ESCALATED:
        paragraphs = (applied + "已受理。该事项须报请上级部门审批，现已报送。",)
        facts = (
            f"受理时间：{long_time(received)}",
            f"报送部门：{finish.authority.strip()}",
            f"审批时限：{finish.authority_days} 个工作日（自报送之日起算）",
        )
        closing = (
            f"审批结果出来后我们将及时通知您。届时请携带本通知书到{here}领取办理结果。",
        )
    else:
        paragraphs = (
            "您好！您反映的事项已登记，将依照《信访工作条例》规定的程序和时限办理，"
            "并书面答复您。",
        )
        facts = (f"登记时间：{long_time(received)}",)
        closing = ("感谢您对我们工作的信任与监督。",)
    english = (kind.opening_en,) if handed.center.english else ()
    return Notice(
        outcome=outcome,
        title=kind.title,
        subtitle=kind.subtitle,
        title_en=kind.title_en if handed.center.english else "",
        center=handed.center.name,
        center_en=handed.center.name_en if handed.center.english else "",
        number=number,
        matter=matter,
        paragraphs=paragraphs,
        items=items,
        facts=facts,
        closing=closing,
        english=english,
        window=f"{here}（{handed.department}）" if handed.department else here,
        clerk=handed.clerk,
        when=long_time(handed.when),
        phone=handed.center.complaint_phone,
        corrected=corrected,
        next_step=next_step,
    )


def name(notice: Notice) -> str:
    """What the clerk calls it: 受理通知书（即办件）, 补充件通知书."""
    return f"{notice.title}（{notice.subtitle}）" if notice.subtitle else notice.title


def receipt(notice: Notice) -> Receipt:
    """The notice as a receipt for the window's printer (and, as text, for the screen)."""
    blocks: list[Block] = [Text(notice.center, align="center", bold=True)]
    if notice.center_en:
        blocks.append(Text(notice.center_en, align="center"))
    blocks += [Rule("="), Text(notice.title, scale=2, align="center", bold=True)]
    if notice.subtitle:
        blocks.append(Text(f"（{notice.subtitle}）", align="center", bold=True))
    if notice.title_en:
        blocks.append(Text(notice.title_en, align="center"))
    if notice.corrected:
        blocks.append(Text("（经中心办公室审核更正后重新开具）", align="center"))
    blocks += [Rule(), Text(f"号票：{notice.number}"), Text(f"事项：{notice.matter}"), Feed(1)]
    blocks += [Text(p) for p in notice.paragraphs]
    blocks += [Text(f"{i}. {item}", bold=True) for i, item in enumerate(notice.items, 1)]
    blocks += [Text(f) for f in notice.facts]
    if notice.next_step:
        blocks.append(Text(notice.next_step, bold=True))
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

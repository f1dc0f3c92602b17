"""The printed slip for a complaint (投诉建议受理回执): the center, the number as large as the
paper allows, its query code, when it was received, the hub's message, and the 24-hour
supervision phone.

Pure: a `Receipt` of blocks; `bianmin.printing` turns it into printer commands.
"""

from __future__ import annotations

from bianmin.printing.layout import Block, Feed, Receipt, Rule, Text
from kiosk import texts
from kiosk.complaint import LodgedComplaint
from kiosk.receipt import fitting_scale


def complaint_slip(complaint: LodgedComplaint, columns: int) -> Receipt:
    english = complaint.english
    name = complaint.center_name
    blocks: list[Block] = [Text(name, scale=fitting_scale(name, columns, 2), align="center",
                                bold=True)]
    if english and complaint.center_name_en:
        blocks.append(Text(complaint.center_name_en, align="center"))
    blocks += [
        Text(texts.SLIP_TITLE, scale=fitting_scale(texts.SLIP_TITLE, columns, 2),
             align="center", bold=True),
    ]
    if english:
        blocks.append(Text(texts.SLIP_TITLE_EN, align="center"))
    blocks += [
        Rule(),
        Text(texts.COMPLAINT_NUMBER + (f" {texts.COMPLAINT_NUMBER_EN}" if english else ""),
             align="center"),
        Text(complaint.number, scale=fitting_scale(complaint.number, columns, 3),
             align="center", bold=True),
    ]
    if complaint.code:
        code = texts.QUERY_CODE.format(code=complaint.code)
        blocks.append(Text(code, scale=fitting_scale(code, columns, 2), align="center",
                           bold=True))
        if english:
            blocks.append(Text(texts.QUERY_CODE_EN.format(code=complaint.code),
                               align="center"))
    blocks += [
        Text(texts.LODGED_AT.format(at=f"{complaint.lodged_at:%Y-%m-%d %H:%M}"),
             align="center"),
        Rule(),
        Text(complaint.message),
        Text(texts.SLIP_FOLLOW_PHONE if complaint.phone else texts.SLIP_FOLLOW),
    ]
    if complaint.phone:
        line = texts.SUPERVISION_PHONE.format(phone=complaint.phone)
        blocks.append(Text(line, scale=fitting_scale(line, columns, 2), align="center",
                           bold=True))
        if english:
            blocks.append(Text(texts.SUPERVISION_PHONE_EN.format(phone=complaint.phone),
                               align="center"))
    blocks += [Text(texts.THANKS_SUPERVISION, align="center"), Feed(1)]
    return Receipt(tuple(blocks))

"""The pure parts of 预约签到 and 投诉建议: the complaint slip's layout, the complaint form, the
appointment ticket's lines, the keypad's display, and the civil language of every text."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bianmin.client import HubClient
from bianmin.domain.types import Priority
from bianmin.printing.layout import Text, as_text, display_width, text_columns, wrap
from bianmin.printing.render import CHINESE_ON, receipt_bytes
from bianmin.wire.office import ComplaintClerk, ComplaintWindow
from kiosk import bigfont, texts
from kiosk.attempt import Attempt
from kiosk.complaint import ComplaintForm, clerks_for, lodged_complaint
from kiosk.receipt import ticket_receipt
from kiosk.screens.check_in import CODE_KEYS
from kiosk.slip import complaint_slip
from kiosk.ticket import issued_ticket
from tests.hubfixture import KIOSK, RunningHub
from tests.kiosk import views
from tests.kiosk.officekit import hall
from tests.waiting import WAIT

__all__ = ["hall"]  # the fixture

DAY = date(2026, 5, 11)
VIEW = views.lodged("TS20260511007", views.at(DAY, 21, 5),
                    "您的投诉建议已受理，编号 TS20260511007，查询码 K7P2QX。"
                    "我们将尽快核实处理，并把结果告知您。感谢您的监督。")
CENTER = views.CENTER
OPTIONS = views.options([("1001", "张丽", 1), ("1009", "周敏", 3), ("1003", "李娜", 3),
                         ("1002", "王强", 2)])
FORBIDDEN = ("不知道", "不归我管", "找别人去", "没空")


def slip_lines(columns: int, english: bool = False) -> list[str]:
    complaint = lodged_complaint(VIEW, "0571-8468123", replace(CENTER, english=english))
    return as_text(complaint_slip(complaint, columns), columns)


@pytest.mark.parametrize("columns", [32, 48])
def test_what_the_complaint_slip_says(columns: int) -> None:
    joined = "\n".join(slip_lines(columns))
    for expected in ("青溪镇便民服务中心", texts.SLIP_TITLE, "TS20260511007", "查询码：K7P2QX",
                     "受理时间：2026-05-11 21:05", "24小时监督电话：0571-8468123",
                     "凭受理编号和查询码", texts.THANKS_SUPERVISION):
        assert expected in joined.replace("\n", ""), expected
    assert "Complaint" not in joined  # English only where the center asks for it
    complaint = lodged_complaint(VIEW, "0571-8468123", CENTER)
    blocks = [b for b in complaint_slip(complaint, columns).blocks if isinstance(b, Text)]
    number = next(b for b in blocks if b.text == "TS20260511007")
    assert number.scale == max(b.scale for b in blocks) >= 2  # the number is the largest
    code = next(b for b in blocks if b.text == "查询码：K7P2QX")
    assert code.bold and code.scale >= 2  # the code, which proves it is theirs, stands out
    for block in blocks:
        for line in wrap(block.text, text_columns(block, columns)):
            assert display_width(line) * block.scale <= columns


def test_the_slip_in_english_too_and_in_chinese_mode() -> None:
    joined = "\n".join(slip_lines(48, english=True))
    assert texts.SLIP_TITLE_EN in joined and "24-hour line: 0571-8468123" in joined
    assert "Query code: K7P2QX" in joined
    complaint = lodged_complaint(VIEW, "", CENTER)
    data = receipt_bytes(complaint_slip(complaint, 48), 48)
    assert CHINESE_ON + texts.SLIP_TITLE.encode("gb18030") in data
    assert "监督电话".encode("gb18030") not in data  # no phone configured, no phone line
    assert b"?" not in data


def test_the_complaint_form() -> None:
    form = ComplaintForm().with_window(
        ComplaintWindow(number=3, label="3号窗口", department="医保卫健"))
    form = form.with_clerk(ComplaintClerk(staff_no="1003", name="李娜", window=3))
    assert form.summary() == "窗口：3号窗口　人员：李娜"
    assert (form.reason, form.window, form.clerk, form.phone) == ("", 3, "1003", "")
    cleared = form.with_window(None).with_clerk(None)
    assert (cleared.window, cleared.window_label, cleared.clerk, cleared.clerk_name) == (
        None, "", None, "")
    assert [c.staff_no for c in clerks_for(OPTIONS.clerks, 3)] == ["1003", "1009", "1001",
                                                                   "1002"]
    assert [c.staff_no for c in clerks_for(OPTIONS.clerks, None)] == ["1001", "1002", "1003",
                                                                      "1009"]
    complaint = lodged_complaint(VIEW, "0571-8468123", CENTER)
    assert complaint.lodged_at == datetime(2026, 5, 11, 21, 5, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_an_appointment_ticket_says_so() -> None:
    plain_view = views.ticket("D001", "不动产登记", views.at(DAY, 9, 40),
                              priority=Priority.APPOINTMENT)
    hub_ticket = views.checked_in(plain_view, name="王**", phone="138****5678",
                                  slot="09:00-10:00")
    matter = views.matter("D", "不动产登记", windows=[5])
    ticket = issued_ticket(hub_ticket, matter, CENTER, "http://hub")
    assert ticket.appointment and ticket.mark == "预约 09:00-10:00"
    assert ticket.greeting == "王**，您好，预约签到成功，您的号码是"
    joined = "\n".join(as_text(ticket_receipt(ticket, 48), 48))
    assert "不动产登记（预约 09:00-10:00）" in joined and "王**" in joined
    plain = issued_ticket(views.ticket("D001", "不动产登记", views.at(DAY, 9, 40)), matter,
                          CENTER, "http://hub")
    assert plain.mark == "" and plain.greeting == texts.YOUR_NUMBER


def test_the_keypad_and_its_display() -> None:
    assert "".join(k for k, _ in CODE_KEYS) == "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    assert bigfont.render("_", 1) == ["     ", "     ", "     ", "▀▀▀▀▀"]
    assert set("23456789ABCDEFGHJKLMNPQRSTUVWXYZ_") <= set(bigfont.FONT)


def test_every_text_is_civil() -> None:
    sentences = [v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str)]
    assert len(sentences) > 100
    for sentence in sentences:
        assert not any(word in sentence for word in FORBIDDEN), sentence


async def test_a_complaint_retried_while_the_hub_is_away_is_lodged_once(
        hall: RunningHub) -> None:
    """Sent again with the same request id until the hub is back: it is in once."""
    await hall.stop()
    async with HubClient(hall.url, KIOSK, timeout=2.0) as client:
        retries: list[int] = []
        attempt = Attempt(lambda rid: client.lodge_complaint("服务态度不好", window=1,
                                                             request_id=rid),
                          "a complaint", patience=WAIT, first_delay=0.05, max_delay=0.2)
        task = asyncio.create_task(attempt.run(retries.append))
        while len(retries) < 2:
            await asyncio.sleep(0.02)
        await hall.start()
        view = await task
        again = await client.lodge_complaint("服务态度不好", window=1,
                                             request_id=attempt.request_id)
    assert again.number == view.number
    complaints = hall.hub.hall.office.complaints
    assert list(complaints) == [view.number] and complaints[view.number].channel == "kiosk"

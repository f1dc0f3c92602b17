"""The printed ticket's layout, on its own: what it says, how large, how it wraps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bianmin.domain.types import Priority
from bianmin.printing.layout import QRCode, Text, as_text, display_width, text_columns, wrap
from bianmin.printing.render import CHINESE_ON, receipt_bytes
from kiosk import texts
from kiosk.receipt import fitting_scale, ticket_receipt
from kiosk.ticket import IssuedTicket, issued_ticket
from tests.kiosk import views

ISSUED_AT = views.at(date(2026, 5, 1), 9, 5)
MATTER = views.matter("C", "民政救助", name_en="Civil Affairs & Assistance", windows=[4],
                      materials=["居民身份证", "户口簿", "家庭收入证明", "村（居）委会证明",
                                 "残疾证或病历（如有）"])


def ticket(*, ahead: int = 4, priority: Priority = Priority.NORMAL,
           english: bool = False, wait_minutes: int | None = None) -> IssuedTicket:
    view = views.ticket("C012", "民政救助", ISSUED_AT, ahead=ahead, priority=priority,
                        wait_minutes=wait_minutes)
    return issued_ticket(view, MATTER, replace(views.CENTER, english=english),
                         "http://192.168.1.10:8600")


def texts_of(receipt_blocks: tuple[object, ...]) -> list[Text]:
    return [b for b in receipt_blocks if isinstance(b, Text)]


@pytest.mark.parametrize("columns", [32, 48])
def test_what_the_ticket_says(columns: int) -> None:
    receipt = ticket_receipt(ticket(), columns)
    lines = as_text(receipt, columns)
    joined = "\n".join(lines)
    assert lines[0].strip() == "青溪镇便民服务中心"
    for expected in ("C012", "民政救助", "您前面还有 4 人", "办理窗口：4号窗口",
                     "取号时间：2026-05-01 09:05", texts.POLITE_LINE, texts.MATERIALS,
                     "□ 居民身份证", "□ 残疾证或病历（如有）", texts.SCAN):
        assert expected in joined, expected
    assert "http://192.168.1.10:8600/t/20260501-C012" in joined.replace("\n", "").replace(" ", "")
    qr = [b for b in receipt.blocks if isinstance(b, QRCode)]
    assert [q.data for q in qr] == ["http://192.168.1.10:8600/t/20260501-C012"]
    assert "Your number" not in joined  # English only where the center asks for it


@pytest.mark.parametrize("columns", [32, 48])
def test_the_number_is_the_largest_type_and_fits_one_line(columns: int) -> None:
    blocks = texts_of(ticket_receipt(ticket(), columns).blocks)
    number = next(b for b in blocks if b.text == "C012")
    assert number.scale == max(b.scale for b in blocks)
    assert number.scale >= 7
    assert display_width("C012") * number.scale < columns
    assert wrap(number.text, text_columns(number, columns)) == ["C012"]


def test_every_line_fits_the_paper() -> None:
    for columns in (32, 48):
        receipt = ticket_receipt(ticket(english=True), columns)
        for block in texts_of(receipt.blocks):
            for line in wrap(block.text, text_columns(block, columns)):
                assert display_width(line) * block.scale <= columns


def test_english_beside_chinese_when_the_center_says_so() -> None:
    joined = "\n".join(as_text(ticket_receipt(ticket(english=True), 48), 48))
    assert "Civil Affairs & Assistance" in joined and "4 ahead of you" in joined
    assert "Qingxi Town Convenience Service Center" in joined


@pytest.mark.parametrize("columns", [32, 48])
def test_the_wait_estimate_under_how_many_are_ahead(columns: int) -> None:
    lines = [line.strip() for line in as_text(ticket_receipt(ticket(wait_minutes=25), columns),
                                               columns)]
    ahead = lines.index("您前面还有 4 人")
    assert lines[ahead + 1] == "预计等候约 25 分钟"
    english = "\n".join(as_text(ticket_receipt(ticket(wait_minutes=25, english=True), 48), 48))
    assert "预计等候约 25 分钟 About 25 min wait" in english
    # No window open for the matter: the hub has no estimate, and the ticket claims none.
    assert "预计等候" not in "\n".join(as_text(ticket_receipt(ticket(), columns), columns))


def test_next_in_line_and_priority() -> None:
    joined = "\n".join(as_text(ticket_receipt(ticket(ahead=0, priority=Priority.PRIORITY), 48), 48))
    assert texts.NEXT in joined and "民政救助（优先）" in joined


def test_issued_time_is_the_hubs_local_time() -> None:
    t = ticket()
    assert t.issued_at == datetime(2026, 5, 1, 9, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert t.issued_at.utcoffset() == timedelta(hours=8)  # not this machine's zone


def test_fitting_scale() -> None:
    assert fitting_scale("A012", 48) == 8
    assert fitting_scale("A012", 32) == 7
    assert fitting_scale("青溪镇便民服务中心", 32, 2) == 1


def test_the_bytes_print_chinese_in_chinese_mode() -> None:
    data = receipt_bytes(ticket_receipt(ticket(), 32), 32)
    assert CHINESE_ON + "请您留意叫号，过号请到服务台。".encode("gb18030") in data
    # 7 times wide and high (GS ! 0x66), bold, centred
    assert b"\x1d!\x66\x1bE\x01\x1ba\x01C012\n" in data
    assert b"?" not in data.replace(b"/t/", b"")


HOUSEHOLD = views.matter("A", "户籍办理", windows=[1, 8], materials=["居民身份证", "户口簿"])
HEALTH = views.matter("F", "卫生健康", windows=[3], materials=["居民身份证", "出生医学证明"])
INSURANCE = views.matter("B", "社保医保", windows=[2, 3, 8], materials=["社会保障卡"])
NEWBORN = views.bundle("newborn", "新生儿出生一件事", [HOUSEHOLD, HEALTH, INSURANCE],
                       any_order=["F", "B"], materials=["父母双方结婚证"], name_en="A Newborn")


def bundle_ticket(english: bool = False) -> IssuedTicket:
    view = views.bundle_ticket(views.ticket("A007", "户籍办理", ISSUED_AT, ahead=2), NEWBORN)
    return issued_ticket(view, HOUSEHOLD, replace(views.CENTER, english=english),
                         "http://192.168.1.10:8600", bundle=NEWBORN,
                         matters={m.prefix: m for m in (HOUSEHOLD, HEALTH, INSURANCE)})


@pytest.mark.parametrize("columns", [32, 48])
def test_a_bundle_ticket_prints_its_steps_and_the_wholes_materials(columns: int) -> None:
    """一件事一次办: the bytes the printer gets, read back as GB18030, name the bundle, its
    steps in order (the any-order ones said so), where to go first and every step's
    materials, each once; the QR code as on any ticket."""
    receipt = ticket_receipt(bundle_ticket(), columns)
    printed = receipt_bytes(receipt, columns).decode("gb18030")
    order = ["新生儿出生一件事", "第一步请到：1号、8号窗口", "共3步，同一个号码依次办理：",
             "第一步　户籍办理　1号、8号窗口", "以下可不分先后：", "第二步　卫生健康　3号窗口",
             # On 32 columns the windows go on a line of their own, not broken inside 8号.
             "第三步　社保医保", "2号、3号、8号窗口", texts.BUNDLE_MATERIALS, "□ 居民身份证",
             "□ 户口簿", "□ 出生医学证明", "□ 社会保障卡", "□ 父母双方结婚证"]
    places = [printed.find(line) for line in order]
    assert -1 not in places and places == sorted(places), list(zip(order, places, strict=True))
    assert printed.count("□ 居民身份证") == 1
    assert [q.data for q in receipt.blocks if isinstance(q, QRCode)] == [
        "http://192.168.1.10:8600/t/20260501-A007"]
    assert "?" not in printed.replace("/t/", "")  # nothing the printer could not print
    for block in texts_of(receipt.blocks):
        for line in wrap(block.text, text_columns(block, columns)):
            assert display_width(line) * block.scale <= columns - 1  # a column spare


def test_a_bundle_ticket_in_english_too() -> None:
    joined = "\n".join(as_text(ticket_receipt(bundle_ticket(english=True), 48), 48))
    assert "新生儿出生一件事" in joined and "A Newborn" in joined

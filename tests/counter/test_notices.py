"""Notices: what each says (pure), how it prints (ESC/POS bytes to a local TCP printer), and
what the clerk sees when there is no printer or it fails."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from msgspec.structs import replace

from bianmin.client import HubUnavailable
from bianmin.domain.types import Outcome
from bianmin.printing.layout import as_text, display_width
from bianmin.printing.render import CHINESE_OFF, CHINESE_ON, receipt_bytes
from bianmin.wire.hall import Center
from bianmin.wire.requests import Finish
from counter.app import CounterApp
from counter.notices import Handed, Notice, name, notice_for, receipt
from counter.screens.notice import NoticeScreen
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    finish_form,
    issue,
    message,
    write,
)
from tests.counter.views import CENTER, ticket
from tests.fakeprinter import FakePrinter
from tests.hubfixture import RunningHub, running_hub
from tests.waiting import shown, until

CHINESE = re.compile(re.escape(CHINESE_ON) + b"(.*?)" + re.escape(CHINESE_OFF), re.S)
SIZE = re.compile(rb"\x1d!(.)", re.S)  # GS ! n: width and height multipliers
CUT = b"\x1dV"  # GS V
WHEN = datetime(2026, 11, 27, 10, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
RECEIVED = datetime(2026, 11, 27, 9, 52, tzinfo=ZoneInfo("Asia/Shanghai"))
TICKET = ticket(id="x", number="C007", matter="C", queue_matter="C", matter_name="民政救助",
                received_at=RECEIVED)
MATERIALS = ["居民身份证", "户口簿", "家庭收入证明", "村（居）委会证明", "残疾证或病历（如有）"]
# One finish of each outcome, with what it carries.
FINISHES = {
    Outcome.CONSULTATION: Finish(outcome=Outcome.CONSULTATION,
                                 answer="已告知办理流程、办理地点和办理时限"),
    Outcome.IMMEDIATE: Finish(outcome=Outcome.IMMEDIATE),
    Outcome.PROMISED: Finish(outcome=Outcome.PROMISED, promised_date=date(2026, 12, 4)),
    Outcome.SUPPLEMENT: Finish(outcome=Outcome.SUPPLEMENT, missing_materials=MATERIALS),
    Outcome.RETURNED: Finish(outcome=Outcome.RETURNED, reason="申请人不符合救助条件"),
    Outcome.PETITION: Finish(outcome=Outcome.PETITION),
    Outcome.ESCALATED: Finish(outcome=Outcome.ESCALATED, authority="县民政局",
                              authority_days=20),
}
TITLES = {
    Outcome.CONSULTATION: "咨询答复单", Outcome.IMMEDIATE: "受理通知书（即办件）",
    Outcome.PROMISED: "受理通知书（承诺件）", Outcome.SUPPLEMENT: "补充件通知书",
    Outcome.RETURNED: "退回件通知书", Outcome.PETITION: "信访事项登记回执",
    Outcome.ESCALATED: "上报件通知书",
}


def printed_text(data: bytes) -> str:
    """The Chinese lines of a job, decoded, joined."""
    return "".join(m.group(1).decode("gb18030") for m in CHINESE.finditer(data))


def flat(lines: list[str]) -> str:
    """The lines as one string without spaces: wrapping may fall anywhere."""
    return "".join(lines).replace(" ", "")


def notice(finish: Finish, center: Center = CENTER, **options: Any) -> Notice:
    """The notice 刘洋 at window 4 (民政) hands over when finishing C007 as `finish` says."""
    handed = Handed(center=center, window=4, department="民政", clerk="刘洋（1004）",
                    when=WHEN)
    return notice_for(finish, TICKET, handed, **options)


def lines_for(finish: Finish, columns: int = 48, **options: Any) -> list[str]:
    return as_text(receipt(notice(finish, **options)), columns)


def line_widths(data: bytes) -> list[tuple[int, int]]:
    """(display width, scale) of every printed line of a job, in order."""
    out: list[tuple[int, int]] = []
    scale = 1
    for raw in data.split(b"\n"):
        for found in SIZE.finditer(raw):
            scale = (found.group(1)[0] & 0x0F) + 1
        chinese = CHINESE.search(raw)
        if chinese:
            out.append((display_width(chinese.group(1).decode("gb18030")), scale))
    return out


class TestLayouts:
    def test_promised_notice_is_an_acceptance_with_the_date_and_its_start(self) -> None:
        text = flat(lines_for(FINISHES[Outcome.PROMISED]))
        for part in (
            "受理通知书",
            "（承诺件）",
            "Notice of Acceptance",
            "号票：C007",
            "事项：民政救助",
            "2026年12月4日（星期五）前办结",
            "受理时间：2026年11月27日（星期五）09:52",
            "承诺时限自受理时起算，以本通知书所载时间为凭",
            "经办窗口：4号窗口（民政）",
            "经办人：刘洋（1004）",
            "监督电话（24小时）：0571-8468123",
            "您好！",
        ):
            assert part.replace(" ", "") in text, part

    def test_immediate_notice_gives_the_time_received_and_the_limit(self) -> None:
        text = flat(lines_for(FINISHES[Outcome.IMMEDIATE], limit_minutes=30))
        assert "受理通知书" in text and "（即办件）" in text and "已受理并当场办结" in text
        assert "受理时间：2026年11月27日（星期五）09:52" in text
        assert "办结时间：2026年11月27日（星期五）10:15" in text
        assert "办理时限：30分钟（自受理时起算）" in text

    def test_consultation_slip_gives_the_answer_and_every_material(self) -> None:
        lines = lines_for(FINISHES[Outcome.CONSULTATION], columns=32, materials=MATERIALS)
        text = flat(lines)
        assert "咨询答复单" in text and "您咨询的“民政救助”事项，答复如下" in text
        assert "已告知办理流程、办理地点和办理时限" in text and "共5项" in text
        numbered = [f"{i}. {m}" for i, m in enumerate(MATERIALS, 1)]
        assert [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.", "5.")] == numbered

    def test_escalated_notice_names_the_authority_and_its_time_limit(self) -> None:
        text = flat(lines_for(FINISHES[Outcome.ESCALATED]))
        assert "上报件通知书" in text and "报送部门：县民政局" in text
        assert "审批时限：20个工作日（自报送之日起算）" in text
        assert "受理时间：2026年11月27日（星期五）09:52" in text

    def test_petition_receipt_and_a_slip_made_again_after_a_correction(self) -> None:
        assert "信访工作条例" in flat(lines_for(FINISHES[Outcome.PETITION]))
        again = flat(lines_for(FINISHES[Outcome.IMMEDIATE], corrected=True))
        assert "经中心办公室审核更正后重新开具" in again

    def test_supplement_notice_lists_every_missing_material_at_once(self) -> None:
        lines = lines_for(FINISHES[Outcome.SUPPLEMENT], columns=32)
        text = flat(lines)
        assert "共5项" in text and "一次性告知" in text and "对不起，您还缺少以下材料" in text
        numbered = [f"{i}. {m}" for i, m in enumerate(MATERIALS, 1)]
        assert [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.", "5.")] == numbered

    def test_returned_notice_gives_the_written_reason(self) -> None:
        text = flat(lines_for(FINISHES[Outcome.RETURNED]))
        assert "退回件通知书" in text and "退回原因：申请人不符合救助条件" in text

    def test_english_only_where_the_center_shows_it(self) -> None:
        plain = notice(FINISHES[Outcome.RETURNED], center=replace(CENTER, english=False))
        assert not plain.english and not plain.title_en
        assert not plain.center_en and plain.center == CENTER.name

    @pytest.mark.parametrize("columns", [32, 48])
    @pytest.mark.parametrize("outcome", list(Outcome))
    def test_every_slip_prints_in_chinese_mode_within_the_paper_and_is_cut(
        self, outcome: Outcome, columns: int
    ) -> None:
        made = notice(FINISHES[outcome], limit_minutes=30, materials=MATERIALS)
        assert name(made) == TITLES[outcome]
        data = receipt_bytes(receipt(made), columns)
        text = printed_text(data)
        assert made.title in text and "C007" in data.decode("latin-1")
        assert b"?" not in data.replace(CUT, b"")  # no garbled characters
        widths = line_widths(data)
        assert widths and all(width * scale <= columns for width, scale in widths)
        assert any(scale == 2 for _, scale in widths)  # the title, twice the size
        assert data.endswith(CUT + b"\x00")  # a full cut ends the job
        shown = as_text(receipt(made), columns)
        assert all(display_width(line) <= columns for line in shown)


@pytest.fixture
async def printer() -> AsyncIterator[FakePrinter]:
    async with FakePrinter() as fake:
        yield fake


@pytest.fixture
async def printing_hub(
    tmp_path: Path, printer: FakePrinter
) -> AsyncIterator[RunningHub]:
    # The fake printer answers at once; a loaded machine may still take over a second to
    # let it, and a status request that times out reads as "offline", not the fault set.
    table = (
        f'printer = {{ kind = "network", host = "127.0.0.1", port = {printer.port}, '
        "columns = 48, timeout = 10.0 }"
    )

    def with_printer(toml: str) -> str:
        return toml.replace(
            'number = 4\ndepartment = "民政"\n', f'number = 4\ndepartment = "民政"\n{table}\n'
        )

    async with running_hub(tmp_path, edit=with_printer) as hub:
        yield hub


async def finish_supplement(app: CounterApp, pilot: Any, ticks: int) -> None:
    await finish_form(app, pilot)
    await pilot.press("home", "down", "down", "down", "enter")
    for _ in range(ticks):
        await pilot.press("space", "down")
    await pilot.press("ctrl+s")
    await until(pilot, lambda: current_number(app) is None, what="finished")


async def test_notice_prints_on_the_windows_printer(
    printing_hub: RunningHub, printer: FakePrinter
) -> None:
    await issue(printing_hub, "C")
    async with counter(printing_hub, 4) as (app, pilot):
        await until(
            pilot,
            lambda: "打印机正常" in app.printer.status_text,  # type: ignore[union-attr]
            what="printer checked",
        )
        await finish_supplement(app, pilot, ticks=5)
        await until(pilot, lambda: "补充件通知书已打印" in message(app), what="printed")
        text = printed_text(printer.jobs[-1])
        assert "补充件通知书" in text and "C001" in printer.jobs[-1].decode("latin-1")
        assert all(m in text for m in MATERIALS)
        await pilot.press("v")
        await until(pilot, lambda: shown(app, NoticeScreen))
        await pilot.press("p")  # print it again from the screen
        await until(pilot, lambda: len(printer.jobs) == 2, what="reprinted")
        assert printed_text(printer.jobs[1]) == text


async def test_printer_fault_is_said_reported_and_the_notice_shown(
    printing_hub: RunningHub, printer: FakePrinter
) -> None:
    await issue(printing_hub, "C")
    async with counter(printing_hub, 4) as (app, pilot):
        await until(pilot, lambda: "打印机正常" in app.printer.status_text)  # type: ignore[union-attr]
        printer.paper = "out"
        await finish_supplement(app, pilot, ticks=2)
        await until(pilot, lambda: shown(app, NoticeScreen), what="shown instead")
        assert "补充件通知书未能打印：对不起，打印纸已用完" in message(app)
        assert printer.jobs == []
        state = printing_hub.hub.hall.printers["window-4"]
        assert state.status == "paper-out"
        printer.paper = "ok"
        await pilot.press("p")
        await until(
            pilot,
            lambda: len(printer.jobs) == 1 and "已打印" in message(app),
            what="printed after the fault",
        )
        await until(
            pilot,
            lambda: printing_hub.hub.hall.printers["window-4"].status == "ok",
            what="recovery reported",
        )


async def test_without_a_printer_the_notice_is_shown(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await finish_form(app, pilot, "A001")
        await pilot.press("home", "down", "down", "down", "down", "enter")
        await write(pilot, "材料不全")
        await until(pilot, lambda: shown(app, NoticeScreen), what="notice shown")
        screen = app.screen
        assert isinstance(screen, NoticeScreen)
        text = flat(screen.lines)
        assert "退回件通知书" in text and "退回原因：材料不全" in text
        assert "本窗口未配置打印机" in message(app)
        await pilot.press("p")  # nothing to print on: the screen stays
        assert app.screen is screen
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, NoticeScreen))


async def test_a_recovery_the_hub_missed_is_told_on_reconnection(
    printing_hub: RunningHub, printer: FakePrinter, monkeypatch: pytest.MonkeyPatch
) -> None:
    await issue(printing_hub, "C")
    async with counter(printing_hub, 4) as (app, pilot):
        watch = app.printer
        assert watch is not None
        await until(pilot, lambda: "打印机正常" in watch.status_text, what="printer checked")
        printer.paper = "out"
        await finish_supplement(app, pilot, ticks=1)
        printers = printing_hub.hub.hall.printers
        await until(pilot, lambda: "window-4" in printers, what="fault reported")
        assert printers["window-4"].status == "paper-out"
        # The paper is put back while the link is down: the report of it does not get through.
        printer.paper = "ok"
        with monkeypatch.context() as link:
            link.setattr(app.client, "report_printer", lost_report)
            await desk(app).check_printer().wait()
        assert watch.status_text == "打印机正常" and printers["window-4"].status == "paper-out"
        await printing_hub.hub.live.close_all()  # the live link drops and comes back
        await until(pilot, lambda: "已重新连接服务器" in message(app), what="reconnected")
        await until(
            pilot, lambda: printers["window-4"].status == "ok", what="recovery told on return"
        )


async def lost_report(status: str, detail: str = "") -> None:
    raise HubUnavailable("ClientOSError: link down")

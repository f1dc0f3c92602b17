"""投诉建议 at the kiosk against a real hub on 127.0.0.1: the choices, the number shown at once
and on the printed slip, the complaint in the office's list, refusals, faults."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.screen import Screen

from bianmin.printing.render import receipt_bytes
from bianmin.wire.office import ComplaintFull
from kiosk import texts
from kiosk.screens.check_in import CheckInScreen
from kiosk.screens.complaint import ComplaintScreen
from kiosk.screens.complaint_done import ComplaintDoneScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.waiting import RefusedScreen
from kiosk.slip import complaint_slip
from kiosk.widgets.choices import ChoiceButton, Choices
from kiosk.widgets.code_display import CodeDisplay
from tests.fakeprinter import FakePrinter
from tests.hubfixture import RunningHub
from tests.kiosk.kioskfixture import (
    WITHOUT_PRINTER,
    IdleTime,
    kiosk,
    screens_seen,
    text_of,
)
from tests.kiosk.netproxy import Proxy
from tests.kiosk.officekit import (
    choose,
    hall,
    office,
    open_check_in,
    open_complaint,
    press_keys,
    screen_text,
    tap,
)
from tests.waiting import shown, until

__all__ = ["hall"]  # the fixture
COMPLAINT_REQUEST = b"POST /api/complaints "


async def done_screen(pilot: Pilot[None]) -> ComplaintDoneScreen:
    app = pilot.app
    await until(pilot, lambda: shown(app, ComplaintDoneScreen),
                what="the complaint's number")
    assert isinstance(app.screen, ComplaintDoneScreen)
    return app.screen


async def test_lodged_shown_printed_and_in_the_office(hall: RunningHub) -> None:
    async with FakePrinter() as printer, kiosk(hall, printer=printer.settings) as (
            app, pilot):
        page = await open_complaint(pilot)
        assert texts.STEP_WINDOW in text_of(app, "#prompt")
        windows = page.query_one("#windows", Choices).choices
        assert [v for v, _ in windows] == [str(n) for n in range(1, 9)] + ["none"]
        assert windows[2][1] == "3号窗口\n医保卫健"

        await tap(pilot, "#windows #c-3")
        assert texts.STEP_CLERK in text_of(app, "#prompt")
        clerks = [b.value for b in page.query_one("#clerks", Choices).query(ChoiceButton)]
        assert clerks[0] == "1003" and clerks[-1] == "none"  # window 3's clerk first
        await tap(pilot, "#clerks #c-1003")
        assert text_of(app, "#summary") == "窗口：3号窗口　人员：李娜"

        assert texts.STEP_REASON in text_of(app, "#prompt")
        await choose(pilot, "reasons", "服务态度不好")
        assert texts.STEP_PHONE in text_of(app, "#prompt")
        assert "问题：服务态度不好" in text_of(app, "#summary")
        await press_keys(pilot, "phone-keys", "13812345678")
        await tap(pilot, "#submit")

        screen = await done_screen(pilot)
        async with await office(hall) as o:
            listing = await o.request("GET", "/api/complaints", list[ComplaintFull])
        assert len(listing) == 1
        lodged = listing[0]
        assert lodged.channel == "kiosk" and lodged.window == 3
        assert lodged.clerk == "1003" and lodged.clerk_name == "李娜"
        assert lodged.reason == "服务态度不好" and lodged.phone == "13812345678"
        number, code = lodged.number, lodged.code
        assert number == "TS20260511001" == screen.complaint.number
        assert text_of(app, "#number-text") == number
        assert code == screen.complaint.code and text_of(app, "#code").startswith(f"查询码：{code}")
        assert number in text_of(app, "#message") and "感谢您的监督" in text_of(app, "#message")
        assert text_of(app, "#supervision").startswith("24小时监督电话：0571-8468123")
        assert "13812345678" not in screen_text(app)

        await until(pilot, lambda: screen.print_state == "printed", what="the slip")
        assert texts.TAKE_SLIP in text_of(app, "#print-status")
        assert printer.jobs == [receipt_bytes(complaint_slip(screen.complaint, 48), 48)]
        slip = printer.jobs[0]
        for line in (number, f"查询码：{code}", "受理时间：2026-05-11 09:40", "0571-8468123",
                     "投诉建议受理回执"):
            assert line.encode("gb18030") in slip, line
        assert "李娜".encode("gb18030") not in slip and b"13812345678" not in slip

        await pilot.pause(1.1)
        await tap(pilot, "#countdown")  # a touch goes home
        await until(pilot, lambda: shown(app, HomeScreen), what="home")


async def test_no_window_no_clerk_and_other_is_called_back(hall: RunningHub) -> None:
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        page = await open_complaint(pilot)
        await tap(pilot, "#windows #c-none")
        clerks = [b.value for b in page.query_one("#clerks", Choices).query(ChoiceButton)]
        assert clerks[:3] == ["1001", "1002", "1003"]
        await tap(pilot, "#previous")  # back to change the answer
        assert page.step == "step-window"
        await tap(pilot, "#windows #c-none")
        await tap(pilot, "#clerks #c-none")
        assert text_of(app, "#summary") == ""
        # 其他: words a touch screen cannot take; the office calls the resident back instead,
        # so the number is needed before 提交.
        await choose(pilot, "reasons", "其他")
        assert page.step == "step-phone" and app.focused is None
        assert text_of(app, "#summary") == "问题：其他"
        assert text_of(app, "#prompt") == texts.STEP_PHONE_CALL_BACK
        assert texts.NO_PHONE in str(page.query_one("#phone").render())
        assert page.query_one("#submit").disabled
        await press_keys(pilot, "phone-keys", "13912345678")
        await tap(pilot, "#submit")
        screen = await done_screen(pilot)
        assert texts.NO_PRINTER_SLIP in text_of(app, "#print-status")
        assert screen.query_one("#print-row").has_class("write-down")
    async with await office(hall) as o:
        (lodged,) = await o.request("GET", "/api/complaints", list[ComplaintFull])
    assert lodged.window is None and lodged.clerk is None and lodged.phone == "13912345678"
    assert lodged.reason == "其他" and lodged.number == screen.complaint.number


async def test_a_refusal_in_the_hubs_words_then_again(hall: RunningHub) -> None:
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        page = await open_complaint(pilot)
        await tap(pilot, "#windows #c-5")
        await tap(pilot, "#clerks #c-none")
        await choose(pilot, "reasons", "办事效率低")
        await press_keys(pilot, "phone-keys", "123")
        await tap(pilot, "#submit")
        await until(pilot, lambda: shown(app, RefusedScreen)
                    and bool(app.screen.query("#try-again")), what="the refusal")
        assert text_of(app, "#refusal") == "请填写正确的手机号（11位）或固定电话。"
        await tap(pilot, "#try-again")
        await until(pilot, lambda: app.screen is page, what="back to the page")
        assert page.step == "step-phone" and page.query_one("#phone", CodeDisplay).value == ""
        assert "窗口：5号窗口" in text_of(app, "#summary")  # the rest is kept
        await press_keys(pilot, "phone-keys", "8468123")
        await tap(pilot, "#submit")
        await done_screen(pilot)
    async with await office(hall) as o:
        (lodged,) = await o.request("GET", "/api/complaints", list[ComplaintFull])
    assert lodged.window == 5 and lodged.phone == "8468123"


async def test_paper_out_shows_the_number_and_reprints(hall: RunningHub) -> None:
    async with FakePrinter(paper="out") as printer, \
            kiosk(hall, printer=printer.settings) as (app, pilot):
        await open_complaint(pilot)
        await tap(pilot, "#windows #c-1")
        await tap(pilot, "#clerks #c-1001")
        await choose(pilot, "reasons", "推诿扯皮")
        await tap(pilot, "#submit")
        screen = await done_screen(pilot)
        await until(pilot, lambda: screen.print_state == "fault", what="the fault")
        status = text_of(app, "#print-status")
        assert "打印纸已用完" in status and texts.WRITE_DOWN_NUMBER in status
        assert screen.query_one("#reprint").display and printer.jobs == []
        assert screen.complaint.number in text_of(app, "#number-text")
        await until(pilot, lambda: hall.hub.hall.printers["kiosk-1"].status == "paper-out",
                    what="the fault reported")

        printer.paper = "ok"
        await tap(pilot, "#reprint")
        await until(pilot, lambda: screen.print_state == "printed", what="the reprint")
        assert printer.jobs == [receipt_bytes(complaint_slip(screen.complaint, 48), 48)]
        await until(pilot, lambda: hall.hub.hall.printers["kiosk-1"].status == "ok",
                    what="the recovery reported")


async def test_a_lost_answer_is_sent_again_and_lodged_once(hall: RunningHub) -> None:
    """An answer lost on the way back: the kiosk sends the complaint again with the same
    request id, and the hub answers with the complaint it already lodged."""
    async with Proxy(hall.port, watch=COMPLAINT_REQUEST) as proxy, \
            kiosk(hall, url=proxy.url, printer=WITHOUT_PRINTER) as (app, pilot):
        await open_complaint(pilot)
        await tap(pilot, "#windows #c-2")
        await tap(pilot, "#clerks #c-none")
        await choose(pilot, "reasons", "乱收费")
        proxy.lose_answers = 1
        await tap(pilot, "#submit")
        done = await done_screen(pilot)
        assert proxy.ticket_requests == 2
        (lodged,) = hall.hub.hall.office.complaints.values()
        assert lodged.reason == "乱收费" and lodged.number in screen_text(app)
        assert done is app.screen


async def test_while_the_hub_is_away(hall: RunningHub) -> None:
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        page = await open_complaint(pilot)
        await tap(pilot, "#windows #c-4")
        await tap(pilot, "#clerks #c-none")
        await choose(pilot, "reasons", "一次性告知不到位")
        assert page.form.reason == "一次性告知不到位"
        await hall.stop()
        await until(pilot, lambda: not app.online, what="the kiosk to notice")
        assert text_of(app, "#prompt") == texts.CONNECTING
        assert page.query_one("#submit").disabled
        await hall.start()
        await until(pilot, lambda: app.online, what="reconnection")
        assert text_of(app, "#prompt") == texts.STEP_PHONE
        assert not page.query_one("#submit").disabled
        await tap(pilot, "#home")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
        assert len(hall.hub.hall.office.complaints) == 0

        # While the hub is away the way in is closed; a page that opens just as the hub goes
        # away shows the choices it saw before and says why nothing can be sent yet.
        await hall.stop()
        await until(pilot, lambda: not app.online, what="the kiosk to notice")
        assert app.screen.query_one("#path-complaint").disabled
        page = ComplaintScreen()
        await app.push_screen(page)
        await until(pilot, lambda: app.screen is page, what="the complaint page")
        assert len(page.query_one("#windows", Choices).choices) == 9
        assert text_of(app, "#prompt") == texts.CONNECTING


async def test_the_pages_go_home_when_left(hall: RunningHub, idle_time: IdleTime) -> None:
    async with kiosk(hall, printer=WITHOUT_PRINTER, idle_seconds=60) as (app, pilot):
        seen = screens_seen(app)
        page: Screen[None] = await open_complaint(pilot)
        await tap(pilot, "#windows #c-6")
        idle_time.advance(59)  # a resident who is still thinking
        await idle_time.looked_at(pilot)
        assert app.screen is page
        await tap(pilot, "#clerks #c-none")  # a touch starts the minute afresh
        idle_time.advance(59)
        await idle_time.looked_at(pilot)
        assert app.screen is page
        idle_time.advance(1)
        await until(pilot, lambda: shown(app, HomeScreen), what="home by itself")
        assert page not in app.screen_stack

        page = await open_check_in(pilot)
        await press_keys(pilot, "code-keys", "AB")
        idle_time.advance(60)
        await until(pilot, lambda: shown(app, HomeScreen), what="home by itself")
        assert page not in app.screen_stack
        assert [type(s) for s in seen] == [ComplaintScreen, HomeScreen, CheckInScreen,
                                           HomeScreen]
    assert len(hall.hub.hall.office.complaints) == 0 and len(hall.hub.hall.tickets) == 0

"""预约签到 at the kiosk against a real hub on 127.0.0.1: by code and by phone and surname, the
ticket page and the printed ticket, every refusal in the hub's own words, the network."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot

from bianmin.client import HubError, new_request_id
from bianmin.domain.types import Priority
from bianmin.printing.render import receipt_bytes
from bianmin.wire.office import AppointmentFull
from bianmin.wire.requests import CancelAppointment
from kiosk import texts
from kiosk.app import KioskApp
from kiosk.receipt import ticket_receipt
from kiosk.screens.home import HomeScreen
from kiosk.screens.waiting import RefusedScreen
from tests.fakeprinter import FakePrinter
from tests.hubfixture import KIOSK, RunningHub
from tests.kiosk.kioskfixture import (
    WITHOUT_PRINTER,
    kiosk,
    text_of,
    ticket_screen,
    touch,
)
from tests.kiosk.netproxy import Proxy
from tests.kiosk.officekit import (
    NAME,
    PHONE,
    TODAY,
    book,
    choose,
    hall,
    office,
    open_check_in,
    press_keys,
    screen_text,
    tap,
)
from tests.waiting import shown, until

__all__ = ["hall"]  # the fixture


async def test_by_code_shows_and_prints_an_appointment_ticket(hall: RunningHub) -> None:
    booked = await book(hall)
    code = booked.code
    async with FakePrinter() as printer, kiosk(hall, printer=printer.settings) as (
            app, pilot):
        page = await open_check_in(pilot)
        assert texts.CODE_PROMPT in text_of(app, "#prompt")
        await press_keys(pilot, "code-keys", code[:5])
        assert page.code == code[:5] and page.query_one("#confirm").disabled
        slip = "Z" if code[4] != "Z" else "Y"  # the same key again would be ignored
        await press_keys(pilot, "code-keys", slip)
        await touch(pilot, "#delete")  # a slip of the finger, taken back
        await pilot.pause(0.25)
        await press_keys(pilot, "code-keys", code[5])
        assert page.code == code and not page.query_one("#confirm").disabled
        await tap(pilot, "#confirm")

        screen = await ticket_screen(pilot)
        stored = hall.hub.hall.tickets[screen.ticket.id]
        assert stored.priority is Priority.APPOINTMENT and stored.appointment == code
        assert stored.device == "kiosk-1" and screen.ticket.number == stored.number == "D001"
        assert text_of(app, "#your-number").startswith("王**，您好，预约签到成功，您的号码是")
        assert "不动产登记（预约 09:00-10:00）" in text_of(app, "#matter")
        on_screen = screen_text(app)
        assert NAME not in on_screen and PHONE not in on_screen and PHONE[-4:] not in on_screen

        await until(pilot, lambda: screen.print_state == "printed", what="the print")
        assert printer.jobs == [receipt_bytes(ticket_receipt(screen.ticket, 48), 48)]
        assert "王**".encode("gb18030") in printer.jobs[0]
        assert NAME.encode("gb18030") not in printer.jobs[0]
        assert "预约 09:00-10:00".encode("gb18030") in printer.jobs[0]

        async with await office(hall) as o:
            listing = await o.request("GET", f"/api/appointments?from={TODAY}&to={TODAY}",
                                      list[AppointmentFull])
        mine = next(a for a in listing if a.code == code)
        assert mine.state == "checked-in" and mine.ticket == screen.ticket.id

        await pilot.pause(1.1)
        await touch(pilot, "#countdown")  # back from the ticket page is the home page
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
    assert len(hall.hub.hall.tickets) == 1


async def test_by_phone_tail_and_surname(hall: RunningHub) -> None:
    gu = await book(hall, matter="A", slot="10:00-11:00", name="顾小红",
                    phone="13900004321")
    li = await book(hall, matter="B", name="李四", phone="0571-8468765")
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        page = await open_check_in(pilot)
        await tap(pilot, "#switch")
        assert texts.PHONE_PROMPT in text_of(app, "#prompt")
        await press_keys(pilot, "digit-keys", "4321")
        assert page.phone_tail == "4321" and page.query_one("#confirm").disabled
        # 顾 is on the last of five pages of surnames: 更多姓氏 turns to it, no keyboard.
        for _ in range(4):
            await tap(pilot, "#more-surnames")
            await pilot.pause(0.25)  # a button ignores a second touch within 0.2 s
        await choose(pilot, "surname-keys", "顾")
        assert page.surname == "顾" and "顾" in text_of(app, "#surname")
        await tap(pilot, "#confirm")
        screen = await ticket_screen(pilot)
        assert hall.hub.hall.tickets[screen.ticket.id].appointment == gu.code
        assert screen.ticket.appointment_name == "顾**"
        assert "户籍办理（预约 10:00-11:00）" in text_of(app, "#matter")

        screen.dismiss()
        await until(pilot, lambda: shown(app, HomeScreen), what="home")
        page = await open_check_in(pilot)
        assert page.mode == "by-code" and page.code == ""  # a fresh page for each resident
        await tap(pilot, "#switch")
        await press_keys(pilot, "digit-keys", "8765")
        await choose(pilot, "surname-keys", "李")  # one touch for a common surname
        assert page.surname == "李"
        await tap(pilot, "#confirm")
        screen = await ticket_screen(pilot)
        assert hall.hub.hall.tickets[screen.ticket.id].appointment == li.code
        assert screen.ticket.number == "B001"


async def refusal(app: KioskApp, pilot: Pilot[None]) -> str:
    await until(pilot, lambda: shown(app, RefusedScreen)
                and bool(app.screen.query("#go-home")), what="the refusal")
    return text_of(app, "#refusal")


async def test_every_refusal_in_the_hubs_own_words(hall: RunningHub) -> None:
    """Each reason the hub gives is shown over the page with 重新输入 and 返回首页; the hub's
    words are checked against what it tells any kiosk asking the same. (The codes are typed
    on a keyboard here, as a browser kiosk may have one; the other tests touch the keys.)"""
    early = await book(hall, slot="14:00-15:00")
    tomorrow = await book(hall, day=date(2026, 5, 12))
    home = await book(hall, matter="C", home_visit=True, address="青溪镇东村12号")
    gone = await book(hall, matter="E")
    async with await office(hall) as o:
        await o.request("POST", f"/api/appointments/{gone.code}/cancel", AppointmentFull,
                        CancelAppointment(reason="本人来电取消"))
    used = await book(hall, matter="F")
    for matter, phone in (("A", "13511112468"), ("B", "13633332468")):  # two 张 on 2468
        await book(hall, matter=matter, name="张三", phone=phone)
    late = await book(hall, matter="G", slot="09:00-10:00")
    expired = await book(hall, matter="H", slot="10:00-11:00")

    async with hall.client(KIOSK) as direct, \
            kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        await direct.check_in(new_request_id(), code=used.code)

        async def hub_says(status: int, reason: str, **fields: str) -> str:
            try:
                await direct.check_in(new_request_id(), **fields)
            except HubError as err:
                assert (err.status, err.code) == (status, reason)
                return err.message
            raise AssertionError(f"the hub checked in {fields}")

        page = await open_check_in(pilot)
        for status, reason, entered in [
            (404, "no-such-appointment", "ZZZZ22"),
            (409, "too-early", early.code),
            (409, "wrong-day", tomorrow.code),
            (409, "home-visit", home.code),
            (409, "appointment-cancelled", gone.code),
            (409, "already-checked-in", used.code),
        ]:
            expected = await hub_says(status, reason, code=entered)
            await pilot.press(*entered.lower(), "enter")  # a keyboard, where there is one

            assert await refusal(app, pilot) == expected, reason
            await tap(pilot, "#try-again")
            await until(pilot, lambda: app.screen is page, what="back to the page")
            assert page.code == ""  # to be typed afresh
        assert "请于 13:30 以后签到" in await hub_says(409, "too-early", code=early.code)

        await tap(pilot, "#switch")
        expected = await hub_says(409, "ambiguous", phone_tail="2468", surname="张")
        await press_keys(pilot, "digit-keys", "2468")
        await choose(pilot, "surname-keys", "张")
        await tap(pilot, "#confirm")
        assert await refusal(app, pilot) == expected
        await tap(pilot, "#try-again")
        await until(pilot, lambda: app.screen is page, what="back to the page")

        # The page cannot send a blank surname; the hub's 422 reads as politely.
        expected = await hub_says(422, "code-or-phone", phone_tail="2468", surname=" ")
        app.check_in(page, phone_tail="2468", surname=" ")
        assert await refusal(app, pilot) == expected
        await tap(pilot, "#go-home")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")

        hall.clock.advance(minutes=40)  # 10:20: the 09:00-10:00 slot closed at 10:15
        page = await open_check_in(pilot)
        expected = await hub_says(409, "too-late", code=late.code)
        await pilot.press(*late.code, "enter")
        assert await refusal(app, pilot) == expected
        await tap(pilot, "#go-home")
        await until(pilot, lambda: shown(app, HomeScreen), what="home")

        hall.clock.advance(days=1)
        page = await open_check_in(pilot)
        expected = await hub_says(409, "appointment-expired", code=expired.code)
        await pilot.press(*expired.code, "enter")
        assert await refusal(app, pilot) == expected
    assert [t.appointment for t in hall.hub.hall.tickets.values()] == [used.code]


async def test_a_lost_answer_is_asked_again_with_the_same_request_id(hall: RunningHub) -> None:
    booked = await book(hall)
    async with Proxy(hall.port, watch=b"POST /api/appointments/check-in ") as proxy, \
            kiosk(hall, url=proxy.url, printer=WITHOUT_PRINTER) as (_app, pilot):
        proxy.lose_answers = 1
        await open_check_in(pilot)
        await press_keys(pilot, "code-keys", booked.code)
        await tap(pilot, "#confirm")
        screen = await ticket_screen(pilot)
        assert proxy.ticket_requests == 2  # the hub answered twice, the kiosk heard once
        assert [t.id for t in hall.hub.hall.tickets.values()] == [screen.ticket.id]
        assert hall.hub.hall.tickets[screen.ticket.id].appointment == booked.code


async def test_while_the_hub_is_away(hall: RunningHub) -> None:
    booked = await book(hall)
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        page = await open_check_in(pilot)
        await press_keys(pilot, "code-keys", booked.code)
        await hall.stop()
        await until(pilot, lambda: not app.online, what="the kiosk to notice")
        assert text_of(app, "#prompt") == texts.CONNECTING
        assert page.query_one("#confirm").disabled
        await pilot.click("#confirm")
        await pilot.pause(0.3)
        assert app.screen is page and not app.busy

        await hall.start()
        await until(pilot, lambda: app.online, what="reconnection")
        assert text_of(app, "#prompt") == texts.CODE_PROMPT
        await tap(pilot, "#confirm")
        screen = await ticket_screen(pilot)
        assert hall.hub.hall.tickets[screen.ticket.id].appointment == booked.code

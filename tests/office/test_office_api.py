"""The office's API end to end against a real hub: appointments, complaints, ratings,
notices, figures and their exports, and masking in every public output."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import date, timedelta

import aiohttp
import msgspec
import pytest
from openpyxl import load_workbook

from bianmin.client import new_request_id
from tests.hubfixture import DISPLAY, KIOSK, PIN, JsonClient, RunningHub, refused

RATING = "demo-rating"
NAME, PHONE, ADDRESS = "王小明", "13812345678", "青溪镇东村12号"


async def office(hub: RunningHub) -> JsonClient:
    c = hub.client()
    await c.login("9001", PIN)
    return c


def slot_now(hub: RunningHub) -> tuple[str, str]:
    """Today's date and a slot that is open for check-in now, moving the clock if needed."""
    now = hub.clock()
    if not 9 <= now.hour < 16:
        hub.clock.advance(hours=(10 - now.hour) % 24)
    now = hub.clock()
    slots = {9: "09:00-10:00", 10: "10:00-11:00", 14: "14:00-15:00", 15: "15:00-16:00"}
    if now.hour not in slots:
        hub.clock.advance(hours=14 - now.hour)
        now = hub.clock()
    return now.date().isoformat(), slots[now.hour]


async def test_book_check_in_and_masking(hub: RunningHub) -> None:
    day, slot = slot_now(hub)  # first: a sign-in lasts only its day
    o = await office(hub)
    booked = await o.json("POST", "/api/appointments", {
        "matter": "D", "day": day, "slot": slot, "name": NAME, "phone": PHONE})
    code = booked["code"]
    assert booked["name"] == NAME and len(code) == 6 and code in booked["message"]
    # a resident online sees the code but the masked form of the data
    async with hub.client() as web:
        online = await web.json("POST", "/api/appointments", {
            "matter": "D", "day": day, "slot": slot, "name": "李四", "phone": "13900001111"})
        assert online["name"] == "李*" and online["phone"] == "139****1111"
        public = await web.json("GET", f"/api/appointments/{code}")
        assert public["name"] == "王**" and public["phone"] == "138****5678"
        assert "code" not in public and "note" not in public
    async with hub.client(KIOSK) as kiosk:
        err = await refused(kiosk.json("POST", "/api/appointments/check-in",
                                          {"code": "ZZZZZZ", "request_id": new_request_id()}))
        assert err.status == 404 and "预约码" in err.message
        ticket = await kiosk.json("POST", "/api/appointments/check-in",
                                     {"phone_tail": PHONE[-4:], "surname": "王",
                                      "request_id": new_request_id()})
        assert ticket["priority"] == "appointment" and ticket["number"] == "D001"
        assert ticket["appointment"]["name"] == "王**"
        err = await refused(kiosk.json("POST", "/api/appointments/check-in",
                                          {"code": code, "request_id": new_request_id()}))
        assert err.code == "already-checked-in"
    listing = await o.json("GET", f"/api/appointments?from={day}&to={day}")
    mine = next(a for a in listing if a["code"] == code)
    assert mine["state"] == "checked-in" and mine["ticket"] == ticket["id"]
    await o.close()


async def test_appointment_refusals_over_http(hub: RunningHub) -> None:
    o = await office(hub)
    today = hub.clock().date()
    tomorrow = (today + timedelta(days=1)).isoformat()
    booked = await o.json("POST", "/api/appointments", {
        "matter": "A", "day": tomorrow, "slot": "09:00-10:00", "name": NAME, "phone": PHONE})
    async with hub.client(KIOSK) as kiosk:
        err = await refused(kiosk.json("POST", "/api/appointments/check-in",
                                          {"code": booked["code"],
                                           "request_id": new_request_id()}))
        assert err.status == 409 and err.code == "wrong-day"
    changes: list[tuple[dict[str, str | bool], str]] = [
        ({"slot": "07:00-08:00"}, "bad-slot"),
        ({"phone": "12345"}, "bad-phone"),
        ({"day": (today - timedelta(days=1)).isoformat()}, "past-day"),
        ({"home_visit": True}, "address-required"),
    ]
    for body, code in changes:
        err = await refused(o.json("POST", "/api/appointments", {
            "matter": "A", "day": tomorrow, "slot": "09:00-10:00", "name": NAME,
            "phone": PHONE, **body}))
        assert err.status == 422 and err.code == code
    home = await o.json("POST", "/api/appointments", {
        "matter": "C", "day": tomorrow, "slot": "14:00-15:00", "name": "赵奶奶",
        "phone": "0571-8468000", "home_visit": True, "address": ADDRESS})
    assigned = await o.json("POST", f"/api/appointments/{home['code']}/assign",
                               {"clerk": "1004"})
    assert assigned["state"] == "assigned" and assigned["assigned_name"] == "刘洋"
    done = await o.json("POST", f"/api/appointments/{home['code']}/complete",
                           {"note": "已上门办理"})
    assert done["state"] == "done"
    await o.close()


@pytest.mark.hall_clock("10:00")  # it lets 45 minutes pass with the office signed in
async def test_complaints_lodged_followed_and_answered(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk, hub.client() as web:
        options = await web.json("GET", "/api/complaints/options")
        assert len(options["windows"]) == 8 and options["reasons"]
        lodged = await kiosk.json("POST", "/api/complaints",
                                     {"window": 2, "clerk": "1002", "reason": "服务态度不好",
                                      "phone": PHONE})
        number, code = lodged["number"], lodged["code"]
        assert number.startswith("TS") and number in lodged["message"]
        assert len(code) == 6 and code in lodged["message"]
        assert "reason" not in lodged and "phone" not in lodged
        err = await refused(web.json("POST", "/api/complaints", {"reason": ""}))
        assert err.status == 422
        o = await office(hub)
        full = await o.json("GET", f"/api/complaints/{number}")
        assert full["reason"] == "服务态度不好" and full["phone"] == PHONE
        assert full["channel"] == "kiosk" and full["code"] == code
        await o.json("POST", f"/api/complaints/{number}/handle", {"note": "已调取录像核实"})
        hub.clock.advance(minutes=45)
        answered = await o.json("POST", f"/api/complaints/{number}/answer",
                                   {"result": "已对当事人批评教育，并向您致歉"})
        assert answered["state"] == "answered" and answered["minutes_to_answer"] == 45
        mine = await web.json("GET", f"/api/complaints/{number}?code={code}")
        assert mine["state_name"] == "已答复" and "致歉" in mine["result"]
        assert "phone" not in mine and "reason" not in mine and "code" not in mine
        await o.close()


async def test_rating_once_per_finished_ticket(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        t = await kiosk.issue_ticket("A", new_request_id())
    clerk = await hub.clerk(1)
    await clerk.call_next(1)
    await clerk.start(t.id)
    async with hub.client(RATING) as pad:
        err = await refused(pad.json("POST", f"/api/tickets/{t.id}/rating",
                                        {"window": 1, "rating": "satisfied"}))
        assert err.code == "not-finished-here"
        await clerk.finish(t.id, "consultation")
        err = await refused(pad.json("POST", f"/api/tickets/{t.id}/rating",
                                        {"window": 1, "rating": "unsatisfied"}))
        assert err.status == 422 and "哪些方面不满意" in err.message
        rated = await pad.json("POST", f"/api/tickets/{t.id}/rating",
                                  {"window": 1, "rating": "unsatisfied", "points": ["服务效率"]})
        assert rated["message"].startswith("感谢您的评价！")
        err = await refused(pad.json("POST", f"/api/tickets/{t.id}/rating",
                                        {"window": 1, "rating": "satisfied"}))
        assert err.code == "already-rated"
    await clerk.close()


async def test_notices_masked_for_the_hall(hub: RunningHub) -> None:
    o = await office(hub)
    today = hub.clock().date()
    published = await o.json("POST", "/api/notices", {
        "title": "不动产登记办结公告", "names": [NAME],
        "text": f"申请人{NAME}（{PHONE}）的不动产首次登记已办结，特此公告。",
        "show_from": today.isoformat(), "show_until": (today + timedelta(days=3)).isoformat()})
    assert published["text"].count(NAME) == 1 and NAME not in published["public_text"]
    async with hub.client(DISPLAY) as display:
        current = await display.json("GET", "/api/notices")
        hall = await display.json("GET", "/api/hall")
    for seen in (current, hall["notices"]):
        assert len(seen) == 1
        text = json.dumps(seen, ensure_ascii=False)
        assert NAME not in text and PHONE not in text and "王**" in text
    await o.json("POST", f"/api/notices/{published['id']}/withdraw")
    async with hub.client(DISPLAY) as display:
        assert await display.json("GET", "/api/notices") == []
    await o.close()


async def test_personal_data_never_reaches_a_public_or_clerk_output(hub: RunningHub) -> None:
    """Book, check in, complain, publish; then read every public and clerk output."""
    day, slot = slot_now(hub)  # first: a sign-in lasts only its day
    o = await office(hub)
    clerk = await hub.clerk(4)
    ws_url = hub.url.replace("http", "ws") + "/api/ws"
    seen: list[str] = []
    async with aiohttp.ClientSession() as s:
        sockets = [await s.ws_connect(f"{ws_url}?token={t}") for t in (DISPLAY, KIOSK,
                                                                        clerk.token)]
        booked = await o.json("POST", "/api/appointments", {
            "matter": "C", "day": day, "slot": slot, "name": NAME, "phone": PHONE,
            "home_visit": False, "note": "腿脚不便"})
        await o.json("POST", "/api/appointments", {
            "matter": "C", "day": day, "slot": slot, "name": "赵奶奶", "phone": "13700001111",
            "home_visit": True, "address": ADDRESS})
        async with hub.client(KIOSK) as kiosk:
            checked = await kiosk.json("POST", "/api/appointments/check-in",
                                          {"code": booked["code"],
                                           "request_id": new_request_id()})
            seen.append(json.dumps(checked, ensure_ascii=False))
            seen.append(json.dumps(await kiosk.json(
                "POST", "/api/complaints", {"reason": f"{NAME}投诉", "phone": PHONE}),
                ensure_ascii=False))
        await o.json("POST", "/api/notices", {
            "title": f"{NAME}的公告", "text": f"{NAME}（{PHONE}）事项已办结", "names": [NAME],
            "show_until": (hub.clock().date() + timedelta(days=1)).isoformat()})
        complaints = await o.json("GET", "/api/complaints")
        number = complaints[0]["number"]
        await o.json("POST", f"/api/complaints/{number}/handle",
                        {"note": f"已联系{NAME}，电话{PHONE}"})
        await o.json("POST", f"/api/complaints/{number}/answer",
                        {"result": f"已向{NAME}致歉"})
        async with s.get(f"{hub.url}/api/complaints/{number}") as resp:
            seen.append(await resp.text())
        called = await clerk.call_next(4)
        seen.append(msgspec.json.encode(called).decode())
        for path in ("/api/hall", "/api/notices", f"/api/tickets/{checked['id']}",
                     f"/api/appointments/{booked['code']}"):
            for token in (DISPLAY, KIOSK, clerk.token, None):
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                async with s.get(hub.url + path, headers=headers) as resp:
                    seen.append(await resp.text())
        for ws in sockets:
            while True:
                try:
                    msg = await asyncio.wait_for(ws.receive(), 0.5)
                except TimeoutError:
                    break
                seen.append(msg.data)
            await ws.close()
    blob = "\n".join(seen)
    assert "ticket-called" in blob and "appointment-booked" in blob
    for secret in (NAME, PHONE, "13700001111", ADDRESS, "赵奶奶", "腿脚不便"):
        assert secret not in blob, secret
    await o.close()
    await clerk.close()


async def test_figures_change_and_export(hub: RunningHub) -> None:
    o = await office(hub)
    day = hub.clock().date().isoformat()
    before = await o.json("GET", f"/api/figures?from={day}&to={day}")
    assert all(r["served"] == 0 for r in before["rows"])
    async with hub.client(KIOSK) as kiosk:
        t = await kiosk.issue_ticket("B", new_request_id())
        await kiosk.json("POST", "/api/complaints", {"window": 2, "reason": "效率低"})
    clerk = await hub.clerk(2)
    await clerk.call_next(2)
    await clerk.start(t.id)
    await clerk.finish(t.id, "promised",
                       promised_date=date.fromisoformat(day) + timedelta(days=5))
    async with hub.client(RATING) as pad:
        await pad.json("POST", f"/api/tickets/{t.id}/rating",
                          {"window": 2, "rating": "satisfied"})
    after = await o.json("GET", f"/api/figures?from={day}&to={day}")
    rows = {(r["dimension"], r["key"]): r for r in after["rows"]}
    w2 = rows[("window", "2")]
    assert (w2["served"], w2["outcome_promised"], w2["rating_satisfied"], w2["complaints"]) == (
        1, 1, 1, 1)
    assert rows[("matter", "B")]["issued"] == 1 and rows[("clerk", "1002")]["served"] == 1
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{hub.url}/api/figures.csv?from={day}&to={day}&token={o.token}"
                         ) as resp:
            assert resp.status == 200
            csv_text = (await resp.read()).decode("utf-8-sig")
        async with s.get(f"{hub.url}/api/figures.xlsx?from={day}&to={day}",
                         headers={"Authorization": f"Bearer {o.token}"}) as resp:
            book = load_workbook(io.BytesIO(await resp.read()))
        async with s.get(f"{hub.url}/api/figures.xlsx?from={day}&to={day}",
                         headers={"Authorization": f"Bearer {KIOSK}"}) as resp:
            assert resp.status == 403
    lines = csv_text.splitlines()
    assert lines[0].startswith("维度,代号,名称,取号数,办结数")
    assert any(line.startswith("窗口,2,2号窗口 人力社保,0,1") for line in lines)
    assert book.sheetnames == ["汇总", "按事项", "按窗口", "按人员", "一件事", "每日", "说明"]
    sheet = book["按窗口"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "2")
    assert row[header.index("办结数")] == 1 and row[header.index("满意")] == 1
    assert row[header.index("承诺件")] == 1 and row[header.index("投诉")] == 1
    await o.close()
    await clerk.close()


async def test_office_only(hub: RunningHub) -> None:
    clerk = await hub.clerk(1)
    for path in ("/api/figures", "/api/complaints", "/api/appointments"):
        err = await refused(clerk.json("GET", path))
        assert err.status == 403
    async with hub.client() as anyone:
        err = await refused(anyone.json("GET", "/api/figures"))
        assert err.status == 401
    await clerk.close()


async def test_figures_of_a_later_day_follow_tickets_issued_before_it(hub: RunningHub) -> None:
    """A promise kept three days after the ticket was issued counts on the day it was kept."""
    o = await office(hub)
    async with hub.client(KIOSK) as kiosk:
        t = await kiosk.issue_ticket("C", new_request_id())
    clerk = await hub.clerk(4)
    await clerk.call_next(4)
    await clerk.start(t.id)
    promised = hub.clock().date() + timedelta(days=1)
    await clerk.finish(t.id, "promised", promised_date=promised)
    hub.clock.advance(days=3)
    await o.close()
    o = await office(hub)  # yesterday's sign-in ended with its day
    await o.json("POST", f"/api/tickets/{t.id}/promise-kept", {"note": "已电话告知"})
    day = hub.clock().date().isoformat()
    figures = await o.json("GET", f"/api/figures?from={day}&to={day}")
    rows = {(r["dimension"], r["key"]): r for r in figures["rows"]}
    assert rows[("window", "4")]["promises_late"] == 1
    assert rows[("clerk", "1004")]["promises_late"] == 1 and rows[("all", "")]["issued"] == 0
    await o.close()
    await clerk.close()


async def test_odd_input_to_office_routes_is_refused_not_a_500(hub: RunningHub) -> None:
    day, slot = slot_now(hub)  # first: a sign-in lasts only its day
    o = await office(hub)
    for path in ("/api/figures?from=9999-12-31", "/api/appointments?from=9999-12-31",
                 "/api/figures?from=2026-01-01&to=2025-01-01"):
        err = await refused(o.json("GET", path))
        assert err.status == 422, path
    async with hub.client(KIOSK) as kiosk:
        rid = new_request_id()
        await kiosk.issue_ticket("A", rid)
        err = await refused(kiosk.json("POST", "/api/appointments/check-in",
                                          {"code": "ABC234", "request_id": rid}))
        assert err.status == 409 and err.code == "request-id-used"
    booked = await o.json("POST", "/api/appointments", {
        "matter": "A", "day": day, "slot": slot, "name": NAME, "phone": PHONE})
    cancelled = await o.json("POST", f"/api/appointments/%20{booked['code']}/cancel")
    assert cancelled["state"] == "cancelled"
    await o.close()

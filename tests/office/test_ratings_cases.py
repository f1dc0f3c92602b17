"""好差评 end to end against a real hub: five levels at the pad and from a phone, one rating
per ticket whichever way it comes, every bad rating a case with a deadline in working days,
called back, put right and closed; deadlines flagged; complaints answered by their day."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bianmin.client import new_request_id
from bianmin.domain import office_events as oe
from tests.hubfixture import KIOSK, PIN, Clock, JsonClient, RunningHub, raw, refused, running_hub

RATING = "demo-rating"
HALL = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=HALL)


async def office(hub: RunningHub, staff_no: str = "9001") -> JsonClient:
    c = hub.client()
    await c.login(staff_no, PIN)
    return c


async def finished(hub: RunningHub, window: int, matter: str, count: int = 1) -> list[str]:
    """`count` tickets of `matter` served and finished at `window`; their ids."""
    async with hub.client(KIOSK) as kiosk:
        ids = [(await kiosk.issue_ticket(matter, new_request_id())).id for _ in range(count)]
    async with await hub.clerk(window) as clerk:
        for tid in ids:
            called = await clerk.call_next(window)
            assert called.id == tid
            await clerk.start(tid)
            await clerk.finish(tid, "consultation")
    return ids


async def from_phone(hub: RunningHub, ticket: str, body: dict[str, Any]) -> tuple[int, Any]:
    return await raw(hub, "POST", f"/api/tickets/{ticket}/rating", body=json.dumps(body))


@pytest.fixture
async def monday(tmp_path: Path) -> Any:
    async with running_hub(tmp_path, clock=Clock(MONDAY)) as hub:
        yield hub


async def test_five_levels_and_what_a_bad_rating_needs(monday: RunningHub) -> None:
    hub = monday
    ids = await finished(hub, 2, "B", 6)
    async with hub.client(RATING) as pad:
        for tid, level in zip(ids, ["very-satisfied", "satisfied", "basic"], strict=False):
            rated = await pad.json("POST", f"/api/tickets/{tid}/rating",
                                   {"window": 2, "rating": level})
            assert rated["message"] == "感谢您的评价！"
        bad = ids[3]
        mistakes: list[tuple[dict[str, Any], str]] = [
            ({"rating": "excellent"}, "bad-rating"),
            ({"rating": "unsatisfied"}, "points-required"),
            ({"rating": "unsatisfied", "points": ["等候时间长"]}, "bad-points"),
            ({"rating": "unsatisfied", "points": ["服务效率"], "phone": "12345"}, "bad-phone"),
        ]
        for body, code in mistakes:
            err = await refused(pad.json("POST", f"/api/tickets/{bad}/rating",
                                         {"window": 2, **body}))
            assert (err.status, err.code) == (422, code), body
        err = await refused(pad.json("POST", f"/api/tickets/{ids[4]}/rating",
                                     {"window": 2, "rating": "satisfied", "points": ["服务效率"]}))
        assert err.code == "bad-points"  # a good rating names no faults
        err = await refused(pad.json("POST", f"/api/tickets/{bad}/rating",
                                     {"rating": "satisfied"}))
        assert err.code == "window-required"  # a pad says where it stands
        rated = await pad.json("POST", f"/api/tickets/{bad}/rating", {
            "window": 2, "rating": "very-unsatisfied", "points": ["服务效率", "服务态度"],
            "phone": "139 1234 5678"})
        assert "15个工作日内给您回电并整改" in rated["message"]
        rated = await pad.json("POST", f"/api/tickets/{ids[4]}/rating", {
            "window": 2, "rating": "unsatisfied", "points": ["服务水平"]})
        assert "15个工作日内整改" in rated["message"] and "回电" not in rated["message"]
    o = await office(hub)
    cases = {c["ticket"]: c for c in await o.json("GET", "/api/cases")}
    assert set(cases) == {bad, ids[4]}
    case = cases[bad]
    assert case["id"] == "CP20261130001" and case["rating_name"] == "非常不满意"
    assert case["points"] == ["服务效率", "服务态度"] and case["phone"] == "13912345678"
    # 人力社保 is headed by 9002; fifteen working days from Monday 30 November
    assert (case["department"], case["assignee"], case["assignee_name"]) == (
        "人力社保", "9002", "孙科长")
    assert case["due"] == "2026-12-21" and case["working_days_left"] == 15
    assert case["due_status"] == "ok" and case["state_name"] == "办理中"
    assert case["clerk"] == "1002" and case["window_label"] == "2号窗口"
    figures = await o.json("GET", "/api/figures")
    w2 = next(r for r in figures["rows"] if r["dimension"] == "window" and r["key"] == "2")
    assert (w2["rating_very_satisfied"], w2["rating_satisfied"], w2["rating_basic"],
            w2["rating_unsatisfied"], w2["rating_very_unsatisfied"]) == (1, 1, 1, 1, 1)
    await o.close()


async def test_one_rating_per_ticket_whichever_way_it_comes(monday: RunningHub) -> None:
    hub = monday
    first, second = await finished(hub, 1, "A", 2)
    status, options = await raw(hub, "GET", f"/api/tickets/{first}/rating")
    assert status == 200 and options["state"] == "open"
    assert [lv["name"] for lv in options["levels"]] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert options["points"] == ["服务效率", "服务水平", "服务态度"]
    status, _ = await from_phone(hub, first, {"rating": "satisfied"})
    assert status == 201
    async with hub.client(RATING) as pad:
        err = await refused(pad.json("POST", f"/api/tickets/{first}/rating",
                                     {"window": 1, "rating": "basic"}))
        assert err.code == "already-rated"
        await pad.json("POST", f"/api/tickets/{second}/rating",
                       {"window": 1, "rating": "basic"})
    status, body = await from_phone(hub, second, {"rating": "satisfied"})
    assert status == 409 and body["error"]["code"] == "already-rated"
    status, options = await raw(hub, "GET", f"/api/tickets/{second}/rating")
    assert options["state"] == "rated"
    # a phone is not a pad: it cannot rate for another window, and staff do not rate
    async with await hub.clerk(1) as clerk:
        err = await refused(clerk.json("POST", f"/api/tickets/{second}/rating",
                                       {"rating": "satisfied"}))
        assert err.status == 403


async def test_the_phone_may_rate_for_a_day_even_past_midnight(monday: RunningHub) -> None:
    hub = monday
    (late, unrated) = await finished(hub, 1, "A", 2)
    status, options = await raw(hub, "GET", f"/api/tickets/{late}/rating")
    closes = datetime.fromisoformat(options["closes_at"])
    assert closes == hub.clock() + timedelta(minutes=1440)
    async with hub.client(RATING) as pad:  # the pad's ten minutes are over
        hub.clock.advance(minutes=11)
        err = await refused(pad.json("POST", f"/api/tickets/{late}/rating",
                                     {"window": 1, "rating": "satisfied"}))
        assert err.code == "rating-closed"
    hub.clock.advance(hours=20)  # the next morning: the hall has let yesterday's tickets go
    await hub.hub.tick()
    assert late not in hub.hub.hall.tickets
    status, _ = await from_phone(hub, late, {"rating": "unsatisfied", "points": ["服务效率"]})
    assert status == 201
    o = await office(hub)
    (case,) = await o.json("GET", "/api/cases")
    assert case["ticket"] == late and case["id"] == "CP20261201001"  # opened on its day
    await o.close()
    hub.clock.advance(hours=4)
    status, options = await raw(hub, "GET", f"/api/tickets/{unrated}/rating")
    assert options["state"] == "closed"
    status, body = await from_phone(hub, unrated, {"rating": "satisfied"})
    assert status == 409 and body["error"]["code"] == "rating-closed"
    await hub.restart()  # and what was rated stays rated
    status, options = await raw(hub, "GET", f"/api/tickets/{late}/rating")
    assert options["state"] == "rated"


async def test_phone_ratings_are_limited_per_address(monday: RunningHub) -> None:
    hub = monday
    ids = await finished(hub, 1, "A", 11)
    for tid in ids[:10]:
        status, _ = await from_phone(hub, tid, {"rating": "satisfied"})
        assert status == 201
    status, body = await from_phone(hub, ids[10], {"rating": "satisfied"})
    assert status == 429 and "分钟" in body["error"]["message"]


async def test_a_case_closes_only_once_called_back_and_put_right(monday: RunningHub) -> None:
    hub = monday
    (tid,) = await finished(hub, 1, "A")
    await from_phone(hub, tid, {"rating": "unsatisfied", "points": ["服务态度"]})
    o = await office(hub)
    (case,) = await o.json("GET", "/api/cases")
    number = case["id"]
    assert case["assignee"] == "" and case["assignee_name"] == "中心办公室"  # 派出所户籍
    err = await refused(o.json("POST", f"/api/cases/{number}/close", {}))
    assert err.status == 409 and err.code == "callback-required"
    err = await refused(o.json("POST", f"/api/cases/{number}/call-back", {"reached": False}))
    assert err.status == 422 and "原因" in err.message
    after = await o.json("POST", f"/api/cases/{number}/call-back",
                         {"reached": False, "note": "群众未留电话，无法回访"})
    assert after["reached"] is False and after["called_back_by"] == "9001"
    err = await refused(o.json("POST", f"/api/cases/{number}/close", {}))
    assert err.code == "rectification-required"
    await o.json("POST", f"/api/cases/{number}/rectify",
                 {"note": "调取录像核实，对1号窗口工作人员批评教育"})
    err = await refused(o.json("POST", f"/api/cases/{number}/assign", {"assignee": "1001"}))
    assert err.status == 422 and err.code == "no-such-head"
    given = await o.json("POST", f"/api/cases/{number}/assign", {"assignee": "9002"})
    assert given["assignee_name"] == "孙科长"
    head = await office(hub, "9002")  # a department head works the case in the console too
    closed = await head.json("POST", f"/api/cases/{number}/close", {"note": "已归档"})
    assert closed["state"] == "closed" and closed["late"] is False
    assert closed["closed_by"] == "9002" and closed["due_status"] == ""
    assert [line.split(" ", 2)[2] for line in closed["log"]] == [
        "不满意，限 12月21日 前回访整改", "9001 无法回访：群众未留电话，无法回访",
        "9001 整改：调取录像核实，对1号窗口工作人员批评教育", "9001 转交 9002", "9002 办结：已归档"]
    for action, body in [("call-back", {"reached": True, "note": "满意"}),
                         ("rectify", {"note": "再次整改"}), ("close", {})]:
        err = await refused(head.json("POST", f"/api/cases/{number}/{action}", body))
        assert (err.status, err.code) == (409, "case-closed"), action
    err = await refused(head.json("GET", "/api/cases/CP20991231001"))
    assert err.status == 404
    async with await hub.clerk(1) as clerk:
        err = await refused(clerk.json("GET", "/api/cases"))
        assert err.status == 403
    await hub.restart()  # the case and its log are kept
    again = await office(hub)
    kept = await again.json("GET", f"/api/cases/{number}")
    assert kept["state"] == "closed" and len(kept["log"]) == 5
    for c in (o, head, again):
        await c.close()


def with_holidays(toml: str) -> str:
    """The demo, with a holiday week in December 2026 and Saturday the 19th worked."""
    return toml.replace("  2026-10-06, 2026-10-07,\n]", "  2026-10-06, 2026-10-07,\n"
                        "  2026-12-07, 2026-12-08, 2026-12-09, 2026-12-10, 2026-12-11,\n]"
                        ).replace("workdays = [2026-01-04,", "workdays = [2026-12-19, 2026-01-04,")


async def test_deadlines_in_working_days_and_flags_to_the_head(tmp_path: Path) -> None:
    clock = Clock(MONDAY)
    async with running_hub(tmp_path, clock=clock, edit=with_holidays) as hub:
        (tid,) = await finished(hub, 2, "B")
        async with hub.client(RATING) as pad:
            await pad.json("POST", f"/api/tickets/{tid}/rating",
                           {"window": 2, "rating": "unsatisfied", "points": ["服务效率"]})
        head = await office(hub, "9002")
        (case,) = await head.json("GET", "/api/cases")
        # 1-4 Dec (4), 7-11 off, 14-18 (9), Saturday 19 worked (10), 21-25 (15)
        assert case["due"] == "2026-12-25"
        for day in range(1, 29):  # the hub's housekeeping, once each day to Monday 28th
            clock.now = MONDAY + timedelta(days=day)
            await hub.hub.tick()
        await head.close()
        head = await office(hub, "9002")  # a new day, a new sign-in
        flags = [s.event for s in await hub.hub.store.events()
                 if isinstance(s.event, oe.CaseFlagged)]
        # Once when three working days are left (Tuesday 22nd), once when it is past.
        assert [(f"{f.at:%m-%d}", f.level, f.assignee) for f in flags] == [
            ("12-22", "due-soon", "9002"), ("12-26", "overdue", "9002")]
        status, feed = await raw(hub, "GET", "/api/cases", token=head.token)
        assert status == 200 and feed[0]["due_status"] == "overdue"
        (late,) = await head.json("GET", "/api/cases")
        assert late["due_status"] == "overdue" and late["working_days_left"] == -1
        await head.json("POST", f"/api/cases/{late['id']}/call-back",
                        {"reached": True, "note": "群众表示理解"})
        await head.json("POST", f"/api/cases/{late['id']}/rectify", {"note": "加强培训"})
        closed = await head.json("POST", f"/api/cases/{late['id']}/close", {})
        assert closed["late"] is True
        await head.close()


async def test_complaints_have_a_reply_day_and_say_if_answered_late(monday: RunningHub
                                                                   ) -> None:
    hub = monday
    async with hub.client(KIOSK) as kiosk:
        lodged = await kiosk.json("POST", "/api/complaints", {"window": 2, "reason": "态度差"})
    assert lodged["due"] == "2026-12-07"  # five working days from Monday
    assert "2026年12月07日 前把结果告知您" in lodged["message"]
    number, code = lodged["number"], lodged["code"]
    status, mine = await raw(hub, "GET", f"/api/complaints/{number}?code={code}")
    assert (mine["due"], mine["due_status"], mine["late"]) == ("2026-12-07", "ok", False)
    hub.clock.advance(days=5)  # Saturday 5th: the 7th is one working day away
    status, mine = await raw(hub, "GET", f"/api/complaints/{number}?code={code}")
    assert mine["due_status"] == "due-soon"
    hub.clock.advance(days=3)  # Tuesday 8th: past it
    o = await office(hub)
    (full,) = await o.json("GET", "/api/complaints")
    assert full["due_status"] == "overdue"
    answered = await o.json("POST", f"/api/complaints/{number}/answer",
                            {"result": "已核实并致歉"})
    assert answered["late"] is True and answered["due_status"] == ""
    status, mine = await raw(hub, "GET", f"/api/complaints/{number}?code={code}")
    assert status == 200 and mine["late"] is True and mine["result"] == "已核实并致歉"
    assert mine["answered_at"].startswith("2026-12-08")
    await o.close()

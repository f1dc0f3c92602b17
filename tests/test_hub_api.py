"""The hub's REST API against a real server on 127.0.0.1 with a real SQLite file."""

from __future__ import annotations

import asyncio

import pytest

from bianmin.client import HubError, new_request_id
from bianmin.wire.hall import HallClerk, HallPublic
from bianmin.wire.tickets import Step
from tests.hubfixture import DISPLAY, KIOSK, PIN, RunningHub, raw, refused


async def test_login_refusals_and_lockout(hub: RunningHub) -> None:
    async with hub.client() as c:
        err = await refused(c.login("1001", "000000", 1))
        assert err.status == 401 and "工号或密码不正确" in err.message
        err = await refused(c.login("nobody", PIN, 1))
        assert err.status == 401
        err = await refused(c.login("1001", PIN, 99))
        assert err.status == 404 and "99" in err.message
        for _ in range(5):
            await refused(c.login("1002", "999999", 2))
        err = await refused(c.login("1002", PIN, 2))
        assert err.status == 409 and err.code == "locked"


async def test_window_taken_then_forced_takeover_ends_the_old_session(hub: RunningHub) -> None:
    first = await hub.clerk(1)
    async with hub.client() as second:
        err = await refused(second.login("1003", PIN, 1))
        assert err.status == 409 and err.code == "window-taken" and "张丽" in err.message
        await second.login("1003", PIN, 1, force=True)
        err = await refused(first.call_next(1))
        assert err.status == 401 and err.code == "session-ended"
        me = await second.me()
        assert me.window == 1 and me.id == "1003"
    await first.close()


async def test_roles(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk, hub.client(DISPLAY) as display:
        t = await kiosk.issue_ticket("A", new_request_id())
        err = await refused(kiosk.call_next(1))
        assert err.status == 403 and "取号机无权" in err.message
        err = await refused(display.issue_ticket("A", new_request_id()))
        assert err.status == 403
        err = await refused(kiosk.issue_ticket("A", new_request_id(), "urgent"))
        assert err.status == 403 and err.code == "staff-only-priority"
        err = await refused(kiosk.make_urgent(t.id, "急"))
        assert err.status == 403
        hall = await display.hall(HallPublic)
        assert not hasattr(hall, "printers") and not hasattr(hall, "tickets")
        (a,) = [m for m in hall.matters if m.prefix == "A"]
        assert a.waiting == 1 and a.wait_minutes is None  # counts; no window open yet
        status, raw_hall = await raw(hub, "GET", "/api/hall", token=DISPLAY)
        assert status == 200 and "printers" not in raw_hall and "tickets" not in raw_hall
    async with hub.client() as anonymous:
        err = await refused(anonymous.hall(HallPublic))
        assert err.status == 401
        public = await anonymous.ticket(t.id)  # the code printed on the ticket
        assert public.number == "A001"
        status, data = await raw(hub, "GET", f"/api/tickets/{t.id}")
        assert status == 200 and "device" not in data and "owner" not in data
    clerk1, clerk3 = await hub.clerk(1), await hub.clerk(3)
    err = await refused(clerk1.call_next(3))
    assert err.status == 403 and err.code == "wrong-window"
    called = await clerk1.call_next(1)
    err = await refused(clerk3.start(called.id))
    assert err.status == 409 and err.code == "other-window"
    await clerk1.close()
    await clerk3.close()


async def test_full_life_through_the_api(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        issued = [await kiosk.issue_ticket(m, new_request_id()) for m in ("A", "A", "B")]
    assert [t.number for t in issued] == ["A001", "A002", "B001"]
    assert [t.ahead for t in issued] == [0, 1, 0]
    c1, c3 = await hub.clerk(1), await hub.clerk(3)
    t = await c1.call_next(1)
    assert t.number == "A001"
    t = await c1.recall(t.id)
    assert t.recalls == 1
    await c1.start(t.id)
    t = await c1.transfer(t.id, "需要综合窗口核实", to_window=3)
    assert t.state == "waiting" and t.target_window == 3 and t.owner == "1001"
    sup = await c1.supervised()
    assert [s.ticket.id for s in sup] == [t.id] and sup[0].where == "等候 3号窗口"
    queue = await c3.window_queue(3)
    assert queue.next[0].id == t.id  # front of the queue at the target
    called = await c3.call_next(3)
    assert called.id == t.id
    await c3.start(t.id)
    err = await refused(c3.finish(t.id, "supplement", missing_materials=["存折"]))
    assert err.status == 422 and "存折" in err.message
    status, data = await raw(hub, "POST", f"/api/tickets/{t.id}/finish", token=c3.token,
                             body='{"outcome": "nonsense"}')
    assert status == 422 and "consultation" in data["error"]["message"]
    done = await c3.finish(t.id, "supplement", missing_materials=["户口簿", "居民身份证"])
    assert done.state == "done" and done.outcome == "supplement"
    sup = await c1.supervised()
    assert sup[0].finished_elsewhere and sup[0].with_clerk_name == "李娜"
    history = await c1.history(t.id)
    assert [h.kind for h in history] == [
        "ticket-issued", "ticket-called", "ticket-recalled", "ticket-received",
        "ticket-transferred", "ticket-called", "ticket-received", "ticket-finished"]
    finished = history[-1]
    assert finished.missing_materials == ["户口簿", "居民身份证"] and finished.clerk == "1003"
    await c1.pause(1, "临时离开")
    err = await refused(c1.call_next(1))
    assert err.status == 409 and err.code == "window-paused"
    w = await c1.resume(1)
    assert w.status == "open" and w.paused_reason == ""
    t2 = await c1.call_next(1)
    assert t2.number == "A002"
    for _ in range(2):
        await c1.recall(t2.id)
    missed = await c1.no_show(t2.id)
    assert missed.state == "missed"
    back = await c1.requeue(t2.id)
    assert back.state == "waiting"
    err = await refused(c1.cancel(t2.id, "群众已离开"))
    assert err.status == 403 and err.code == "not-at-your-window"  # it waits: not the clerk's
    office = hub.client()
    await office.login("9001", PIN)
    gone = await office.cancel(t2.id, "群众已离开")
    assert gone.state == "cancelled"
    await office.close()
    await c1.logout()
    await c1.close()
    await c3.close()


async def test_logout_refused_while_serving(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        await kiosk.issue_ticket("A", new_request_id())
    c1 = await hub.clerk(1)
    t = await c1.call_next(1)
    err = await refused(c1.logout())
    assert err.status == 409 and "A001" in err.message
    await c1.start(t.id)
    await c1.finish(t.id, "consultation")
    await c1.logout()
    err = await refused(c1.call_next(1))
    assert err.status == 401
    await c1.close()


async def test_urgent_ticket_jumps_the_queue(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        tickets = [await kiosk.issue_ticket("B", new_request_id()) for _ in range(3)]
    c2 = await hub.clerk(2)
    await c2.make_urgent(tickets[2].id, "危重病人，急事急办")
    assert (await c2.call_next(2)).id == tickets[2].id
    await c2.close()


async def test_idempotent_issue_under_concurrent_retries(hub: RunningHub) -> None:
    rid = new_request_id()
    async with hub.client(KIOSK) as kiosk:
        same = await asyncio.gather(*[kiosk.issue_ticket("A", rid) for _ in range(10)])
        other = await kiosk.issue_ticket("A", new_request_id())
    assert {t.id for t in same} == {same[0].id} and same[0].number == "A001"
    assert other.number == "A002"


async def test_concurrent_issue_never_repeats_a_number(hub: RunningHub) -> None:
    kiosks = [hub.client(KIOSK) for _ in range(4)]
    try:
        results = await asyncio.gather(*[
            k.issue_ticket("B", new_request_id()) for k in kiosks for _ in range(25)])
    finally:
        for k in kiosks:
            await k.close()
    numbers = sorted(t.number for t in results)
    assert numbers == [f"B{n:03d}" for n in range(1, 101)]


async def test_eight_windows_calling_at_once_never_share_a_ticket(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        for _ in range(40):
            await kiosk.issue_ticket("A", new_request_id())
            await kiosk.issue_ticket("B", new_request_id())
    # all eight windows serve A or B: 1 (A), 2 (B), 3 (F, B), 8 (J, A, B) ... edit seats
    clerks = [await hub.clerk(n) for n in range(1, 9)]
    called: list[str] = []
    try:
        for _ in range(6):
            results = await asyncio.gather(
                *[c.call_next(n) for n, c in enumerate(clerks, 1)], return_exceptions=True)
            for n, r in enumerate(results, 1):
                if isinstance(r, Step):
                    called.append(r.id)
                    await clerks[n - 1].cancel(r.id, "测试")
                else:
                    assert isinstance(r, HubError) and r.status == 404
    finally:
        for c in clerks:
            await c.close()
    assert len(called) == len(set(called)) and len(called) >= 24


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/api/tickets", "not json", 422),
        ("POST", "/api/tickets", "[]", 422),
        ("POST", "/api/tickets", "{}", 422),
        ("POST", "/api/tickets", '{"matter": 5, "request_id": "abcdefghij"}', 422),
        ("POST", "/api/tickets", '{"matter": "Z", "request_id": "abcdefghij"}', 422),
        ("POST", "/api/tickets", '{"matter": "A", "request_id": "short"}', 422),
        ("POST", "/api/tickets", '{"matter": "A", "request_id": "abcdefghij", "priority": 3}',
         422),
        ("POST", "/api/tickets", '{"matter": "' + "A" * 5000 + '", "request_id": "x"}', 422),
        ("GET", "/api/tickets/does-not-exist", None, 404),
        ("GET", "/api/tickets/" + "x" * 300, None, 404),
        ("POST", "/api/login", '{"staff_no": ["x"], "pin": 1}', 422),
        ("POST", "/api/login", "\xff\xfe", 422),
        ("POST", "/api/windows/abc/call-next", None, 404),
        ("POST", "/api/windows/99999999999999999999/call-next", None, 404),
        ("POST", "/api/windows/%C2%B2/call-next", None, 404),  # ² is a digit to isdigit()
        ("GET", "/api/figures?from=9999-12-31", None, 403),
        ("GET", "/api/appointments/slots?matter=A&day=9999-12-31", None, 422),
        ("DELETE", "/api/hall", None, 405),
        ("GET", "/api/nothing-here", None, 404),
    ],
)
async def test_bad_input_gets_a_clear_4xx(hub: RunningHub, method: str, path: str,
                                          body: str | None, status: int) -> None:
    got, data = await raw(hub, method, path, token=KIOSK, body=body)
    assert got == status
    assert set(data["error"]) == {"code", "message"} and data["error"]["message"]


async def test_openapi_document_lists_every_route(hub: RunningHub) -> None:
    status, doc = await raw(hub, "GET", "/api/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")
    documented = set(doc["paths"])
    routes = {
        r.resource.canonical for r in hub.runner.app.router.routes()  # type: ignore[union-attr]
        if r.resource is not None and r.resource.canonical.startswith("/api/")
        and r.resource.canonical != "/api/openapi.json"
    }
    assert routes <= documented, routes - documented


async def test_devices_read_their_settings_and_report_printer_faults(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk, hub.client(DISPLAY) as display:
        me = await kiosk.device()
        assert me.id == "kiosk-1" and me.printer.kind == "none"
        assert me.center.name == "青溪镇便民服务中心"
        await kiosk.report_printer("paper-out", "纸将用尽")
        await kiosk.report_printer("paper-out", "纸将用尽")  # a repeat is not a new event
        err = await refused(kiosk.report_printer("on-fire"))  # type: ignore[arg-type]
        assert err.status == 422
        err = await refused(display.report_printer("ok"))
        assert err.status == 403
        clerk = await hub.clerk(2)
        hall = await clerk.hall(HallClerk)
        assert [(p.device, p.status, p.detail) for p in hall.printers] == [
            ("kiosk-1", "paper-out", "纸将用尽")]
        await kiosk.report_printer("ok")
        hall = await clerk.hall(HallClerk)
        assert hall.printers[0].status == "ok"
        history = [e for e in await hub.hub.store.events() if e.event.kind == "printer-status"]
        assert len(history) == 2
        await clerk.close()

"""一件事一次办 through the hub's public API: a resident's bundle of three matters from the
kiosk through three windows to done with one number, and 联办 started at a window."""

from __future__ import annotations

import io

import openpyxl
import pytest

from bianmin.client import new_request_id
from bianmin.wire.hall import HallPublic
from tests.hubfixture import DISPLAY, KIOSK, PIN, RunningHub, raw, refused


async def test_a_bundle_goes_through_three_windows_with_one_number(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        hall = await kiosk.hall(HallPublic)
        veteran = next(b for b in hall.bundles if b.id == "veteran")
        assert veteran.matters == ["H", "A", "B"]
        assert veteran.matter_names == ["退役军人服务", "户籍办理", "社保医保"]
        assert veteran.materials.count("居民身份证") == 1 and "退役军人报到通知书" in (
            veteran.materials)
        request_id = new_request_id()
        ticket = await kiosk.issue_bundle("veteran", request_id)
        again = await kiosk.issue_bundle("veteran", request_id)  # a double tap, a retry
        walk_in = await kiosk.issue_ticket("A", new_request_id())
    assert again.id == ticket.id and ticket.number == "H001"
    assert ticket.bundle is not None and ticket.bundle.name == "退役军人落户安置一件事"
    assert [(s.matter, s.state) for s in ticket.bundle.steps] == [
        ("H", "now"), ("A", "next"), ("B", "next")]
    assert (ticket.bundle.step, ticket.bundle.of) == (1, 3)

    c4, c1, c2 = await hub.clerk(4), await hub.clerk(1), await hub.clerk(2)
    called = await c4.call_next(4)
    assert called.id == ticket.id
    await c4.start(ticket.id)
    moved = await c4.finish(ticket.id, "immediate")
    assert moved.state == "waiting" and moved.queue_matter == "A" and moved.owner == "1004"
    assert moved.queue_class == "transferred" and moved.transfers == 0
    assert [r.window for r in moved.steps_done] == [4]

    called = await c1.call_next(1)  # before the walk-in who took a number earlier
    assert called.id == ticket.id and called.number == "H001"
    await c1.start(ticket.id)
    sup = await c4.supervised()  # the first responder follows it
    assert [s.ticket.id for s in sup] == [ticket.id] and sup[0].where == "1号窗口 办理中"
    await c1.finish(ticket.id, "promised", promised_date=hub.clock().date())
    called = await c2.call_next(2)
    assert called.id == ticket.id
    await c2.start(ticket.id)
    done = await c2.finish(ticket.id, "immediate")
    assert done.state == "done" and done.owner == "1004"
    assert done.bundle is not None and done.bundle.status == "done"
    names = hub.config.catalog.clerk_name
    assert [(r.matter, r.window, r.clerk, r.clerk_name, r.outcome)
            for r in done.steps_done] == [
        ("H", 4, "1004", names("1004"), "immediate"), ("A", 1, "1001", names("1001"), "promised"),
        ("B", 2, "1002", names("1002"), "immediate")]
    async with hub.client() as phone:
        public = await phone.ticket(ticket.id)
        assert public.bundle is not None
        assert [(s.state, s.window) for s in public.bundle.steps] == [
            ("done", 4), ("done", 1), ("done", 2)]
        status, data = await raw(hub, "GET", f"/api/tickets/{ticket.id}")
        assert status == 200 and "steps_done" not in data and "clerk" not in str(
            data["bundle"])
    history = await c1.history(ticket.id)
    assert [h.kind for h in history].count("bundle-moved-on") == 2
    assert [h.kind for h in history].count("ticket-issued") == 1
    assert (await c1.call_next(1)).id == walk_in.id
    for c in (c1, c2, c4):
        await c.close()


async def test_a_stopped_bundle_says_what_remains(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_bundle("restaurant", new_request_id())
    c7 = await hub.clerk(7)
    await c7.call_next(7)
    await c7.start(ticket.id)
    stopped = await c7.finish(ticket.id, "supplement", missing_materials=["经营场所证明"])
    assert stopped.state == "done" and stopped.bundle is not None
    assert stopped.bundle.status == "stopped" and stopped.bundle.status_name == "已中止"
    assert [(s.matter, s.state) for s in stopped.bundle.steps] == [("G", "done"), ("F", "left")]
    await c7.close()


async def test_a_clerk_joins_matters_at_the_window(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_ticket("A", new_request_id())
    c1 = await hub.clerk(1)
    await c1.call_next(1)
    err = await refused(c1.join_matters(ticket.id, ["B"], "需社保窗口办理"))
    assert err.status == 409  # only while serving it
    await c1.start(ticket.id)
    err = await refused(c1.join_matters(ticket.id, ["B"], "  "))
    assert err.status == 422 and "原因" in err.message
    err = await refused(c1.join_matters(ticket.id, ["Q"], "原因"))
    assert err.status == 422 and "Q" in err.message
    joined = await c1.join_matters(ticket.id, ["c", "B"], "户口迁入后须一并办理救助和社保")
    assert joined.bundle is not None and joined.bundle.name == "联办件"
    assert [s.matter for s in joined.bundle.steps] == ["A", "C", "B"]
    moved = await c1.finish(ticket.id, "immediate")
    assert moved.queue_matter == "C" and moved.state == "waiting"
    async with hub.client(DISPLAY) as display:
        shown = await display.ticket(ticket.id)  # as the phone page and the display see it
        assert shown.bundle is not None and shown.bundle.steps[0].state == "done"
    await c1.close()


async def test_issuing_an_unknown_bundle_is_a_clear_refusal(hub: RunningHub) -> None:
    status, data = await raw(hub, "POST", "/api/tickets", token=KIOSK,
                             body='{"bundle": "nothing", "request_id": "r-123456789"}')
    assert status == 422 and "一件事" in data["error"]["message"]
    status, data = await raw(hub, "POST", "/api/tickets", token=KIOSK,
                             body='{"request_id": "r-123456789"}')
    assert status == 422 and data["error"]["message"]


@pytest.mark.hall_clock("09:00")  # 32 minutes pass with the clerks and the office signed in
async def test_the_office_counts_bundles_and_exports_them(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        whole = await kiosk.issue_bundle("restaurant", new_request_id())
        stopped = await kiosk.issue_bundle("restaurant", new_request_id())
    c7, c3 = await hub.clerk(7), await hub.clerk(3)
    for ticket, outcome in ((whole, "immediate"), (stopped, "returned")):
        await c7.call_next(7)
        await c7.start(ticket.id)
        hub.clock.advance(minutes=12)
        await c7.finish(ticket.id, outcome, reason="经营场所不符合要求" if outcome == "returned"
                        else "")
    await c3.call_next(3)  # 卫生健康 (F) at window 3
    await c3.start(whole.id)
    hub.clock.advance(minutes=8)
    await c3.finish(whole.id, "immediate")
    async with hub.client() as office:
        await office.login("9001", PIN)
        data = await office.json("GET", "/api/figures/bundles")
        (row,) = data["rows"]
        assert row | {"bundle": "restaurant", "started": 2, "done": 1, "stopped": 1, "ended": 0,
                      "steps": 3, "over_limit": 0, "limit_minutes": 90} == row
        # its first step (12 min), the other's (12 min) while it waited, then its second (8 min)
        assert row["whole_mean"] == (12 + 12 + 8) * 60
        figures = await office.json("GET", "/api/figures")
        by = {(r["dimension"], r["key"]): r for r in figures["rows"]}
        assert by[("matter", "G")]["served"] == 2 and by[("matter", "F")]["served"] == 1
        assert by[("window", "3")]["served"] == 1
        status, _ = await raw(hub, "GET", "/api/figures/bundles.csv", token=office.token)
        assert status == 200
        async with office.session.get(hub.url + "/api/figures/bundles.csv",
                                      headers={"Authorization": f"Bearer {office.token}"}) as r:
            text = (await r.read()).decode("utf-8-sig")
        assert text.splitlines()[0].startswith("代号,一件事,受理数")
        assert "开办小餐饮店一件事,2,1,1" in text and "32.0" in text  # minutes
        async with office.session.get(hub.url + "/api/figures.xlsx",
                                      headers={"Authorization": f"Bearer {office.token}"}) as r:
            book = openpyxl.load_workbook(io.BytesIO(await r.read()))
        sheet = book["一件事"]
        assert [c.value for c in sheet[2]][:4] == ["restaurant", "开办小餐饮店一件事", 2, 1]
    await c7.close()
    await c3.close()

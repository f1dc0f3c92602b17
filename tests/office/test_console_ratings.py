"""The office console in headless Chromium against a real hub: the live hall's columns say
what their titles say, a stalled transfer says where and for how long, bad ratings' cases are
worked and flagged live to their head, complaints show their reply day, the figures read in
minutes with charts whose labels sit level with their bars; and the resident's phone rates a
ticket and looks a complaint up."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bianmin.client import new_request_id
from bianmin.domain.queue import call_key
from bianmin.domain.types import TicketState
from tests.browser import ARTIFACTS
from tests.hubfixture import KIOSK, PIN, Clock, JsonClient, RunningHub, running_hub

RATING = "demo-rating"
HALL = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=HALL)


@pytest.fixture
async def hall(tmp_path: Path) -> Any:
    async with running_hub(tmp_path, clock=Clock(MONDAY)) as hub:
        yield hub


async def a_morning(hub: RunningHub) -> dict[str, str]:
    """Two finished, one rated well and one badly, one transferred to window 3, three waiting,
    one complaint."""
    async with hub.client(KIOSK) as kiosk:
        a1, a2, a3 = [(await kiosk.issue_ticket("A", new_request_id())).id for _ in range(3)]
        b1, b2 = [(await kiosk.issue_ticket("B", new_request_id())).id for _ in range(2)]
        lodged = await kiosk.json("POST", "/api/complaints", {"window": 2, "reason": "态度差"})
    async with await hub.clerk(1) as c1, await hub.clerk(2) as c2, hub.client(RATING) as pad:
        for clerk, window, tid in ((c1, 1, a1), (c2, 2, b1)):
            assert (await clerk.call_next(window)).id == tid
            await clerk.start(tid)
            await clerk.finish(tid, "immediate")
        assert (await c1.call_next(1)).id == a2
        await c1.start(a2)
        await c1.transfer(a2, "需民政窗口核实", to_window=3)
        await pad.json("POST", f"/api/tickets/{a1}/rating",
                       {"window": 1, "rating": "very-satisfied"})
        await pad.json("POST", f"/api/tickets/{b1}/rating",
                       {"window": 2, "rating": "unsatisfied", "points": ["服务效率"],
                        "phone": "13912345678"})
    return {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "b2": b2, "complaint": lodged["number"]}


async def console(browser: Any, hub: RunningHub, staff_no: str = "9001") -> Any:
    page = await browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.errors = errors
    await console_signed_in(page, hub, staff_no)
    await page.wait_for_selector("#windows tbody tr")
    return page


async def console_signed_in(page: Any, hub: RunningHub, staff_no: str = "9001") -> None:
    await page.goto(f"{hub.url}/office")
    await page.fill("#login-form [name=staff_no]", staff_no)
    await page.fill("#login-form [name=pin]", PIN)
    await page.click("#login-form button[type=submit]")


def artifact(name: str) -> str:
    folder = ARTIFACTS / "office"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)


async def test_the_live_hall_counts_what_its_titles_say(browser: Any, hall: RunningHub
                                                        ) -> None:
    hub = hall
    ids = await a_morning(hub)
    hub.clock.advance(minutes=25)
    await hub.hub.tick()  # the transfer to window 3 has stalled
    page = await console(browser, hub)
    await page.wait_for_function(
        "document.querySelector('#windows tbody tr td[data-col=done]')?.textContent === '1'")
    rows = await page.eval_on_selector_all(
        "#windows tbody tr", "rows => rows.map((r) => [...r.cells].map((c) => c.textContent))")
    heads = await page.eval_on_selector_all("#windows thead th", "hs => hs.map(h => h.textContent)")
    done, waiting = heads.index("今日已办理"), heads.index("本窗口等候")
    # what each window may call, by the domain's own queue rule
    hall_now = hub.hub.hall
    for n, row in enumerate(rows, 1):
        rule = hall_now.catalog.windows[n]
        callable_ = sum(1 for t in hall_now.tickets.values()
                        if t.state is TicketState.WAITING and call_key(t, rule) is not None)
        assert row[waiting] == str(callable_), (n, row)
    assert [r[waiting] for r in rows[:3]] == ["1", "1", "2"]  # window 3: B002 and A002 sent
    assert rows[7][waiting] == "2"  # window 8 serves J, A and B
    assert [r[done] for r in rows[:3]] == ["1", "1", "0"]
    # a finish heard live counts at once
    async with await hub.clerk(8) as c8:
        called = await c8.call_next(8)
        await c8.start(called.id)
        await c8.finish(called.id, "consultation")
    await page.wait_for_function(
        "[...document.querySelectorAll('#windows tbody tr')][7]"
        ".querySelector('td[data-col=done]').textContent === '1'")
    lines = await page.eval_on_selector_all("#overdue li", "ls => ls.map(l => l.textContent)")
    number = ids["a2"][-4:]
    assert f"{number} 转办至3号窗口，已等候 25 分钟（首问：张丽，1号窗口）" in lines
    assert page.errors == []


async def test_a_bad_rating_worked_through_the_console(browser: Any, hall: RunningHub) -> None:
    hub = hall
    ids = await a_morning(hub)
    page = await console(browser, hub, "9002")  # the head of 人力社保
    answers: list[str] = []
    alerts: list[str] = []

    async def on_dialog(dialog: Any) -> None:
        if dialog.type == "prompt":
            await dialog.accept(answers.pop(0))
        else:
            alerts.append(dialog.message)
            await dialog.accept()

    page.on("dialog", on_dialog)
    await page.click("[data-tab=cases]")
    row = "#cases tr[data-id=CP20261130001]"
    await page.wait_for_selector(row)
    cells = await page.eval_on_selector_all(f"{row} td", "cs => cs.map(c => c.textContent)")
    assert cells[1] == ids["b1"][-4:] and cells[3] == "不满意" and cells[4] == "服务效率"
    assert cells[6] == "13912345678" and cells[7] == "孙科长" and cells[8] == "2026-12-21"
    answers.append("")
    await page.click(f"{row} button >> text=办结")
    await page.wait_for_function("document.querySelectorAll('#cases tr').length > 1")
    await _until(page, lambda: alerts, "the refusal")
    assert "尚未回访" in alerts[0]
    answers.append("群众表示窗口人少，等得久")
    await page.click(f"{row} button >> text=回访")
    await page.wait_for_function(
        f"document.querySelector('{row}').textContent.includes('已回访：群众表示窗口人少')")
    answers.append("高峰时段增开综合窗口")
    await page.click(f"{row} button >> text=整改")
    await page.wait_for_function(
        f"document.querySelector('{row}').textContent.includes('高峰时段增开综合窗口')")
    answers.append("已告知群众")
    await page.click(f"{row} button >> text=办结")
    await page.wait_for_function(f"!document.querySelector('{row}')")  # closed: off the list
    await page.check("#cases-closed")
    await page.wait_for_function(
        f"document.querySelector('{row}')?.textContent.includes('已办结')")
    cells = await page.eval_on_selector_all(f"{row} td", "cs => cs.map(c => c.innerText)")
    # when and by whom each step was taken, and the case's log a click away
    assert cells[9] == "已回访：群众表示窗口人少，等得久（9002，11-30 10:00）"
    assert cells[10] == "高峰时段增开综合窗口（9002，11-30 10:00）"
    await page.click(f"{row} .case-log summary")
    log = await page.eval_on_selector_all(f"{row} .case-log li", "ls => ls.map(l => l.textContent)")
    assert log == ["11-30 10:00 不满意，限 12月21日 前回访整改",
                   "11-30 10:00 9002 回访：群众表示窗口人少，等得久",
                   "11-30 10:00 9002 整改：高峰时段增开综合窗口",
                   "11-30 10:00 9002 办结：已告知群众"]
    await page.screenshot(path=artifact("cases.png"), full_page=True)
    assert page.errors == []


def three_days(toml: str) -> str:
    """Bad ratings' cases due in three working days, due soon at two."""
    return toml.replace("case_working_days = 15", "case_working_days = 3").replace(
        "due_soon_working_days = 3", "due_soon_working_days = 2")


async def test_cases_come_live_and_are_flagged_to_their_head(browser: Any, tmp_path: Path
                                                             ) -> None:
    clock = Clock(MONDAY)
    async with running_hub(tmp_path, clock=clock, edit=three_days) as hub:
        head = await console(browser, hub, "9002")
        await head.click("[data-tab=cases]")
        await a_morning(hub)  # the bad rating at window 2 comes in while the head looks
        await head.wait_for_selector("#cases tr[data-id=CP20261130001]")
        assert await head.text_content("#case-flags li") == "暂无"  # due Thursday: not yet
        clock.now = datetime(2026, 12, 1, 8, 30, tzinfo=HALL)  # Tuesday: two days left
        await head.close()
        head = await console(browser, hub, "9002")  # a new day, a new sign-in
        other = await console(browser, hub, "9001")
        for page in (head, other):  # due soon, by today's date
            await page.wait_for_function(
                "document.querySelector('#case-flags li')?.textContent.includes('即将到期')")
        assert (await head.text_content("#case-flags li") or "").startswith("【我的】")
        assert not (await other.text_content("#case-flags li") or "").startswith("【我的】")
        assert await head.text_content("#cases-mine") == "我负责的 1 件"
        assert await head.text_content("#due-cases") == "1"
        assert await head.text_content("#flag") == ""
        await hub.hub.tick()  # the hub flags it to its head, live
        await head.wait_for_function("document.getElementById('flag').textContent")
        assert await head.text_content("#flag") == (
            "您负责的差评件 CP20261130001 即将到期（2026-12-03 前办结）")
        await other.wait_for_timeout(200)
        assert await other.text_content("#flag") == ""  # the head's, not everyone's
        await head.screenshot(path=artifact("case-flag.png"))
        assert head.errors == [] and other.errors == []


async def _until(page: Any, check: Any, what: str) -> None:
    for _ in range(300):
        if check():
            return
        await page.wait_for_timeout(20)
    raise AssertionError(f"timed out waiting for {what}")


async def test_complaints_show_their_reply_day(browser: Any, hall: RunningHub) -> None:
    hub = hall
    ids = await a_morning(hub)
    hub.clock.advance(days=8)  # Tuesday 8 December: the 7th has passed
    page = await console(browser, hub)
    await page.click("[data-tab=complaints]")
    row = f"#complaints tr[data-number={ids['complaint']}]"
    await page.wait_for_selector(row)
    text = await page.text_content(row) or ""
    assert "2026-12-07（已超期）" in text
    assert "overdue" in (await page.get_attribute(row, "class") or "")


async def test_at_midnight_the_console_signs_out_and_stops_asking(browser: Any,
                                                                 hall: RunningHub) -> None:
    hub = hall
    await a_morning(hub)
    hub.clock.now = datetime(2026, 11, 30, 23, 59, 0, tzinfo=HALL)
    page = await browser.new_page(viewport={"width": 1400, "height": 900})
    await page.clock.install()  # the page's own clock, moved on below with the hub's
    await console_signed_in(page, hub)
    await page.wait_for_selector("#windows tbody tr")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    hub.clock.advance(seconds=90)  # past midnight: the session has ended
    await page.clock.fast_forward(90_000)
    await page.wait_for_selector("#login-form", state="visible")
    assert "每天零时自动退出" in (await page.text_content("#login-error") or "")
    asked.clear()
    hub.clock.advance(seconds=5)
    await page.clock.run_for(5_000)  # five turns of the console's one-second timer
    assert asked == []


async def test_the_phone_rates_a_ticket_and_reads_a_complaint(browser: Any, hall: RunningHub
                                                              ) -> None:
    hub = hall
    async with hub.client(KIOSK) as kiosk:
        t = await kiosk.issue_ticket("A", new_request_id())
        lodged = await kiosk.json("POST", "/api/complaints", {"reason": "建议增加座椅"})
    phone = await browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    phone.on("pageerror", lambda err: errors.append(str(err)))
    await phone.goto(f"{hub.url}/t/{t.id}")
    assert await phone.locator("text=请对本次服务进行评价").count() == 0  # not finished yet
    async with await hub.clerk(1) as c1:
        await c1.call_next(1)
        await c1.start(t.id)
        await c1.finish(t.id, "immediate")
    await phone.goto(f"{hub.url}/t/{t.id}")
    await phone.click("text=请对本次服务进行评价")
    await phone.wait_for_function("document.getElementById('rate').dataset.state === 'open'")
    assert await phone.text_content("#number") == t.number
    await phone.click("[data-rating=unsatisfied]")
    await phone.wait_for_function("document.getElementById('rate').dataset.state === 'why'")
    assert await phone.is_disabled("#send")
    await phone.click("#points button >> text=服务水平")
    await phone.fill("#words", "材料清单没讲清楚")
    await phone.fill("#phone", "13712345678")
    await phone.screenshot(path=artifact("phone-rating.png"), full_page=True)
    await phone.click("#send")
    await phone.wait_for_function("document.getElementById('rate').dataset.state === 'thanks'")
    assert "给您回电并整改" in (await phone.text_content("#say") or "")
    await phone.goto(f"{hub.url}/t/{t.id}")  # rated: the link has gone
    assert await phone.locator("text=请对本次服务进行评价").count() == 0
    await phone.goto(f"{hub.url}/t/{t.id}/rate")
    await phone.wait_for_function("document.getElementById('rate').dataset.state === 'rated'")
    o = JsonClient(hub.url)
    await o.login("9001", PIN)
    (case,) = await o.json("GET", "/api/cases")
    assert (case["points"], case["words"], case["phone"]) == (
        ["服务水平"], "材料清单没讲清楚", "13712345678")
    await o.json("POST", f"/api/complaints/{lodged['number']}/answer",
                 {"result": "已在大厅增加座椅十把"})
    await o.close()
    await phone.goto(f"{hub.url}/complaint?number={lodged['number']}&code={lodged['code']}")
    await phone.wait_for_function(
        "document.getElementById('lookup').dataset.state === 'found'")
    assert await phone.text_content("#c-due") == "2026-12-07 前"
    assert await phone.text_content("#c-result") == "已在大厅增加座椅十把"
    assert await phone.text_content("#c-state") == "已答复"
    await phone.screenshot(path=artifact("phone-complaint.png"), full_page=True)
    await phone.goto(f"{hub.url}/complaint?number={lodged['number']}&code=AAAAAA")
    await phone.wait_for_function("document.getElementById('message').textContent")
    assert "查询码" in (await phone.text_content("#message") or "")
    assert errors == []


async def test_figures_read_in_minutes_with_charts_that_line_up(browser: Any,
                                                                hall: RunningHub) -> None:
    hub = hall
    async with hub.client(KIOSK) as kiosk:
        t = await kiosk.issue_ticket("B", new_request_id())
    hub.clock.advance(minutes=4, seconds=30)
    async with await hub.clerk(2) as c2, hub.client(RATING) as pad:
        await c2.call_next(2)
        await c2.start(t.id)
        hub.clock.advance(minutes=12)
        await c2.finish(t.id, "immediate")
        await pad.json("POST", f"/api/tickets/{t.id}/rating",
                       {"window": 2, "rating": "very-satisfied"})
    page = await console(browser, hub)
    await page.click("[data-tab=figures]")
    await page.click("#fig-refresh")
    await page.wait_for_selector("#chart-hours svg")
    assert await page.text_content("#summary [data-key=wait_mean] b") == "4.5"
    assert await page.text_content("#summary [data-key=service_mean] b") == "12.0"
    levels = await page.eval_on_selector_all(
        "#summary [data-key^=rating_]",
        "ds => ds.map(d => [d.lastChild.textContent, d.firstChild.textContent])")
    assert levels == [["非常满意", "1"], ["满意", "0"], ["基本满意", "0"], ["不满意", "0"],
                      ["非常不满意", "0"]]  # all five levels, as the standard has them
    heads = await page.eval_on_selector_all("#figures thead th", "hs => hs.map(h => h.textContent)")
    assert "平均等候(分钟)" in heads and not any("秒" in h for h in heads)
    rows = await page.eval_on_selector_all("#chart-served svg g.row, #chart-ratings svg g.row",
                                           """gs => gs.map(g => {
        const label = g.querySelector('text.label').getBBox();
        return [label.y + label.height / 2,
                [...g.querySelectorAll('rect')].map(r => r.getBBox().y + r.getBBox().height / 2)];
    })""")
    assert len(rows) == 2 and all(bars for _, bars in rows)  # window 2 served and rated
    for middle, bars in rows:
        assert all(abs(middle - b) < 2 for b in bars)
    groups = await page.eval_on_selector_all("#chart-hours svg g.group", """gs => gs.map(g => {
        const label = g.querySelector('text.label').getBBox();
        const bars = [...g.querySelectorAll('rect')].map(r => r.getBBox());
        const left = Math.min(...bars.map(b => b.x));
        const right = Math.max(...bars.map(b => b.x + b.width));
        return [label.x + label.width / 2, (left + right) / 2];
    })""")
    assert groups and all(abs(a - b) < 2 for a, b in groups)
    legend = await page.eval_on_selector_all("#chart-ratings .legend text",
                                             "ts => ts.map(t => t.textContent)")
    assert legend == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    await page.screenshot(path=artifact("figures-minutes.png"), full_page=True)
    assert page.errors == []

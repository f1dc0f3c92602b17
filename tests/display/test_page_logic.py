"""The page's own logic in Chromium: the JavaScript voice agrees with the Python one, muting,
and nothing grows over 10,000 calls."""

from __future__ import annotations

import json
from typing import Any

from display.voice import TOKEN_TEXT, NumberStyle, announcement, sentence
from tests.display.helpers import heap, issue, open_display, texts
from tests.hubfixture import RunningHub

SYNTHETIC_CALLS = """async (count) => {
    // A day's worth of tickets, each issued, called and finished, fed in as the hub sends
    // them (three events per call), with the hall's own clock and offset.
    const d = window.__display;
    const offset = d.state.tzMinutes;
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const mm = String(Math.abs(offset) % 60).padStart(2, '0');
    const at = () => d.state.hallClock().toISOString().replace('Z', `${sign}${hh}:${mm}`);
    const matters = 'ABCDEFGHJ';
    for (let i = 0; i < count; i++) {
        const prefix = matters[i % matters.length];
        const number = `${prefix}${String(1 + Math.floor(i / matters.length)).padStart(3, '0')}`;
        const w = 1 + (i % 8);
        const id = `day-${number}`;
        const ticket = (state) => ({id, number, state, queue_matter: prefix,
                                     target_window: null, window: state === 'waiting' ? null : w});
        const win = (current) => ({number: w, status: 'open', department: '测试', matters: [prefix],
                                   current, label: '', clerk: null});
        let seq = d.state.seq;
        d.handle({type: 'event', seq: seq + 1, kind: 'ticket-issued', at: at(),
                  event: {kind: 'ticket-issued'}, ticket: ticket('waiting'), window: null});
        d.handle({type: 'event', seq: seq + 2, kind: 'ticket-called', at: at(),
                  event: {kind: 'ticket-called', window: w}, ticket: ticket('called'),
                  window: win({id, number, state: 'called'})});
        d.handle({type: 'event', seq: seq + 3, kind: 'ticket-finished', at: at(),
                  event: {kind: 'ticket-finished', window: w}, ticket: ticket('done'),
                  window: win(null)});
        if (i % 100 === 0) await new Promise((r) => setTimeout(r, 0)); // the page draws
    }
    return d.state.seq;
}"""

SIZES = """() => {
    const d = window.__display;
    return {calls: d.state.calls.length,
            windows: d.state.windows.size, queue: d.announcer.queue.length,
            matters: d.state.matters.length,
            log: d.announcer.log.length, buffers: d.player.buffers.size,
            rows: document.querySelectorAll('#recent li').length,
            nodes: document.getElementsByTagName('*').length};
}"""


async def test_the_javascript_voice_says_what_the_python_voice_says(
        display_hub: RunningHub, browser: Any) -> None:
    page = await open_display(browser, display_hub, query="&muted=1")
    styles: tuple[NumberStyle, ...] = ("digits", "natural")
    cases: list[tuple[str, int, NumberStyle, int, bool]] = [
        (f"{'ABCDEFGHJ'[n % 9]}{n:03d}", 1 + n % 40, style, 1 + n % 3, n % 2 == 0)
        for n in range(1, 1300)
        for style in styles
    ] + [("VIP-07", 3, "natural", 2, True), ("B12345", 120, "natural", 1, False)]
    got = await page.evaluate("""async (cases) => {
        const v = await import('/display/voice.js');
        return {
            text: v.TOKEN_TEXT,
            out: cases.map(([number, w, style, repeat, chime]) =>
                [v.announcement(number, w, {style, repeat, chime}), v.sentence(number, w, style)]),
        };
    }""", cases)
    assert got["text"] == TOKEN_TEXT
    for (number, window, style, repeat, chime), (tokens, said) in zip(cases, got["out"],
                                                                       strict=True):
        assert tokens == announcement(number, window, style=style, repeat=repeat, chime=chime)
        assert said == sentence(number, window, style)


async def test_a_muted_page_shows_calls_but_says_nothing(display_hub: RunningHub,
                                                         browser: Any) -> None:
    await issue(display_hub, "AA")
    page = await open_display(browser, display_hub)
    await page.click("#mute")
    assert "声音 关" in (await page.text_content("#mute") or "")
    assert await page.evaluate("window.__display.player.gain.gain.value") == 0  # silent now
    clerk = await display_hub.clerk(1)
    try:
        await clerk.call_next(1)
        await page.wait_for_function("window.__display.announcer.log.length === 1")
        [entry] = await page.evaluate("window.__display.announcer.log")
        assert (entry["number"], entry["status"]) == ("A001", "muted")
        again = await page.context.new_page()  # the choice is remembered
        await again.goto(page.url)
        await again.wait_for_function("window.__display && window.__display.state.ready")
        assert "声音 关" in (await again.text_content("#mute") or "")
        await page.keyboard.press("m")  # a keyboard on the television box unmutes too
        assert "声音 开" in (await page.text_content("#mute") or "")
        assert await page.evaluate("window.__display.player.gain.gain.value") == 1
    finally:
        await clerk.close()


async def test_nothing_grows_over_ten_thousand_calls(display_hub: RunningHub,
                                                     browser: Any) -> None:
    page = await open_display(browser, display_hub, query="&speed=64")
    cdp = await page.context.new_cdp_session(page)
    await page.evaluate(SYNTHETIC_CALLS, 200)  # warm up: code compiled, clips decoded
    await page.evaluate("""async () => {
        const d = window.__display;
        await Promise.all(Object.keys(d.settings().clips).filter((t) => !t.startsWith('en-'))
            .map((t) => d.player.buffer(t)));
    }""")
    before_heap = await heap(cdp)
    before = await page.evaluate(SIZES)
    await page.evaluate(SYNTHETIC_CALLS, 10_000)
    after_heap = await heap(cdp)
    after = await page.evaluate(SIZES)
    assert after["calls"] == 20 and after["matters"] == 9 and after["windows"] == 8
    assert after["queue"] <= 100 and after["log"] == 200
    assert after["rows"] <= 8 and after["nodes"] <= before["nodes"] + 10
    assert after["buffers"] <= len(TOKEN_TEXT) + 1
    growth = after_heap - before_heap
    print(json.dumps({"heap_before": before_heap, "heap_after": after_heap, "growth": growth}))
    assert growth < 1_000_000, f"the page's heap grew by {growth} bytes over 10,000 calls"
    assert page.errors == []


async def test_a_call_from_long_ago_is_shown_but_not_said(display_hub: RunningHub,
                                                          browser: Any) -> None:
    page = await open_display(browser, display_hub, query="&speed=64")
    said = await page.evaluate("""() => {
        const d = window.__display;
        const at = (minutesAgo) => {
            const t = new Date(Date.now() + d.state.skewMs - minutesAgo * 60000
                               + d.state.tzMinutes * 60000);
            const h = String(Math.floor(d.state.tzMinutes / 60)).padStart(2, '0');
            return t.toISOString().replace('Z', `+${h}:00`);
        };
        const call = (seq, number, minutesAgo) => d.handle({
            type: 'event', seq, kind: 'ticket-called', at: at(minutesAgo),
            event: {kind: 'ticket-called', window: 5},
            ticket: {id: `x-${number}`, number, state: 'called', queue_matter: 'D',
                     target_window: null, window: 5},
            window: {number: 5, status: 'open', department: '不动产', label: '', matters: ['D'],
                     clerk: null, current: {id: `x-${number}`, number, state: 'called'}}});
        const seq = d.state.seq;
        call(seq + 1, 'D101', 10);   // missed while away, ten minutes ago
        call(seq + 2, 'D102', 0);
        call(seq + 2, 'D102', 0);    // the same event again
        return d.announcer.log.map((e) => [e.number, e.status]);
    }""")
    assert said == [["D101", "too-old"]]
    await page.wait_for_function("window.__display.announcer.log.length === 2")
    assert [(e["number"], e["status"]) for e in await page.evaluate(
        "window.__display.announcer.log")] == [("D101", "too-old"), ("D102", "clips")]
    assert await texts(page, "#recent li .num") == ["D102", "D101"]

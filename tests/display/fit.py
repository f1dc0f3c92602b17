"""Whether every piece of text on a page is shown whole: measured in the browser, for the hall
display and the window screen alike."""

from __future__ import annotations

from typing import Any

# Each text node's boxes (Range.getClientRects) must lie inside the screen and inside every
# ancestor that clips (overflow other than visible); an element that clips must not hold more
# than it shows; no two pieces of text may be drawn over one another. `paged`: selectors of
# boxes that show their text page by page on purpose (checked by their own tests), left out.
CUT = """(paged) => {
    const out = [];
    const vw = innerWidth, vh = innerHeight;
    const shown = (el) => {
        for (let e = el; e; e = e.parentElement) {
            if (e.hidden) return false;
            const cs = getComputedStyle(e);
            if (cs.display === 'none' || cs.visibility === 'hidden') return false;
        }
        return true;
    };
    const name = (el) => el.id ? '#' + el.id
        : el.tagName.toLowerCase() + (el.className ? '.' + [...el.classList].join('.') : '');
    const path = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
            parts.unshift(name(e));
        }
        return parts.join(' > ');
    };
    const inPaged = (el) => paged.some((s) => el.closest(s));
    const boxes = []; // [element, rect, text] of every piece of text shown
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const text = node.textContent.trim();
        if (!text) continue;
        const el = node.parentElement;
        if (!el || el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || !shown(el)) continue;
        if (inPaged(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width < 0.5 || r.height < 0.5) continue;
            boxes.push([el, r, text]);
            if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) {
                out.push(`${path(el)} "${text.slice(0, 30)}" off the screen`);
                break;
            }
            let clipped = null;
            for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
                const cs = getComputedStyle(a);
                if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
                const b = a.getBoundingClientRect();
                if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1
                        || r.bottom > b.bottom + 1) {
                    clipped = a;
                    break;
                }
            }
            if (clipped) {
                out.push(`${path(el)} "${text.slice(0, 30)}" cut by ${name(clipped)}`);
                break;
            }
        }
    }
    // No two pieces of text drawn over one another. A text's box is its font's whole line
    // (ascent to descent): the glyphs themselves fill its middle, so only that is compared.
    const ink = (r) => ({left: r.left, right: r.right, top: r.top + 0.2 * r.height,
                         bottom: r.bottom - 0.2 * r.height});
    for (let i = 0; i < boxes.length; i++) {
        const [ea, ra, ta] = boxes[i];
        const a = ink(ra);
        for (let j = i + 1; j < boxes.length; j++) {
            const [eb, rb, tb] = boxes[j];
            if (ea === eb) continue;
            const b = ink(rb);
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 2 && h > 2) {
                out.push(`${path(ea)} "${ta.slice(0, 20)}" overlaps `
                         + `${path(eb)} "${tb.slice(0, 20)}"`);
            }
        }
    }
    for (const el of document.querySelectorAll('body *')) {
        if (!shown(el) || inPaged(el) || !el.textContent.trim()) continue;
        const cs = getComputedStyle(el);
        if (cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
            out.push(`${path(el)} holds ${el.scrollWidth}px of text in ${el.clientWidth}px`);
        }
    }
    return [...new Set(out)];
}"""


async def cut(page: Any, paged: tuple[str, ...] = ()) -> list[str]:
    """What text the page shows cut, or not at all for want of room."""
    found: list[str] = await page.evaluate(CUT, list(paged))
    return found


async def settled(page: Any) -> None:
    """Two animation frames: the page has drawn what it was given."""
    await page.evaluate("() => new Promise((r) => requestAnimationFrame(() => "
                        "requestAnimationFrame(r)))")

"""`GET /t/{ticket}`: a ticket's state on a phone, opened from the QR code on the ticket.

The page is whole HTML as it stands (it works without JavaScript, refreshing itself every
15 s); with JavaScript it follows `GET /api/tickets/{ticket}/live`, a WebSocket that sends the
ticket again whenever anything on the page changes (`bianmin.wire.live.TicketNow`): how many
are ahead, the wait, the windows that call it. When three or fewer are ahead, and when it is
called, the page changes clearly, sounds and vibrates where the phone allows. Public fields
only, never anything personal; nothing is fetched from anywhere else, so it loads on the
hall's Wi-Fi without internet access.
"""

from __future__ import annotations

import asyncio
import html
from importlib import resources
from string import Template

from aiohttp import WSMsgType, web

from bianmin.config import Config
from bianmin.wire import bundles as wb
from bianmin.wire import live
from bianmin.wire.base import encode
from server.api import FINDS, HTML, Api
from server.edge import EDGE, FULL_MESSAGE, LIMITS
from server.errors import error_response
from server.keys import CONFIG, HUB
from server.live import Client, text_frame
from server.present.follow import ticket_now
from server.views.ratings import rating_link
from server.views.tickets import TICKET

api = Api()

REFRESH_SECONDS = 15
PAGE = Template(resources.files(__package__).joinpath("status_page.html").read_text("utf-8"))
PONG = text_frame(encode(live.Pong()))
# The page's own script, inline: one request loads the whole page.
LIVE_SCRIPT = "<script>\n" + resources.files(__package__).joinpath(
    "status_page.js").read_text("utf-8") + "</script>"


def _page(config: Config, title: str, body: str, foot: str, refresh: bool,
          script: str = "") -> web.Response:
    text = PAGE.substitute(
        title=html.escape(title),
        center=html.escape(config.center.name),
        body=body,
        foot=html.escape(foot),
        refresh=(f'<noscript><meta http-equiv="refresh" content="{REFRESH_SECONDS}">'
                 '</noscript>') if refresh else "",
        script=script,
    )
    return web.Response(text=text, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


def _windows_line(view: live.TicketNow) -> str:
    """办理窗口：1号窗口、8号窗口（暂停服务）"""
    names = []
    for w in view.windows:
        note = {"paused": "暂停服务", "closed": "暂未开放"}.get(w.status, "")
        if w.pause_note:
            note = f"{note}：{w.pause_note}"
        names.append(html.escape(w.label) + (f"（{html.escape(note)}）" if note else ""))
    return "、".join(names)


STEP_MARKS = {"done": "✓", "now": "▶", "next": "○", "left": "—"}
STEP_NOTES = {"done": "已办结", "now": "正在办理", "next": "待办理", "left": "未办理"}


def steps_html(bundle: wb.BundleProgress | None) -> str:
    """A bundle's steps, ticked off as each is done (一件事一次办)."""
    if bundle is None:
        return '<ol id="steps" class="steps" hidden></ol>'
    items = []
    for s in bundle.steps:
        where = f"（{s.window}号窗口）" if s.window is not None else ""
        items.append(f'<li class="step step-{s.state}"><span class="mark">'
                     f'{STEP_MARKS[s.state]}</span> {html.escape(s.matter_name)}{where} '
                     f'<span class="note">{STEP_NOTES[s.state]}</span></li>')
    head = (f'<p id="steps-head" class="steps-head">{html.escape(bundle.name)}：'
            f'{html.escape(bundle.status_name)}，第 {bundle.step}/{bundle.of} 项</p>')
    return head + '<ol id="steps" class="steps">' + "".join(items) + "</ol>"


def status_body(view: live.TicketNow, english: bool) -> str:
    lines = [
        f'<p class="number">{html.escape(view.number)}</p>',
        f'<p id="matter" class="matter">{html.escape(view.matter_name)}</p>',
        steps_html(view.bundle),
        f'<p id="state" class="state state-{html.escape(view.state)}">'
        f'{html.escape(view.state_name)}</p>',
        f'<p id="say" class="say">{html.escape(view.say)}</p>',
    ]
    if english:
        lines.append(f'<p id="say-en" class="en">{html.escape(view.say_en)}</p>')
    lines.append(f'<p id="windows" class="windows"'
                 f'{"" if view.windows and not view.final else " hidden"}>'
                 f'办理窗口：<span id="windows-list">{_windows_line(view)}</span></p>')
    return "\n".join(lines)


@api.get("/t/{ticket}", "A ticket's state as a small phone page", answer=None, media=HTML,
         errors=FINDS, params=(TICKET,), error_media=HTML)
async def ticket_status(request: web.Request) -> web.Response:
    hub, config = request.app[HUB], request.app[CONFIG]
    tid = request.match_info["ticket"][:40]
    if not tid.isprintable():
        tid = ""
    ticket = await hub.find_ticket(tid)
    if ticket is None:
        body = ('<p class="say">对不起，没有找到这张号票。</p>'
                '<p class="en">请核对号票上的二维码，或到服务台咨询。</p>')
        response = _page(config, "没有找到号票", body, "如有疑问，请到服务台咨询。", False)
        response.set_status(404)
        return response
    now = hub.clock()
    view = ticket_now(hub.hall, ticket, hub.seq, now)
    live_page = not ticket.is_final
    foot = f"更新于 {now.astimezone(config.tz):%H:%M:%S}"
    script = ""
    if live_page:
        foot += f"，本页每 {REFRESH_SECONDS} 秒自动刷新"
        script = LIVE_SCRIPT
    title = f"{view.number} 号 · {config.center.name}"
    body = status_body(view, config.center.english)
    body += rating_link(hub, ticket)  # 好差评: once finished, while it may be rated
    return _page(config, title, body, foot, live_page, script)


@api.get("/api/tickets/{ticket}/live", "A ticket followed live (WebSocket), for its phone page",
         answer=live.FollowMessage, errors=(400, *FINDS, 503), params=(TICKET,),
         description="Upgrade to a WebSocket: first the ticket as it stands, then the ticket "
         "again whenever what its page shows changes. Anyone holding the ticket's code may "
         "follow it; only public fields are sent. `ping` gets `pong`.")
async def follow(request: web.Request) -> web.StreamResponse:
    hub = request.app[HUB]
    limits = request.app[LIMITS]
    tid = request.match_info["ticket"][:40]
    if not tid.isprintable() or tid not in hub.hall.tickets:
        return error_response(404, "no-such-ticket", "找不到该号票，请核对号票上的二维码。")
    if not request.app[EDGE].hold(request.transport):
        return error_response(503, "too-many-connections", FULL_MESSAGE)
    ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=4 * 1024, compress=False)
    await ws.prepare(request)
    transport = request.transport
    assert isinstance(transport, asyncio.WriteTransport)
    client = Client(ws, transport, "public", limits.ws_unsent_bytes, limits.ws_stall_seconds)
    await hub.settled()
    frame = hub.follow_frame(tid)
    if frame is None:  # forgotten while the socket opened (the day ended)
        await ws.close()
        return ws
    hub.live.follow(tid, client, frame)
    try:
        async for msg in ws:
            if msg.type == WSMsgType.TEXT and msg.data.strip() in ("ping", '{"type":"ping"}'):
                client.send(PONG)
    finally:
        hub.live.unfollow(tid, client)
        client.keep_watch()
    return ws



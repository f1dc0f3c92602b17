"""`GET /t/{ticket}`: a ticket's state on a phone, opened from the QR code on the ticket.

Plain HTML that refreshes itself while the ticket is still open; nothing is fetched from
anywhere else, so it loads on the hall's Wi-Fi without internet access.
"""

from __future__ import annotations

import html
from importlib import resources
from string import Template

from aiohttp import web

from bianmin.config import Config
from bianmin.wire.tickets import TicketPublic
from server.api import FINDS, HTML, Api
from server.keys import CONFIG, HUB
from server.present.tickets import ticket_public
from server.views.ratings import rating_link
from server.views.tickets import TICKET

api = Api()

REFRESH_SECONDS = 15
PAGE = Template(resources.files(__package__).joinpath("status_page.html").read_text("utf-8"))


def _say(view: TicketPublic) -> tuple[str, str]:
    """What the resident should know now, in Chinese and in English."""
    state, ahead = view.state, view.ahead
    window = view.window or view.target_window
    if state == "waiting":
        where = f"已为您转到{window}号窗口，" if view.target_window else ""
        if ahead:
            return (f"{where}您前面还有 {ahead} 人，请您耐心等候。",
                    f"{ahead} ahead of you. Thank you for waiting.")
        return (f"{where}下一位就是您，请留意叫号。", "You are next. Please watch for your call.")
    if state == "called":
        return (f"请到 {window} 号窗口办理。", f"Please go to window {window}.")
    if state == "serving":
        return (f"正在 {window} 号窗口为您办理。", f"Being served at window {window}.")
    if state == "missed":
        return ("您的号码已过号，请到服务台咨询。",
                "Your number was called and missed. Please ask at the service desk.")
    if state == "done":
        return ("已办结，感谢您的耐心等候。", "Done. Thank you for your patience.")
    if state == "cancelled":
        return ("本号票已取消。如需办理，请重新取号。", "This ticket was cancelled.")
    return ("本号票已过期。如需办理，请重新取号。", "This ticket has expired.")


def _page(config: Config, title: str, body: str, foot: str, refresh: bool) -> web.Response:
    text = PAGE.substitute(
        title=html.escape(title),
        center=html.escape(config.center.name),
        body=body,
        foot=html.escape(foot),
        refresh=f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}">' if refresh else "",
    )
    return web.Response(text=text, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


def status_body(view: TicketPublic, english: bool) -> str:
    chinese, english_text = _say(view)
    lines = [
        f'<p class="number">{html.escape(view.number)}</p>',
        f'<p class="matter">{html.escape(view.matter_name)}</p>',
        f'<p class="state state-{html.escape(view.state)}">'
        f'{html.escape(view.state_name)}</p>',
        f'<p class="say">{html.escape(chinese)}</p>',
    ]
    if english:
        lines.append(f'<p class="en">{html.escape(english_text)}</p>')
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
    view = ticket_public(ticket, hub.hall)
    now = hub.clock().astimezone(config.tz)
    live = not ticket.is_final
    foot = f"更新于 {now:%H:%M:%S}" + (f"，本页每 {REFRESH_SECONDS} 秒自动刷新" if live else "")
    title = f"{view.number} 号 · {config.center.name}"
    body = status_body(view, config.center.english)
    body += rating_link(hub, ticket)  # 好差评: once finished, while it may be rated
    return _page(config, title, body, foot, live)

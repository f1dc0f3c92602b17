"""The hall's link to the county, for the office: up or down, and how far behind."""

from __future__ import annotations

from aiohttp import web

from bianmin.wire.county import CountyLink
from server.api import SIGNED_IN, Api, reply
from server.auth import require
from server.county import COUNTY_LINK
from server.keys import HUB

api = Api()


@api.get("/api/county", "The link to the county: up or down, and how many events it lacks",
         roles=("office",), answer=CountyLink, errors=SIGNED_IN)
async def county_link(request: web.Request) -> web.Response:
    require(request, "office")
    link = request.app.get(COUNTY_LINK)
    if link is None:
        return reply(CountyLink(configured=False, center_id="", up=False, county_seq=None,
                                hub_seq=request.app[HUB].seq, behind=None, since=None,
                                last_shipped_at=None, message="本中心未接入县级平台。"))
    return reply(link.view())

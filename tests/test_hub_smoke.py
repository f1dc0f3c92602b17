from __future__ import annotations

from bianmin.client import HubError, new_request_id
from tests.hubfixture import KIOSK, RunningHub


async def test_issue_call_start_finish(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_ticket("A", new_request_id())
    assert ticket.number == "A001" and ticket.state == "waiting"
    clerk = await hub.clerk(1)
    try:
        called = await clerk.call_next(1)
        assert called.id == ticket.id and called.state == "called"
        await clerk.start(called.id)
        done = await clerk.finish(called.id, "immediate")
        assert done.state == "done" and done.owner == "1001"
        try:
            await clerk.call_next(1)
        except HubError as err:
            assert err.status == 404 and "没有等候" in err.message
        else:
            raise AssertionError("an empty queue must refuse call-next")
    finally:
        await clerk.close()

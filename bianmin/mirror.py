"""A client's copy of the hall, kept current from the hub's live messages.

Pure: feed it the messages a `LiveFeed` yields and read the hall from it. The kiosk reads how
many wait per matter, the counter its queue (ordered by `bianmin.domain.queue.call_order`),
the display the calls.
"""

from __future__ import annotations

from typing import Any

from bianmin.domain.types import FINAL_STATES


class HallMirror:
    def __init__(self) -> None:
        self.seq = 0
        self.now = ""
        self.ready = False
        self.center: dict[str, Any] = {}
        self.matters: dict[str, dict[str, Any]] = {}
        self.windows: dict[int, dict[str, Any]] = {}
        self.tickets: dict[str, dict[str, Any]] = {}
        self.recent_calls: list[dict[str, Any]] = []
        self.outcomes: dict[str, str] = {}
        self.rules: dict[str, Any] = {}
        self.printers: dict[str, dict[str, Any]] = {}

    def load(self, hall: dict[str, Any]) -> None:
        self.seq = int(hall["seq"])
        self.now = str(hall.get("now", ""))  # the hub's clock when it took the snapshot
        self.center = hall["center"]
        self.matters = {m["prefix"]: m for m in hall["matters"]}
        self.windows = {w["number"]: w for w in hall["windows"]}
        self.tickets = {t["id"]: t for t in hall["tickets"]}
        self.recent_calls = list(hall["recent_calls"])
        self.outcomes = hall.get("outcomes", {})
        self.rules = hall.get("rules", {})
        self.printers = {p["device"]: p for p in hall.get("printers", [])}
        self.ready = True

    def apply(self, message: dict[str, Any]) -> str | None:
        """Fold one live message in; returns the event kind it carried, if any."""
        kind = message.get("type")
        if kind == "snapshot":
            self.load(message["hall"])
            return "snapshot"
        if kind != "event":
            return None
        self.seq = int(message["seq"])
        ticket = message.get("ticket")
        if ticket is not None:
            if ticket["state"] not in FINAL_STATES:
                self.tickets[ticket["id"]] = ticket
            else:
                self.tickets.pop(ticket["id"], None)
        window = message.get("window")
        if window is not None:
            self.windows[window["number"]] = window
        event_kind: str = message["kind"]
        if event_kind in ("ticket-called", "ticket-recalled") and ticket is not None:
            self.recent_calls.insert(0, {
                "ticket": ticket["id"], "number": ticket["number"],
                "window": message["event"].get("window", ticket.get("window")),
                "at": message["at"], "recall": event_kind == "ticket-recalled",
            })
            del self.recent_calls[20:]
        if event_kind == "printer-status":
            data = message["event"]
            if "device" in data:
                self.printers[data["device"]] = {**data, "at": message["at"]}
        return event_kind

    def waiting(self, prefix: str) -> int:
        return sum(
            1 for t in self.tickets.values()
            if t["state"] == "waiting" and t["queue_matter"] == prefix
            and t["target_window"] is None
        )

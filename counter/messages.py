"""What the app tells the desk screen: the hall changed, the connection changed."""

from __future__ import annotations

from textual.message import Message

from bianmin.wire.live import ClerkMessage


class HallChanged(Message):
    """The mirror took in a live message: a snapshot, a resume or one event."""

    def __init__(self, message: ClerkMessage) -> None:
        super().__init__()
        self.message = message


class ConnectionChanged(Message):
    """The live feed lost the hub (`synced` False) or is back and caught up (True)."""

    def __init__(self, synced: bool) -> None:
        super().__init__()
        self.synced = synced

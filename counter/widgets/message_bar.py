"""One line above the keys: what the last action did, or why the hub refused it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

STYLES = {"info": "green", "warning": "bold yellow", "error": "bold red"}


class MessageBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.text = ""

    def say(self, text: str, severity: str = "info") -> None:
        self.text = text
        self.update(Text(text, style=STYLES[severity]))

"""The top line of every kiosk page: the center's name and the time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

WEEKDAYS = "一二三四五六日"


def clock_text(now: datetime) -> str:
    return f"{now:%Y年%m月%d日} 星期{WEEKDAYS[now.weekday()]} {now:%H:%M}"


class KioskHeader(Horizontal):
    def __init__(self, center: str, clock: Callable[[], datetime]) -> None:
        super().__init__(classes="kiosk-header")
        self.center = center
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield Static(self.center, classes="center-name")
        yield Static(clock_text(self.clock()), classes="clock")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        # Asked every second, changed once a minute: an update lays the whole page out again.
        clock, text = self.query_one(".clock", Static), clock_text(self.clock())
        if str(clock.content) != text:
            clock.update(text)

    def show_center(self, center: str) -> None:
        if center != self.center:
            self.center = center
            self.query_one(".center-name", Static).update(center)

"""A page a path of the home page opens (优先通道, 一件事一次办): it goes back home by itself
when nobody touches it for the idle time, or on 返回."""

from __future__ import annotations

from textual.events import MouseDown
from textual.timer import Timer
from textual.widgets import Button

from kiosk.screens.hall_screen import HallScreen


class PathPage(HallScreen):
    _idle: Timer | None = None

    async def on_mount(self) -> None:
        self._idle = self.set_timer(self.kiosk.idle_seconds, self.go_home)

    def on_mouse_down(self, event: MouseDown) -> None:
        if self._idle is not None:
            self._idle.reset()

    def go_home(self) -> None:
        if self.is_current:
            self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            event.stop()
            self.dismiss()

"""What the pages a resident works through (预约签到, 投诉建议) share: the header, a prompt
line that says 系统连接中，请稍候 while the hub is away, going home by itself when nobody
touches it, and a polite refusal from the hub shown over the page."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.events import Key, MouseDown
from textual.widgets import Static

from kiosk import texts
from kiosk.screens.base import KioskScreen
from kiosk.screens.waiting import RefusedScreen
from kiosk.widgets.header import KioskHeader


class KioskPage(KioskScreen):
    """Nothing is ever focused: every answer is a touch."""

    def __init__(self) -> None:
        super().__init__()
        self._touched = time.monotonic()
        self._prompt = ("", "")

    @property
    def on_top(self) -> bool:
        """Nothing covers this page (`is_current` is also true under a modal page)."""
        return self.app.screen is self

    def page_header(self, title: str) -> ComposeResult:
        """The center's name with the page's, the time, and the prompt lines."""
        yield KioskHeader(f"{self.kiosk.center_name}　{title}", self.kiosk.clock)
        yield Static(id="prompt", classes="prompt")
        yield Static(id="prompt-en", classes="prompt-en")

    def on_mount(self) -> None:
        idle = self.kiosk.idle_seconds
        self.set_interval(min(1.0, idle / 2), self._check_idle)
        self.watch(self.app, "online", self.show_online)

    def on_screen_resume(self) -> None:
        self.touched()

    def on_mouse_down(self, event: MouseDown) -> None:
        self.touched()

    def on_key(self, event: Key) -> None:
        self.touched()

    def touched(self) -> None:
        self._touched = time.monotonic()

    def _check_idle(self) -> None:
        if self.on_top and time.monotonic() - self._touched >= self.kiosk.idle_seconds:
            self.go_home()

    def go_home(self) -> None:
        if self.on_top:
            self.dismiss()

    def prompt(self, text: str, text_en: str) -> None:
        """What the page asks of the resident now."""
        self._prompt = (text, text_en)
        self.show_online(self.kiosk.online)

    def show_online(self, online: bool) -> None:
        self.set_class(not online, "offline")
        text, text_en = self._prompt if online else (texts.CONNECTING, texts.CONNECTING_EN)
        self.query_one("#prompt", Static).update(text)
        prompt_en = self.query_one("#prompt-en", Static)
        prompt_en.update(text_en)
        prompt_en.display = self.kiosk.english

    def refused(self, message: str) -> None:
        """The hub's polite reason it could not go on, over this page, with a way back."""
        def then(go_home: bool | None) -> None:
            if go_home:
                self.go_home()
            else:
                self.try_again()

        self.app.push_screen(RefusedScreen(message, self.kiosk.english,
                                           seconds=self.kiosk.idle_seconds), then)

    def try_again(self) -> None:
        """After 重新输入 on a refusal: clear what is to be typed anew."""

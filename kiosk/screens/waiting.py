"""Modal pages over another page: waiting for the hub's answer, a polite notice, and the hub's
polite refusal with a way back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk import texts
from kiosk.screens.guard import TouchGuard
from kiosk.widgets.touch import TouchButton


class IssuingScreen(TouchGuard[None], ModalScreen[None]):
    """Shown when the hub takes a moment to answer; the request keeps being retried with the
    same request id until it is acknowledged or the resident goes back."""

    def __init__(self, english: bool, wording: texts.Wording = texts.ISSUE_WORDING) -> None:
        super().__init__()
        self.english = english
        self.wording = wording

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.wording.waiting, classes="dialog-title")
            if self.english:
                yield Static(self.wording.waiting_en, classes="dialog-en")
            yield Static("", id="connecting", classes="dialog-en")
            yield TouchButton(texts.BACK + (f" {texts.BACK_EN}" if self.english else ""),
                         id="give-up", classes="back")

    def show_retrying(self) -> None:
        self.query_one("#connecting", Static).update(
            texts.CONNECTING + (f"\n{texts.CONNECTING_EN}" if self.english else ""))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()


class NoticeScreen(TouchGuard[None], ModalScreen[None]):
    """A polite message that goes away on a touch or by itself."""

    def __init__(self, message: str, english: str = "", *, seconds: float = 10.0) -> None:
        super().__init__()
        self.message, self.english, self.seconds = message, english, seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.message, classes="dialog-title")
            if self.english:
                yield Static(self.english, classes="dialog-en")
            yield TouchButton(texts.OK, id="ok", classes="back")

    def on_mount(self) -> None:
        self.set_timer(self.seconds, self.close)

    def close(self) -> None:
        if self.is_current:
            self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()


class RefusedScreen(TouchGuard[bool], ModalScreen[bool]):
    """The hub's own polite message (too early, no such booking...), with 重新输入 back to the
    page (to type afresh) and 返回首页. Dismissed with True to go home; goes home by itself
    when left."""

    def __init__(self, message: str, english: bool, *, seconds: float = 60.0) -> None:
        super().__init__()
        self.message, self.english, self.seconds = message, english, seconds

    def compose(self) -> ComposeResult:
        en = self.english
        with Vertical(classes="dialog"):
            yield Static(self.message, id="refusal", classes="dialog-title")
            if en:
                yield Static(texts.REFUSED_EN, classes="dialog-en")
            with Horizontal(classes="dialog-actions"):
                yield TouchButton(texts.TRY_AGAIN + (f" {texts.TRY_AGAIN_EN}" if en else ""),
                                  id="try-again", classes="back")
                yield TouchButton(texts.HOME + (f" {texts.HOME_EN}" if en else ""),
                                  id="go-home", classes="back")

    def on_mount(self) -> None:
        self.set_timer(self.seconds, self.close)

    def close(self) -> None:
        if self.is_current:
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "go-home")

"""预约签到: a resident with a booking types its six-character code on a large keypad, or
the phone's last four digits and the surname, and gets a ticket of appointment class.

Only the keys a code can hold are offered (no 0/O, 1/I), so nothing can be mistyped into a
look-alike. The surname is one touch among the 100 most common ones, 20 a page (更多姓氏
turns the page): nothing needs a keyboard.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widgets import Button, ContentSwitcher, Static

from bianmin.domain.appointments import CODE_ALPHABET, CODE_LENGTH
from kiosk import texts
from kiosk.screens.page import KioskPage
from kiosk.widgets.choices import Choices
from kiosk.widgets.code_display import CodeDisplay
from kiosk.widgets.touch import TouchButton, touch_label

TAIL_LENGTH = 4
# Digits first (as on the message the resident holds), then the letters in order.
CODE_KEYS = [(ch, ch) for ch in sorted(CODE_ALPHABET, key=lambda c: (not c.isdigit(), c))]
# A phone's keypad: 1 2 3 / 4 5 6 / 7 8 9 / _ 0 _
DIGIT_KEYS = [(d, d) for d in "123456789"] + [("", ""), ("0", "0"), ("", "")]
PER_PAGE = texts.SURNAMES_PER_PAGE
SURNAME_PAGES = [[(s, s) for s in texts.COMMON_SURNAMES[i:i + PER_PAGE]]
                 for i in range(0, len(texts.COMMON_SURNAMES), PER_PAGE)]


class CheckInScreen(KioskPage):
    def __init__(self) -> None:
        super().__init__()
        self.mode = "by-code"
        self.surname = ""
        self.surname_page = 0

    def compose(self) -> ComposeResult:
        en = self.kiosk.english
        yield from self.page_header(texts.CHECK_IN_TITLE)
        with ContentSwitcher(initial="by-code", id="modes"):
            with Vertical(id="by-code"):
                yield CodeDisplay(CODE_LENGTH, title=texts.CODE, id="code")
                yield Choices(CODE_KEYS, columns=8, big=True, id="code-keys",
                              classes="keypad")
            with Horizontal(id="by-phone"):
                with Vertical(id="phone-side"):
                    yield CodeDisplay(TAIL_LENGTH, title=texts.PHONE_TAIL, id="tail")
                    yield Choices(DIGIT_KEYS, columns=3, big=True, id="digit-keys",
                                  classes="keypad")
                with Vertical(id="surname-side"):
                    with Horizontal(id="surname-row"):
                        yield Static(texts.SURNAME_PLACEHOLDER, id="surname")
                        yield TouchButton(texts.MORE_SURNAMES, id="more-surnames")
                    yield Choices(SURNAME_PAGES[0], columns=5, id="surname-keys",
                                  classes="keypad")
        with Horizontal(classes="actions"):
            yield TouchButton(touch_label(texts.BACK, texts.BACK_EN, en), id="back")
            yield TouchButton(id="switch")
            yield TouchButton(touch_label(texts.DELETE, texts.DELETE_EN, en), id="delete")
            yield TouchButton(touch_label(texts.CONFIRM_CHECK_IN, texts.CONFIRM_CHECK_IN_EN, en),
                              id="confirm")

    def on_mount(self) -> None:
        self.query_one("#surname", Static).border_title = texts.SURNAME
        self.show_mode("by-code")

    # ----- what has been typed ----------------------------------------------------------

    @property
    def code(self) -> str:
        return self.query_one("#code", CodeDisplay).value

    @property
    def phone_tail(self) -> str:
        return self.query_one("#tail", CodeDisplay).value

    @property
    def complete(self) -> bool:
        if self.mode == "by-code":
            return len(self.code) == CODE_LENGTH
        return len(self.phone_tail) == TAIL_LENGTH and bool(self.surname)

    @property
    def ready(self) -> bool:
        """All is typed in, and the kiosk can send it now."""
        return self.complete and self.kiosk.can_send

    def _entry(self) -> CodeDisplay:
        return self.query_one("#code" if self.mode == "by-code" else "#tail", CodeDisplay)

    def type_key(self, key: str) -> None:
        entry = self._entry()
        if len(entry.value) < entry.length:
            entry.value += key
        self.show_ready()

    def delete(self) -> None:
        entry = self._entry()
        entry.value = entry.value[:-1]
        self.show_ready()

    def show_mode(self, mode: str) -> None:
        self.mode = mode
        self.guard_touches()  # the other keypad is where this one was
        en = self.kiosk.english
        self.query_one(ContentSwitcher).current = mode
        switch = self.query_one("#switch", Button)
        if mode == "by-code":
            switch.label = touch_label(texts.BY_PHONE, texts.BY_PHONE_EN, en)
            self.prompt(texts.CODE_PROMPT, texts.CODE_PROMPT_EN)
        else:
            switch.label = touch_label(texts.BY_CODE, texts.BY_CODE_EN, en)
            self.prompt(texts.PHONE_PROMPT, texts.PHONE_PROMPT_EN)
        self.show_ready()

    def show_ready(self) -> None:
        self.query_one("#confirm", Button).disabled = not self.ready

    def show_online(self, online: bool) -> None:
        super().show_online(online)
        self.show_ready()

    def try_again(self) -> None:
        self._entry().value = ""
        self.show_ready()

    def on_screen_resume(self) -> None:
        self.show_ready()  # back from a refusal: the check-in is over

    # ----- touches ------------------------------------------------------------------------

    def on_choices_chosen(self, event: Choices.Chosen) -> None:
        event.stop()
        if event.choices.id == "surname-keys":
            self.surname = event.value
            self.query_one("#surname", Static).update(f"{texts.SURNAME}：{event.value}")
            self.show_ready()
        else:
            self.type_key(event.value)

    async def more_surnames(self) -> None:
        self.surname_page = (self.surname_page + 1) % len(SURNAME_PAGES)
        self.guard_touches()  # the next page's surnames are where these were
        await self.query_one("#surname-keys", Choices).show(SURNAME_PAGES[self.surname_page])

    def on_key(self, event: Key) -> None:
        """A keyboard, where there is one (a browser's), types the code too."""
        if self.mode != "by-code":
            return
        char = (event.character or "").upper()
        if char and char in CODE_ALPHABET:
            self.type_key(char)
        elif event.key == "backspace":
            self.delete()
        elif event.key == "enter":
            self.confirm()
        else:
            return
        event.stop()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        match event.button.id:
            case "more-surnames":
                await self.more_surnames()
            case "back":
                self.dismiss()
            case "switch":
                self.show_mode("by-phone" if self.mode == "by-code" else "by-code")
            case "delete":
                self.delete()
            case "confirm":
                self.confirm()

    def confirm(self) -> None:
        if not self.ready:
            return
        if self.mode == "by-code":
            self.kiosk.check_in(self, code=self.code)
        else:
            self.kiosk.check_in(self, phone_tail=self.phone_tail, surname=self.surname)
        self.show_ready()

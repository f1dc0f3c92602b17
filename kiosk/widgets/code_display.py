"""What a resident has typed on a keypad, in block letters as large as the space allows: one
slot per character of a code, the ones still to come shown as blanks (A B 2 _ _ _), or a
phone number as far as it goes, with a placeholder while it is empty."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget

from kiosk import bigfont


class CodeDisplay(Widget):
    value: reactive[str] = reactive("")

    def __init__(self, length: int, *, slots: bool = True, placeholder: str = "",
                 title: str = "", id: str | None = None) -> None:
        super().__init__(id=id, classes="code-display")
        self.length = length
        self.slots = slots
        self.placeholder = placeholder
        self.border_title = title

    def render(self) -> str:
        if not (self.slots or self.value):
            return self.placeholder
        shown = self.value.ljust(self.length, "_") if self.slots else self.value
        scale = bigfont.best_scale(shown, self.content_size.width, self.content_size.height,
                                   largest=4)
        if scale == 0:
            return "  ".join(shown)
        return "\n".join(bigfont.render(shown, scale))

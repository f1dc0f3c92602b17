"""A ticket number in block letters as large as the widget's space allows."""

from __future__ import annotations

from textual.widget import Widget

from kiosk import bigfont


class BigNumber(Widget):
    def __init__(self, number: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.number = number

    def show(self, number: str) -> None:
        if number != self.number:
            self.number = number
            self.refresh()

    def render(self) -> str:
        scale = bigfont.best_scale(self.number, self.content_size.width,
                                   self.content_size.height)
        if scale == 0:
            return self.number
        return "\n".join(bigfont.render(self.number, scale))

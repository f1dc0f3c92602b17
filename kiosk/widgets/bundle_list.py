"""One large touch button per 一件事 (bundle): its name, and under it the line that says what
the resident gets done; the buttons share the list's height, and the list scrolls when there
are more than a finger can hit at that size."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.events import Resize
from textual.markup import escape
from textual.message import Message
from textual.widgets import Button

from bianmin.printing.layout import display_width
from bianmin.wire.bundles import BundleView
from kiosk.widgets.touch import TouchButton

GUTTER = 1  # between two buttons, where the screen has the rows for it


class BundleButton(TouchButton):
    def __init__(self, bundle: BundleView, *, english: bool) -> None:
        super().__init__(bundle.name, id=f"bundle-{bundle.id}", classes="bundle")
        self.bundle = bundle
        self.english = english
        self.room_for_english = True  # the list's height has a line for it
        # The ticket page follows at once (see MatterButton).
        self.active_effect_duration = 0

    def lines(self, width: int) -> list[str]:
        """The label's lines for a button `width` cells inside: the name, its English where
        asked for and it fits, and the summary."""
        b = self.bundle
        lines = [b.name]
        if self.english and self.room_for_english and b.name_en \
                and display_width(b.name_en) <= width:
            lines.append(b.name_en)
        if b.summary:
            lines.append(b.summary)
        return lines

    def relabel(self) -> None:
        name, *rest = self.lines(self.content_size.width - 2)
        # The name stands out; the line under it is plain.
        label = "\n".join([f"[b]{escape(name)}[/b]", *(escape(line) for line in rest)])
        if str(self.label) != label:
            self.label = label

    def on_resize(self, event: Resize) -> None:
        self.relabel()


class BundleList(VerticalScroll):
    """The bundle buttons. Posts `BundleList.Chosen` when one is touched."""

    class Chosen(Message):
        def __init__(self, bundle: str) -> None:
            super().__init__()
            self.bundle = bundle

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="bundle-list")
        self._shown: tuple[tuple[str, str, str], ...] = ()
        self._english = False

    async def show(self, bundles: list[BundleView], english: bool) -> None:
        """Show these bundles; rebuilds only when they changed."""
        shown = tuple((b.id, b.name, b.summary) for b in bundles)
        if shown == self._shown and english == self._english:
            return
        self._shown, self._english = shown, english
        await self.remove_children()
        await self.mount_all(BundleButton(b, english=english) for b in bundles)
        self.fit()

    def fit(self) -> None:
        """Each button an equal share of the height (with a gutter where there are rows to
        spare), at least as high as its lines need."""
        buttons = list(self.query(BundleButton))
        if not buttons or not self.size.width:
            return
        count = len(buttons)
        height = self.outer_size.height
        inner = self.size.width - 10  # the margins, border, padding and a spare column
        for button in buttons:  # the English name only where every button has its line
            button.room_for_english = True
        needed = [self._rows(button, inner) for button in buttons]
        if sum(needed) > height:
            for button in buttons:
                button.room_for_english = False
            needed = [self._rows(button, inner) for button in buttons]
        # A blank row above the first button, and one between two, where there is room.
        tight = sum(needed) + count > height
        self.set_class(tight, "tight")
        height -= 0 if tight else 1
        gutter = 0 if tight else GUTTER
        share = (height - gutter * (count - 1)) // count
        for i, (button, rows) in enumerate(zip(buttons, needed, strict=True)):
            button.styles.height = max(share, rows)
            button.styles.margin = (0 if i == 0 else gutter, 2, 0, 2)
            button.relabel()

    @staticmethod
    def _rows(button: BundleButton, inner: int) -> int:
        """The rows `button` needs: its lines as they wrap, and its border."""
        lines = button.lines(inner)
        return 2 + sum(max(1, -(-display_width(line) // max(1, inner))) for line in lines)

    def on_resize(self, event: Resize) -> None:
        self.fit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, BundleButton):
            event.stop()
            self.post_message(self.Chosen(event.button.bundle.id))

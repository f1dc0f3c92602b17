"""One large touch button per matter, with how many wait now, in a grid that fills its space."""

from __future__ import annotations

import math

from textual.containers import Grid
from textual.events import Resize
from textual.message import Message
from textual.widgets import Button

from bianmin.printing.layout import display_width
from bianmin.wire.hall import MatterView
from kiosk import texts
from kiosk.widgets.touch import TouchButton

MIN_BUTTON_WIDTH = 12
MIN_BUTTON_HEIGHT = 4  # a border above and below, the name and the count
GUTTER_X, GUTTER_Y = 2, 1  # as in kiosk.tcss


def grid_columns(count: int, width: int, height: int, min_width: int = MIN_BUTTON_WIDTH) -> int:
    """How many columns make the buttons large, about 1.8 times as wide as tall (a terminal
    cell is twice as tall as wide), with few empty cells. A button too narrow for the longest
    matter name (`min_width`) is ruled out where possible; one too low for two lines counts
    against a shape."""
    best, best_score = 1, math.inf
    for columns in range(1, max(1, count) + 1):
        rows = math.ceil(count / columns)
        cell_w = (width - (columns - 1) * GUTTER_X) / columns
        cell_h = max(0.5, (height - (rows - 1) * GUTTER_Y) / rows)
        score = (abs(math.log(max(cell_w, 1) / (2 * cell_h) / 1.8))
                 + 0.5 * (rows * columns - count) / rows
                 + (10 + max(0.0, min_width - cell_w) if cell_w < min_width else 0)
                 + 3 * max(0.0, MIN_BUTTON_HEIGHT - cell_h) / MIN_BUTTON_HEIGHT)
        if score < best_score:
            best, best_score = columns, score
    return best


class MatterButton(TouchButton):
    """A matter's name (and English name) and its waiting count."""

    def __init__(self, matter: MatterView, *, english: bool, priority: bool) -> None:
        self.prefix = matter.prefix
        self.matter = matter
        self.english = english
        self.priority = priority
        self.waiting = 0
        super().__init__(matter.name, id=f"matter-{self.prefix}", classes="matter")
        # The ticket page follows at once; a pressed look first would cost a frame. A second
        # touch is ignored by the app while the first one's ticket is on its way.
        self.active_effect_duration = 0

    def _label(self) -> str:
        """Name, count and English name, as many as fit; the name and count come first."""
        width, height = self.content_size.width - 2, self.content_size.height  # line padding
        name, english = self.matter.name, self.matter.name_en
        count = texts.WAITING_COUNT.format(n=self.waiting)
        count_en = texts.WAITING_COUNT_EN.format(n=self.waiting)
        if self.english and display_width(f"{count} · {count_en}") <= width:
            count = f"{count} · {count_en}"
        lines = [name, count]
        if self.english and english and height >= 3 and display_width(english) <= width:
            lines.insert(1, english)
        if height < 2:
            lines = [f"{name} {count}"]
        return "\n".join(lines)

    def show_waiting(self, waiting: int) -> None:
        if waiting != self.waiting:
            self.waiting = waiting
            self.label = self._label()

    def on_resize(self, event: Resize) -> None:
        self.label = self._label()


class MatterGrid(Grid):
    """The matter buttons. Posts `MatterGrid.Chosen` when one is touched."""

    class Chosen(Message):
        def __init__(self, prefix: str, priority: bool) -> None:
            super().__init__()
            self.prefix = prefix
            self.priority = priority

    def __init__(self, *, priority: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, classes="matter-grid")
        self.priority = priority
        self._shown: tuple[str, ...] = ()

    async def show(self, matters: list[MatterView], waiting: dict[str, int],
                   english: bool) -> None:
        """Show these matters; rebuilds only when the list of matters changed."""
        prefixes = tuple(m.prefix for m in matters)
        if prefixes != self._shown:
            self._shown = prefixes
            await self.remove_children()
            await self.mount_all(
                MatterButton(m, english=english, priority=self.priority) for m in matters)
            self._arrange()
        for button in self.query(MatterButton):
            button.show_waiting(waiting.get(button.prefix, 0))

    def _arrange(self) -> None:
        count = len(self._shown)
        if not count or not self.size.width:
            return
        names = [b.matter.name for b in self.query(MatterButton)]
        widest = max((display_width(n) for n in names), default=0) + 4  # padding and border
        columns = grid_columns(count, self.size.width, self.size.height,
                               max(MIN_BUTTON_WIDTH, widest))
        self.styles.grid_size_columns = columns
        self.styles.grid_size_rows = math.ceil(count / columns)

    def on_resize(self, event: Resize) -> None:
        self._arrange()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, MatterButton):
            event.stop()
            self.post_message(self.Chosen(event.button.prefix, self.priority))

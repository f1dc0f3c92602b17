"""Large touch buttons in a grid, one per choice: a keypad's keys, windows, clerks, reasons.

`Choices` posts `Choices.Chosen` with the value touched. In a `ChoicePane` the grid fills the
space it is given; when there are too many choices for that, each keeps a size a finger can
hit and the pane scrolls.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from bianmin.printing.layout import display_width
from kiosk import bigfont
from kiosk.widgets.matter_grid import grid_columns
from kiosk.widgets.touch import TouchButton

MIN_ROW = 3  # a border above and below one line of text
GUTTER_Y = 1  # as in kiosk.tcss

Choice = tuple[str, str]  # the value, and the label shown; an empty value leaves a gap


def choice_id(value: str, index: int) -> str:
    """A widget id for a choice: `c-A` for a plain value (tests and styles can name it),
    by position for any other (a surname, a reason)."""
    return f"c-{value}" if re.fullmatch(r"[A-Za-z0-9_-]+", value) else f"c-{index}"


class ChoiceButton(TouchButton):
    """One choice. `big`: a key of a letter or digit, drawn in block letters when the button
    is large enough (on a large screen), in plain type otherwise."""

    def __init__(self, value: str, label: str, *, id: str, big: bool = False) -> None:
        super().__init__(label, id=id, classes="choice")
        self.value = value
        self.text = label
        self.big = big

    def on_resize(self, event: Resize) -> None:
        if not self.big:
            return
        size = self.content_size
        scale = bigfont.best_scale(self.text, size.width - 2, size.height, largest=3)
        label = "\n".join(bigfont.render(self.text, scale)) if scale else self.text
        if str(self.label) != label:
            self.label = label


class Choices(Grid):
    """One button per choice, `columns` wide (or as many columns as make them large)."""

    class Chosen(Message):
        def __init__(self, choices: Choices, value: str) -> None:
            super().__init__()
            self.choices = choices
            self.value = value

        @property
        def control(self) -> Choices:
            return self.choices

    def __init__(self, choices: Sequence[Choice] = (), *, columns: int | None = None,
                 big: bool = False, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=f"choices {classes}".strip())
        self.choices = list(choices)
        self.columns = columns
        self.big = big
        if columns is not None:  # a keypad: its shape is known before it is laid out
            self.shape(0, 0)

    def compose(self) -> ComposeResult:
        yield from self._buttons()

    def _buttons(self) -> Iterator[Widget]:
        for index, (value, label) in enumerate(self.choices):
            if value:
                yield ChoiceButton(value, label, id=choice_id(value, index), big=self.big)
            else:
                yield Static(classes="gap")

    async def show(self, choices: Sequence[Choice]) -> None:
        """Show these choices instead; rebuilds only when they changed."""
        if list(choices) == self.choices:
            return
        self.choices = list(choices)
        await self.remove_children()
        await self.mount_all(self._buttons())
        self.shape(self.size.width, self.size.height)

    def shape(self, width: int, height: int) -> int:
        """Set the grid's shape for this space; returns the number of rows."""
        count = max(1, len(self.choices))
        columns = self.columns
        if columns is None:
            widest = max((display_width(line) for _, label in self.choices
                          for line in label.splitlines()), default=0)
            columns = grid_columns(count, width, height, widest + 4)  # padding and border
        rows = math.ceil(count / columns)
        self.styles.grid_size_columns = columns
        self.styles.grid_size_rows = rows
        return rows

    def on_resize(self, event: Resize) -> None:
        self.shape(event.size.width, event.size.height)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, ChoiceButton):
            event.stop()
            self.post_message(self.Chosen(self, event.button.value))


class ChoicePane(VerticalScroll):
    """Holds one `Choices` and gives it the pane's whole height, or more (and scrolls) when
    its rows would be too low to touch."""

    def __init__(self, choices: Choices, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="choice-pane")
        self.choices = choices

    def compose(self) -> ComposeResult:
        yield self.choices

    def on_resize(self, event: Resize) -> None:
        self.fit()

    def fit(self) -> None:
        width, height = self.size
        if not width:
            return
        rows = self.choices.shape(width, height)
        needed = rows * MIN_ROW + (rows - 1) * GUTTER_Y
        self.choices.styles.height = max(needed, height)

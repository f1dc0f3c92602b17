"""What every dialog of the desk shares: it sends its own command, shows the hub's refusal
in place and stays open, and closes with the hub's answer once the command is done.

A written field with preset lines under it (a reason, a note) and the foot of the form (the
refusal line and the two buttons) are built here, so every dialog reads and behaves alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.button import ButtonVariant
from textual.widgets.option_list import Option

from counter.commands import Result

R = TypeVar("R")
Sending = Callable[[], Awaitable[Result[R]]]  # the form's command, run like the desk's

PRESET_HINT = "写明原因，或从下面选一条"


def written_with_presets(
    label: str,
    presets: Sequence[str],
    *,
    field: str = "reason",
    max_length: int = 200,
    placeholder: str = PRESET_HINT,
) -> ComposeResult:
    """A labelled input (id `field`) and, under it, preset lines (id `field`s, class
    `presets`): picking one puts it in the input."""
    yield Label(label)
    yield Input(compact=True, placeholder=placeholder, id=field, max_length=max_length)
    yield OptionList(
        *[Option(r, id=str(i)) for i, r in enumerate(presets)],
        compact=True,
        id=f"{field}s",
        name=field,  # the input a picked line goes to
        classes="presets",
    )


def form_foot(submit: str, variant: ButtonVariant = "primary") -> ComposeResult:
    """The line the hub's refusal is shown on, then the submit and cancel buttons."""
    yield Static("", id="form-error")
    with Horizontal(classes="dialog-buttons"):
        yield Button(f"{submit} (Ctrl+S)", id="submit", variant=variant, compact=True)
        yield Button("取消 (Esc)", id="cancel", compact=True)


class FormScreen(ModalScreen[R | None], Generic[R]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "submit", "提交", priority=True),
    ]
    PRESET_SUBMITS: ClassVar[bool] = False  # a preset line is all the form needs: send it

    def error(self, text: str) -> None:
        self.query_one("#form-error", Static).update(Text(text, style="bold red"))

    @property
    def error_text(self) -> str:
        shown = self.query_one("#form-error", Static).content
        return shown.plain if isinstance(shown, Text) else str(shown)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        raise NotImplementedError

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def submit_pressed(self) -> None:
        self.action_submit()

    @on(OptionList.OptionSelected, ".presets")
    def preset_picked(self, event: OptionList.OptionSelected) -> None:
        field = self.query_one(f"#{event.option_list.name}", Input)
        field.value = str(event.option.prompt)
        if self.PRESET_SUBMITS:
            self.action_submit()
        else:
            field.focus()

    @work(exclusive=True, group="form")
    async def submit_with(self, sending: Sending[R]) -> None:
        self.query_one("#form-error", Static).update(Text("正在提交，请稍候…", style="dim"))
        result = await sending()
        if result.ok:
            self.dismiss(result.value)
        else:
            self.error(result.error)


def chosen(options: OptionList) -> str | None:
    """The id of the highlighted option, if any."""
    index = options.highlighted
    if index is None:
        return None
    return options.get_option_at_index(index).id

"""A dialog that picks one entry of a list (a ticket, a target) and/or takes a written line
with presets (a reason, a note), then sends them.

Transfer, urgent, pause, requeue and the 承诺件 follow-up are each this one form told what to
ask: a subclass names its labels and presets, lists its entries and says which command of the
hub client to send.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.button import ButtonVariant
from textual.widgets.option_list import Option

from bianmin.client import HubClient
from counter.commands import Commands
from counter.screens.form import PRESET_HINT, FormScreen, chosen, form_foot, written_with_presets

R = TypeVar("R")


class PickScreen(FormScreen[R]):
    HEADING: ClassVar[str] = ""
    PICK: ClassVar[str] = ""  # the label over the list; "" when there is no list
    PICK_ID: ClassVar[str] = "ticket"
    PICK_MISSING: ClassVar[str] = "请先选择号票。"
    WRITE: ClassVar[str] = ""  # the label over the written line; "" when there is none
    WRITE_ID: ClassVar[str] = "reason"
    WRITE_LENGTH: ClassVar[int] = 200
    WRITE_HINT: ClassVar[str] = PRESET_HINT
    PRESETS: ClassVar[tuple[str, ...]] = ()
    SUBMIT: ClassVar[tuple[str, ButtonVariant]] = ("提交", "primary")

    def __init__(self, commands: Commands, client: HubClient) -> None:
        super().__init__()
        self.commands, self.client = commands, client

    def heading(self) -> str:
        return self.HEADING

    def options(self) -> list[Option]:
        return []

    def command(self, picked: str, written: str) -> Awaitable[R]:
        """The hub client's command for what was chosen: `picked` is the chosen entry's id
        ("" without a list), `written` the written line."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading(), classes="dialog-title")
            if self.PICK:
                yield Label(self.PICK)
                yield OptionList(*self.options(), compact=True, id=self.PICK_ID)
            if self.WRITE:
                yield from written_with_presets(
                    self.WRITE,
                    self.PRESETS,
                    field=self.WRITE_ID,
                    max_length=self.WRITE_LENGTH,
                    placeholder=self.WRITE_HINT,
                )
            yield from form_foot(*self.SUBMIT)

    def on_mount(self) -> None:
        self.query_one(f"#{self.PICK_ID if self.PICK else self.WRITE_ID}").focus()

    @on(OptionList.OptionSelected)
    def entry_picked(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != self.PICK_ID:
            return
        if self.WRITE:
            self.query_one(f"#{self.WRITE_ID}", Input).focus()
        else:
            self.action_submit()

    def action_submit(self) -> None:
        picked = ""
        if self.PICK:
            entry = chosen(self.query_one(f"#{self.PICK_ID}", OptionList))
            if entry is None:
                self.error(self.PICK_MISSING)
                return
            picked = entry
        written = self.query_one(f"#{self.WRITE_ID}", Input).value.strip() if self.WRITE else ""
        self.submit_with(lambda: self.commands.run(lambda: self.command(picked, written)))


class ChooseScreen(PickScreen[str]):
    """Pick one entry and close with its id: nothing is sent (the next dialog does that)."""

    def action_submit(self) -> None:
        picked = chosen(self.query_one(f"#{self.PICK_ID}", OptionList))
        if picked is None:
            self.error(self.PICK_MISSING)
            return
        self.dismiss(picked)

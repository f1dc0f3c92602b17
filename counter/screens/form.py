"""What every dialog of the desk shares: it sends its own command, shows the hub's refusal
in place and stays open, and closes with the hub's answer once the command is done."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from counter.commands import Result

R = TypeVar("R")
Send = Callable[..., Awaitable[Result[R]]]


class FormScreen(ModalScreen[R | None], Generic[R]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "submit", "提交", priority=True),
    ]

    def __init__(self, send: Send[R]) -> None:
        super().__init__()
        self.send = send

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

    @work(exclusive=True, group="form")
    async def submit_with(self, **fields: Any) -> None:
        self.query_one("#form-error", Static).update(Text("正在提交，请稍候…", style="dim"))
        result = await self.send(**fields)
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

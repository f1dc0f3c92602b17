"""A notice on the screen, as it prints: to show the resident, or when there is no printer."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class NoticeScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭"),
        Binding("p", "reprint", "打印"),
    ]

    def __init__(
        self, title: str, lines: list[str], reprint: Callable[[], None] | None, status: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.reprint = reprint
        self.status = status

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(id="notice-text"):
                yield Static("\n".join(self.lines), markup=False)
            yield Static(self.status, id="notice-status")
            with Horizontal(classes="dialog-buttons"):
                if self.reprint is not None:
                    yield Button("打印 (P)", id="reprint", variant="primary", compact=True)
                yield Button("关闭 (Esc)", id="close", compact=True)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#reprint")
    def action_reprint(self) -> None:
        if self.reprint is not None:
            self.reprint()
            self.dismiss(None)

"""A panel that lists what the hub gives for this clerk (督办, 承诺件) as a table.

It asks the hub again when told the list may have changed and once in a while, keeps the
clerk's cursor on the same ticket across reloads, says in its subtitle when it cannot be
updated, and raises an `Alert` for the desk's message line when something needs the clerk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar, cast

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import DataTable

from counter.commands import Result

if TYPE_CHECKING:
    from counter.app import CounterApp


class Keyed(Protocol):
    @property
    def ticket(self) -> str: ...


ItemT = TypeVar("ItemT")
RowT = TypeVar("RowT", bound=Keyed)
Cell = str | Text


class HubTable(DataTable[Cell], Generic[ItemT, RowT]):
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    TITLE: ClassVar[str] = ""
    UNAVAILABLE: ClassVar[str] = ""
    REFRESH_SECONDS: ClassVar[float] = 60.0

    class Alert(Message):
        def __init__(self, text: str, severity: str) -> None:
            super().__init__()
            self.text, self.severity = text, severity

    def __init__(self, staff_no: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.staff_no = staff_no
        self.items: list[ItemT] = []  # as the hub last gave them
        self.rows_shown: list[RowT] = []

    @property
    def counter(self) -> CounterApp:
        return cast("CounterApp", self.app)

    # ----- what a panel says -------------------------------------------------------------

    async def fetch(self) -> Result[list[ItemT]]:
        raise NotImplementedError

    def entries(self) -> list[RowT]:
        raise NotImplementedError

    def cells(self, row: RowT) -> tuple[Cell, ...]:
        raise NotImplementedError

    def subtitle(self, rows: list[RowT]) -> str:
        raise NotImplementedError

    def loaded(self, rows: list[RowT]) -> None:
        """Called with the new rows after each load, before they are shown."""

    # ----- the mechanism -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns(*self.COLUMNS)
        self.border_title = self.TITLE
        self.border_subtitle = self.subtitle([])
        self.set_interval(self.REFRESH_SECONDS, self.load)

    @work(exclusive=True, group="hub-table")
    async def load(self) -> None:
        if not self.counter.synced:
            return
        result = await self.fetch()
        if not result.ok or result.value is None:
            self.border_subtitle = self.UNAVAILABLE
            return
        self.items = result.value
        rows = self.entries()
        self.loaded(rows)
        self.show(rows)

    def tick(self) -> None:
        self.show(self.entries())

    def show(self, rows: list[RowT]) -> None:
        if rows == self.rows_shown:
            return
        keep = self.highlighted_ticket()
        self.rows_shown = rows
        self.clear()
        for r in rows:
            self.add_row(*self.cells(r), key=r.ticket)
        keys = [r.ticket for r in rows]
        if keep in keys:
            self.move_cursor(row=keys.index(keep))
        self.border_subtitle = self.subtitle(rows)

    def highlighted_ticket(self) -> str | None:
        """The ticket the clerk's cursor is on, if there are rows."""
        if not self.rows_shown:
            return None
        return self.rows_shown[min(self.cursor_row, len(self.rows_shown) - 1)].ticket

    def alert(self, text: str, severity: str, *, title: str, timeout: float) -> None:
        """Say it on the message line and in a toast, with the bell when it is a warning."""
        if severity != "info":
            self.app.bell()
        self.app.notify(
            text,
            title=title,
            severity="warning" if severity != "info" else "information",
            timeout=timeout,
        )
        self.post_message(self.Alert(text, severity))

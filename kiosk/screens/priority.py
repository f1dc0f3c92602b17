"""优先通道: the same matters, issued with priority (elderly, sick, disabled, pregnant,
service members and veterans). Goes back home by itself when nobody touches it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from kiosk import texts
from kiosk.screens.path_page import PathPage
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.matter_grid import MatterGrid
from kiosk.widgets.touch import TouchButton


class PriorityScreen(PathPage):

    def compose(self) -> ComposeResult:
        kiosk = self.kiosk
        yield KioskHeader(kiosk.center_name, kiosk.clock)
        yield Static(texts.PRIORITY_TITLE, id="greeting", classes="title")
        yield Static(texts.PRIORITY_WHO, classes="title-en")
        yield Static(texts.PRIORITY_WHO_EN, id="who-en", classes="title-en")
        yield self.connection_banner()
        yield MatterGrid(priority=True, id="matters")
        label = texts.BACK + (f" {texts.BACK_EN}" if kiosk.english else "")
        yield TouchButton(label, id="back", classes="back")

    async def refresh_hall(self) -> None:
        await super().refresh_hall()
        self.query_one("#who-en").display = self.kiosk.english

    def on_matter_grid_chosen(self, event: MatterGrid.Chosen) -> None:
        # The ticket page replaces this one: back from it is the home page.
        self.dismiss()

"""The first page: a greeting and one large button per matter, plus the other paths
(优先通道, 一件事一次办, 预约签到, 投诉建议) as they are registered in `kiosk.paths`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import Button, Static

from kiosk import texts
from kiosk.paths import PATHS
from kiosk.screens.hall_screen import HallScreen
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.matter_grid import MatterGrid
from kiosk.widgets.path_button import PathButton


class HomeScreen(HallScreen):
    def compose(self) -> ComposeResult:
        kiosk = self.kiosk
        yield KioskHeader(kiosk.center_name, kiosk.clock)
        yield Static(texts.GREETING, id="greeting", classes="title")
        yield Static(texts.GREETING_EN, id="greeting-en", classes="title-en")
        yield self.connection_banner()
        with Horizontal(id="top-paths"):
            for path in PATHS:
                if path.place == "top":
                    yield PathButton(path, classes=f"top-path top-{path.id}")
        yield MatterGrid(id="matters")
        with Horizontal(id="paths"):
            for path in PATHS:
                if path.place == "bottom":
                    yield PathButton(path)
        yield Static(texts.PRINTER_DOWN_NOTICE, id="printer-notice")

    async def refresh_hall(self) -> None:
        await super().refresh_hall()
        kiosk = self.kiosk
        self.query_one(KioskHeader).show_center(kiosk.center_name)
        self.query_one("#greeting-en").display = kiosk.english
        for button in self.query(PathButton):
            button.display = button.path.offered(kiosk)
            button.show(kiosk.english)
        self.query_one("#printer-notice", Static).display = kiosk.printer_down

    def on_resize(self, event: Resize) -> None:
        # A small terminal keeps its rows for the matters: the top paths take one line each
        # there, side by side; a tall screen has them one above the other, full width.
        tall = event.size.height >= 36
        self.query_one("#top-paths").set_class(tall, "stacked")
        for button in self.query(".top-path"):
            button.styles.height = 5 if tall else 3

    def show_online(self, online: bool) -> None:
        super().show_online(online)
        for button in self.query(PathButton):
            button.disabled = not online

    def on_button_pressed(self, event: Button.Pressed) -> None:
        for path in PATHS:
            if event.button.id == f"path-{path.id}":
                event.stop()
                if self.app.screen is self:  # not a second touch after the first opened it
                    self.app.push_screen(path.open())

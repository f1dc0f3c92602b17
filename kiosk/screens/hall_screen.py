"""What the home, priority and 一件事 pages share: their live choices (the matter grid, or
the bundles), disabled while the hub is away, with a banner that says so."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static

from kiosk import texts
from kiosk.screens.base import KioskScreen
from kiosk.widgets.matter_grid import MatterGrid


class HallScreen(KioskScreen):
    def connection_banner(self) -> Static:
        return Static(id="banner", classes="banner")

    async def on_mount(self) -> None:
        self.watch(self.app, "online", self.show_online)
        await self.refresh_hall()

    async def on_screen_resume(self) -> None:
        await self.refresh_hall()

    def show_online(self, online: bool) -> None:
        self.set_class(not online, "offline")
        self.choices().disabled = not online
        if online:
            return
        text = texts.CONNECTING
        if self.kiosk.english:
            text += f"\n{texts.CONNECTING_EN}"
        if self.kiosk.problem:
            text += f"\n{self.kiosk.problem}"
        self.query_one("#banner", Static).update(text)

    def choices(self) -> Widget:
        """What the resident chooses from on this page."""
        return self.query_one(MatterGrid)

    async def show_choices(self) -> None:
        kiosk = self.kiosk
        await self.query_one(MatterGrid).show(kiosk.matters(), kiosk.waiting(), kiosk.english)

    async def refresh_hall(self) -> None:
        await self.show_choices()
        self.show_online(self.kiosk.online)

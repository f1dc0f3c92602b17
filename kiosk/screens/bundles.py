"""一件事一次办 (联办): the life events the hall offers as one item, one large button each; one
touch issues one ticket for every step of it, called to each window in turn. Goes back home
by itself when nobody touches it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Static

from kiosk import texts
from kiosk.screens.path_page import PathPage
from kiosk.widgets.bundle_list import BundleList
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.touch import TouchButton


class BundleScreen(PathPage):

    def compose(self) -> ComposeResult:
        kiosk = self.kiosk
        yield KioskHeader(kiosk.center_name, kiosk.clock)
        yield Static(texts.BUNDLE_TITLE, id="greeting", classes="title")
        yield Static(texts.BUNDLE_HOW, id="how", classes="title-en")
        yield Static(texts.BUNDLE_HOW_EN, id="how-en", classes="title-en")
        yield self.connection_banner()
        yield BundleList(id="bundles")
        label = texts.BACK + (f" {texts.BACK_EN}" if kiosk.english else "")
        yield TouchButton(label, id="back", classes="back")

    def choices(self) -> Widget:
        return self.query_one(BundleList)

    async def show_choices(self) -> None:
        kiosk = self.kiosk
        self._show_english()
        bundles = kiosk.bundles()
        if not bundles:  # the hall no longer offers any: nothing to choose here
            self.go_home()
        await self.query_one(BundleList).show(bundles, kiosk.english)

    def _show_english(self) -> None:
        # A small terminal keeps the row for the bundles.
        self.query_one("#how-en").display = self.kiosk.english and self.size.height >= 30

    def on_resize(self, event: Resize) -> None:
        self._show_english()

    def on_bundle_list_chosen(self, event: BundleList.Chosen) -> None:
        # The ticket page replaces this one: back from it is the home page.
        self.dismiss()

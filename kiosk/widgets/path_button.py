"""A home-page path's button (优先通道, 一件事一次办, 预约签到, 投诉建议): its name, in
English too where the center asks for it, and a line under it, in full where the button is
wide enough."""

from __future__ import annotations

from textual.events import Resize

from bianmin.printing.layout import display_width
from kiosk.paths import HomePath
from kiosk.widgets.touch import TouchButton


class PathButton(TouchButton):
    def __init__(self, path: HomePath, *, classes: str = "") -> None:
        super().__init__(path.label, id=f"path-{path.id}", classes=f"path {classes}".strip())
        self.path = path
        self.english = False

    def show(self, english: bool) -> None:
        self.english = english
        self._relabel()

    def _relabel(self) -> None:
        path, width = self.path, self.content_size.width - 2  # keep clear of the edges
        name = f"{path.label} {path.label_en}" if self.english else path.label
        if display_width(name) > width:
            name = path.label
        hint = path.hint if display_width(path.hint) <= width else path.short_hint
        if self.has_class("top-path") and hint:  # the name, then who it is for
            one_line = f"{name}　{hint}"
            if self.content_size.height < 2 or display_width(one_line) <= width:
                if display_width(one_line) > width:
                    one_line = f"{path.short_label or path.label}　{path.short_hint}"
                label = one_line
            else:
                label = f"{name}\n{hint}"
        else:
            label = f"{name}\n{hint}" if hint else name
        if str(self.label) != label:
            self.label = label

    def on_resize(self, event: Resize) -> None:
        self._relabel()

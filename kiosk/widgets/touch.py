"""A button for a touch screen: pressed, never focused, never hovered (the kiosk has no
keyboard and no mouse: a focus mark or a hover tint left under the last finger position would
only look like a choice already made)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.widget import Widget
from textual.widgets import Button


class TouchButton(Button, can_focus=False):
    # Textual's own classes type this table two ways (DOMNode, Widget): Widget's is the true one.
    _PSEUDO_CLASSES: ClassVar[dict[str, Callable[[Widget], bool]]] = {  # type: ignore[assignment]
        **Button._PSEUDO_CLASSES, "hover": lambda widget: False}


def touch_label(text: str, text_en: str, english: bool) -> str:
    """A button's label: the Chinese, with the English beneath where the center asks for it."""
    return f"{text}\n{text_en}" if english else text

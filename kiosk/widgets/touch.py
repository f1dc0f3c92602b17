"""A button for a touch screen: pressed, never focused (the kiosk has no keyboard, and a
focus mark would only puzzle a resident)."""

from __future__ import annotations

from textual.widgets import Button


class TouchButton(Button, can_focus=False):
    pass


def touch_label(text: str, text_en: str, english: bool) -> str:
    """A button's label: the Chinese, with the English beneath where the center asks for it."""
    return f"{text}\n{text_en}" if english else text

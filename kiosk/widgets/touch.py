"""A button for a touch screen: pressed, never focused (the kiosk has no keyboard, and a
focus mark would only puzzle a resident)."""

from __future__ import annotations

from textual.widgets import Button


class TouchButton(Button, can_focus=False):
    pass

"""Receipt printing shared by the kiosk (tickets) and the counter (notices).

`layout` says what a receipt holds (pure, no printer library), `render` turns a layout into
ESC/POS commands that print Chinese correctly, and `device` opens the configured printer,
checks its status and prints without blocking the event loop.
"""

"""Receipt printing shared by the kiosk (tickets) and the counter (notices).

`layout` says what a receipt holds (pure, no printer library), `render` turns a layout into
ESC/POS commands that print Chinese correctly, `device` opens the configured printer,
checks its status and prints without blocking the event loop, and `watch` keeps a device's
printer state and reports its changes to the hub once each.
"""

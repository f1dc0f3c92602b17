"""Signing in, who is asking, devices and their printers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import msgspec

from bianmin.wire.base import Wire

PrinterKind = Literal["none", "usb", "network", "serial", "file"]
Role = Literal["kiosk", "display", "rating", "clerk", "office"]


class PrinterSettings(Wire):
    """A `printer = {...}` table of the configuration: which printer and how to reach it.
    USB ids may be written as numbers or as "0x0416", as printer manuals do."""

    kind: PrinterKind = "none"
    columns: int = 48  # 32 for 58 mm paper, 42 or 48 for 80 mm
    timeout: float | None = None  # seconds
    host: str | None = None
    port: int | None = None
    vendor: int | str | None = None
    product: int | str | None = None
    in_ep: int | str | None = None
    out_ep: int | str | None = None
    device: str | None = None
    baudrate: int | None = None


class SignedIn(Wire):
    token: str
    staff_no: str
    name: str
    role: Role
    window: int | None
    printer: PrinterSettings  # the window's printer, for its notices
    demo: bool


class Me(Wire):
    role: Role
    id: str
    name: str
    window: int | None


class Done(Wire):
    ok: bool
    message: str


class DeviceCenter(Wire):
    name: str
    name_en: str
    public_url: str  # how phones reach the hub, for the code printed on tickets


class Device(Wire):
    id: str
    kind: Role
    name: str
    printer: PrinterSettings
    center: DeviceCenter


class PrinterRecorded(Wire):
    device: str
    status: str
    recorded: bool  # false when nothing changed since the last report


def printer_settings(table: Mapping[str, object]) -> PrinterSettings:
    """A checked `printer = {...}` table of the configuration as the wire carries it."""
    return msgspec.convert(table, PrinterSettings)

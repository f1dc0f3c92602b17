"""Reading the kiosk's command-line printer override into printer settings."""

from __future__ import annotations

import msgspec

from bianmin.wire.devices import PrinterSettings

PRINTER_HELP = ("none | network:HOST[:PORT] | usb:VENDOR:PRODUCT | serial:DEVICE[:BAUD] | "
                "file:PATH  (overrides the printer the hub's configuration gives this kiosk)")


def parse_printer(spec: str, columns: int | None = None) -> PrinterSettings:
    """`network:192.168.1.50:9100` -> `PrinterSettings(kind="network", host=..., port=9100)`.

    Raises `ValueError` with a message naming what is wrong.
    """
    kind, _, rest = spec.strip().partition(":")
    kind = kind.lower()
    settings: PrinterSettings
    if kind == "none" and not rest:
        settings = PrinterSettings(kind="none")
    elif kind == "network" and rest:
        host, _, port = rest.partition(":")
        settings = PrinterSettings(kind="network", host=host,
                                   port=_number(port or "9100", "port"))
    elif kind == "usb" and rest.count(":") == 1:
        vendor, product = rest.split(":")
        settings = PrinterSettings(kind="usb", vendor=_number(vendor, "vendor", 16),
                                   product=_number(product, "product", 16))
    elif kind == "serial" and rest:
        device, _, baud = rest.partition(":")
        settings = PrinterSettings(kind="serial", device=device,
                                   baudrate=_number(baud or "9600", "baud rate"))
    elif kind == "file" and rest:
        settings = PrinterSettings(kind="file", device=rest)
    else:
        raise ValueError(f"cannot read printer {spec!r}; expected {PRINTER_HELP}")
    if columns is not None:
        if columns not in (32, 42, 48):
            raise ValueError("paper columns must be 32 (58 mm), 42 or 48 (80 mm)")
        settings = msgspec.structs.replace(settings, columns=columns)
    return settings


def _number(text: str, what: str, base: int = 10) -> int:
    try:
        return int(text, 16 if text.lower().startswith("0x") else base)
    except ValueError:
        raise ValueError(f"printer {what} must be a number, not {text!r}") from None

"""The center as the kiosk names it on its pages and receipts.

The hall's view gives the name, whether English is shown beside and the complaint phone; the
hub's settings for this kiosk may name its center otherwise and say how phones reach the hub.
Pure: one plain value, made afresh from the hub's views when asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from bianmin.wire.devices import DeviceCenter
from bianmin.wire.hall import Center


@dataclass(frozen=True)
class KioskCenter:
    name: str = ""
    name_en: str = ""
    english: bool = False
    complaint_phone: str = ""  # the 24-hour supervision line
    public_url: str = ""  # how phones reach the hub, for the code on a ticket; may be empty


def kiosk_center(hall: Center, device: DeviceCenter | None) -> KioskCenter:
    """The hall's center, with what this kiosk's settings say of it where they say it."""
    return KioskCenter(
        name=(device.name if device else "") or hall.name,
        name_en=(device.name_en if device else "") or hall.name_en,
        english=hall.english,
        complaint_phone=hall.complaint_phone,
        public_url=device.public_url if device else "",
    )

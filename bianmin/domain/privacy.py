"""Masking personal data (姓名、电话、住址) everywhere but the office's own views."""

from __future__ import annotations

import re

# Numbers as people write them: 13812345678, 138 1234 5678, 138-1234-5678, +86 138...
SEP = r"[\s\-\u00a0]?"
PHONE = re.compile(rf"(?<!\d)((?:\+?86{SEP})?1[3-9]\d){SEP}(\d{{4}}){SEP}(\d{{4}})(?!\d)")
LANDLINE = re.compile(rf"(?<!\d)(0\d{{2,3}}{SEP})(\d{{3,4}}){SEP}(\d{{4}})(?!\d)")
# Resident ID cards: 18 characters, and the old 15-digit ones.
ID_CARD = re.compile(r"(?<![0-9Xx])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9Xx])")
OLD_ID_CARD = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{3})(?!\d)")


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳修 -> 欧**: the surname stays, so a resident knows it is theirs."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812341234 -> 138****1234; other numbers keep only their last four digits."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[7:]}"
    if len(digits) >= 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_address(address: str) -> str:
    """Keep the first few characters (the village or street), hide the rest."""
    address = address.strip()
    keep = min(6, max(0, len(address) // 3))
    return address[:keep] + "****" if address else ""


def mask_text(text: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """Mask the given names, and any mobile, landline or ID-card number, in free text."""
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    text = ID_CARD.sub(lambda m: m.group(1) + "********" + m.group(3), text)
    text = OLD_ID_CARD.sub(lambda m: m.group(1) + "******" + m.group(3), text)
    text = PHONE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    return LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(3), text)

"""The printed ticket's layout: the center, the number as large as the paper allows, the
matter (or the 一件事, with its steps in order), how many are ahead and 预计等候, the time, a
polite line, the materials checklist (for a 一件事, every step's at once) and a QR code to
follow the ticket on a phone.

Pure: a `Receipt` of blocks; `bianmin.printing` turns it into printer commands.
"""

from __future__ import annotations

from bianmin.printing.layout import Block, Feed, QRCode, Receipt, Rule, Text, display_width
from kiosk import texts
from kiosk.ticket import IssuedTicket

LARGEST = 8


def fitting_scale(text: str, columns: int, largest: int = LARGEST) -> int:
    """The largest scale at which `text` fits on one line, leaving a column spare (some
    printers wrap a line that fills the paper exactly)."""
    width = max(1, display_width(text))
    return max(1, min(largest, (columns - 1) // width))


def ticket_receipt(ticket: IssuedTicket, columns: int) -> Receipt:
    english = ticket.english
    matter, ahead = ticket.matter_line, ticket.ahead_line
    blocks: list[Block] = [
        Text(ticket.center_name, scale=fitting_scale(ticket.center_name, columns, 2),
             align="center", bold=True),
    ]
    if english and ticket.center_name_en:
        blocks.append(Text(ticket.center_name_en, align="center"))
    blocks += [
        Rule(),
        Text(ticket.greeting + (f" {ticket.greeting_en}" if english else ""),
             align="center"),
        Text(ticket.number, scale=fitting_scale(ticket.number, columns), align="center",
             bold=True),
        Text(matter, scale=fitting_scale(matter, columns, 2), align="center", bold=True),
    ]
    if english and ticket.title_en:
        blocks.append(Text(ticket.title_en, align="center"))
    blocks.append(Text(ahead, scale=fitting_scale(ahead, columns, 2), align="center"))
    if english:
        blocks.append(Text(ticket.ahead_line_en, align="center"))
    if ticket.wait_line:
        blocks.append(Text(ticket.wait_line + (f" {ticket.wait_line_en}" if english else ""),
                           align="center", bold=True))
    blocks += [
        Text(ticket.windows_line, align="center"),
        Text(texts.ISSUED_AT.format(at=f"{ticket.issued_at:%Y-%m-%d %H:%M}"), align="center"),
        Rule(),
        Text(texts.POLITE_LINE, bold=True),
    ]
    if english:
        blocks.append(Text(texts.POLITE_LINE_EN))
    if ticket.wait_hint:
        blocks.append(Text(ticket.wait_hint))
    if ticket.bundle:
        blocks.append(Text(ticket.steps_title, bold=True))
        for line in ticket.step_lines:
            if display_width(line) < columns:
                blocks.append(Text(line))
            else:  # the windows on a line of their own, not broken inside 8号
                step, windows = line.rsplit("　", 1)
                blocks += [Text(step), Text(f"　　{windows}")]
    if ticket.materials:
        blocks.append(Text(texts.BUNDLE_MATERIALS if ticket.bundle else texts.MATERIALS))
        blocks += [Text(f"□ {item}") for item in ticket.materials]
    blocks += [
        Rule(),
        QRCode(ticket.status_url, size=6 if columns >= 48 else 5),
        Text(texts.SCAN + (f" {texts.SCAN_EN}" if english else ""), align="center"),
        Text(texts.THANKS, align="center"),
        Feed(1),
    ]
    return Receipt(tuple(blocks))

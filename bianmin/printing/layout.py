"""What a receipt holds, as plain data: text lines in sizes, QR codes, rules and feeds.

Pure: no I/O and no printer library. Widths are counted the way a Chinese ESC/POS printer
counts them: an ideograph or full-width sign takes two columns, an ASCII character one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right"]

# Kinsoku (避头): signs a Chinese line must not start with; the character before moves down.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—,.;:?!)]}%")
# Signs a line must not end with (避尾): they move down with the text they open.
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")


@dataclass(frozen=True)
class Text:
    text: str
    scale: int = 1  # width and height multiplier, 1..8
    align: Align = "left"
    bold: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.scale <= 8:
            raise ValueError(f"scale must be 1..8, not {self.scale}")
        if self.align not in ("left", "center", "right"):
            raise ValueError(f"align must be left, center or right, not {self.align!r}")


@dataclass(frozen=True)
class QRCode:
    data: str
    size: int = 6  # module size in printer dots, 1..16

    def __post_init__(self) -> None:
        if not 1 <= self.size <= 16:
            raise ValueError(f"QR module size must be 1..16, not {self.size}")


@dataclass(frozen=True)
class Rule:
    char: str = "-"

    def __post_init__(self) -> None:
        if len(self.char) != 1 or char_width(self.char) == 0:
            raise ValueError(f"a rule is drawn with one visible character, not {self.char!r}")


@dataclass(frozen=True)
class Feed:
    lines: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.lines <= 255:
            raise ValueError(f"feed 0..255 lines, not {self.lines}")


Block = Text | QRCode | Rule | Feed


@dataclass(frozen=True)
class Receipt:
    blocks: tuple[Block, ...]


def char_width(ch: str) -> int:
    """Columns one character takes on a Chinese printer (and in a Chinese terminal font)."""
    if ch == "\t":
        return 1
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf") or (category == "Cc"):
        return 0
    if ord(ch) < 0x80:
        return 1
    # Wide and full-width characters, and the ambiguous ones (—, …, ①, ·), which a Chinese
    # printer prints from its double-byte font.
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def display_width(s: str) -> int:
    return sum(char_width(ch) for ch in s)


def _tokens(line: str) -> list[str]:
    """Break points: each CJK character stands alone, runs of ASCII letters stay together,
    and spaces are their own tokens."""
    tokens: list[str] = []
    word = ""
    for ch in line:
        if ch == " ":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ord(ch) < 0x80 or char_width(ch) == 1:
            word += ch
        else:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def _split_long(word: str, columns: int) -> list[str]:
    pieces, piece = [], ""
    for ch in word:
        if piece and display_width(piece + ch) > columns:
            pieces.append(piece)
            piece = ""
        piece += ch
    if piece:
        pieces.append(piece)
    return pieces


def _wrap_line(line: str, columns: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in _tokens(line):
        if display_width(current + token) <= columns:
            current += token
            continue
        if token == " ":
            lines.append(current)
            current = ""
            continue
        if display_width(token) > columns:
            pieces = _split_long(token, columns)
            if current.rstrip():
                # Fill the current line first so a long address does not leave a gap.
                room = columns - display_width(current)
                head = _split_long(token, room)[0] if room > 0 else ""
                if head and display_width(head) <= room:
                    current += head
                    pieces = _split_long(token[len(head) :], columns)
                lines.append(current.rstrip())
            lines.extend(pieces[:-1])
            current = pieces[-1]
            continue
        moved = ""
        if token[0] in NO_LINE_START and len(current.rstrip()) > 1:
            moved, current = current[-1], current[:-1]
        while len(current) > 1 and current[-1] in NO_LINE_END:
            moved, current = current[-1] + moved, current[:-1]
        lines.append(current.rstrip())
        current = moved + token
    lines.append(current.rstrip())
    return lines


def wrap(text: str, columns: int) -> list[str]:
    """`text` cut into lines of at most `columns` display columns.

    Chinese breaks between any two characters, English between words (a word longer than a
    line is cut), a line never starts with a closing sign such as ，or 。, and hard line
    breaks in `text` are kept. An empty text is one empty line.
    """
    if columns < 2:
        raise ValueError("need at least 2 columns to fit one Chinese character")
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(_wrap_line(paragraph.expandtabs(4), columns))
    return lines


def text_columns(block: Text, columns: int) -> int:
    """Columns of normal-size text that fit on one line at the block's scale."""
    return max(2, columns // block.scale)


def _aligned(line: str, align: Align, columns: int) -> str:
    room = columns - display_width(line)
    if room <= 0 or align == "left":
        return line
    if align == "right":
        return " " * room + line
    return " " * (room // 2) + line


def as_text(receipt: Receipt, columns: int) -> list[str]:
    """How the receipt reads, line by line, for showing it on a screen.

    Large text cannot be large on a terminal; it is wrapped as the printer wraps it and
    aligned within the full width. A QR code reads as its address.
    """
    out: list[str] = []
    for block in receipt.blocks:
        match block:
            case Text():
                for line in wrap(block.text, text_columns(block, columns)):
                    out.append(_aligned(line, block.align, columns))
            case QRCode():
                for line in wrap(f"[二维码] {block.data}", columns):
                    out.append(_aligned(line, "center", columns))
            case Rule():
                out.append(block.char * (columns // char_width(block.char)))
            case Feed():
                out.extend([""] * block.lines)
    return out

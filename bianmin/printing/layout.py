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
# Words a line never breaks inside (a break in 办/结 reads as two words): the ones the hall's
# tickets, slips and notices say, longest first where one starts another.
KEEP_TOGETHER = tuple(sorted([
    "办结", "办理", "办件", "承诺", "受理", "窗口", "号码", "号票", "材料",
    "补正", "补齐", "告知", "预约", "签到", "投诉", "建议", "查询", "电话",
    "监督", "服务", "中心", "时间", "日期", "期限", "工作日", "身份证",
    "户口簿", "营业执照", "回执", "编号", "叫号", "过号", "等候", "领取",
    "结果", "不动产", "登记", "社保", "医保", "退休", "证明", "窗口办理",
    "工作人员", "即办件", "承诺件",
], key=len, reverse=True))
# A number stays with the unit that follows it: 15个, 12月, 3号, 2人.
UNITS = frozenset("年月日号时分秒点人个件天位元张份次岁")


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
    """Break points: each CJK character stands alone but for the words of `KEEP_TOGETHER`,
    runs of ASCII letters and digits stay together (a number with the unit after it), and
    spaces are their own tokens."""
    tokens: list[str] = []
    word = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == " ":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ord(ch) < 0x80 or char_width(ch) == 1:
            word += ch
        elif word and word[-1].isdigit() and ch in UNITS:
            tokens.append(word + ch)
            word = ""
        else:
            if word:
                tokens.append(word)
                word = ""
            together = next((w for w in KEEP_TOGETHER if line.startswith(w, i)), ch)
            tokens.append(together)
            i += len(together)
            continue
        i += 1
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
            # The token before moves down with the sign: a whole word, not its last half.
            last = _tokens(current)[-1]
            if len(last) >= len(current.rstrip()):
                last = current[-1]
            moved, current = last, current[: -len(last)]
        while len(current) > 1 and current[-1] in NO_LINE_END:
            moved, current = current[-1] + moved, current[:-1]
        lines.append(current.rstrip())
        current = moved + token
    lines.append(current.rstrip())
    return lines


def wrap(text: str, columns: int) -> list[str]:
    """`text` cut into lines of at most `columns` display columns.

    Chinese breaks between any two characters but inside the words of `KEEP_TOGETHER` (办结)
    and between a number and its unit (15个), English between words (a word longer than a
    line is cut), a line never starts with a closing sign such as ，or 。 (the word before
    moves down with it), and hard line breaks in `text` are kept. An empty text is one empty
    line.
    """
    if columns < 2:
        raise ValueError("need at least 2 columns to fit one Chinese character")
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(_wrap_line(paragraph.expandtabs(4), columns))
    return lines


def text_columns(block: Text, columns: int) -> int:
    """Columns of normal-size text that fit on one line at the block's scale, keeping one
    column of the paper spare: some printers wrap a line that fills the paper exactly,
    which prints as an extra blank line."""
    return max(2, (columns - 1) // block.scale)


def rule_line(rule: Rule, columns: int) -> str:
    """A rule across the paper, one column short of it (see `text_columns`)."""
    return rule.char * ((columns - 1) // char_width(rule.char))


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
                for line in ["[二维码]", *wrap(block.data, columns)]:
                    out.append(_aligned(line, "center", columns))
            case Rule():
                out.append(rule_line(block, columns))
            case Feed():
                out.extend([""] * block.lines)
    return out

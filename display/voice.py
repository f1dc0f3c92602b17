"""How a call is spoken: the clips of "请 A012 号 到 3 号窗口办理", in order. Pure.

A call is said as a sequence of short clips, one per token (请, a letter, a digit or a number
word, 号, 到, 窗口办理), after a chime and repeated with a pause between, then, where the
configuration asks for it, once in English ("Number A 0 1 2, please go to window 3"). When
other calls are waiting, the page says each once in the brief form "A012 号，3 号窗口"
(`brief_tokens`), from clips made at a brisker pace (`brisk-` tokens: the same words, the
same voice, faster). The page plays the same sequences: `display/voice.js` holds these
algorithms in JavaScript and a test checks the two agree. Token ids are ASCII so that an office
can drop in `qing.wav` to replace 请; English tokens start with `en-`.
"""

from __future__ import annotations

import re
from typing import Literal

CHIME = "chime"
PAUSE = "pause"  # not a clip: the page waits `gap_ms` between two repeats

NumberStyle = Literal["digits", "natural"]
NUMBER_STYLES: tuple[NumberStyle, ...] = ("digits", "natural")

DIGITS = "零一二三四五六七八九"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

WORDS: dict[str, str] = {
    "qing": "请",
    "hao": "号",
    "dao": "到",
    "chuangkou-banli": "窗口办理",
    "shi": "十",
    "bai": "百",
    "qian": "千",
}

EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen")
EN_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
           80: "eighty", 90: "ninety"}
EN_WORDS: dict[str, str] = {"en-number": "Number", "en-window": "please go to window"}

# What each token says: the text espeak-ng is given, and what speechSynthesis reads.
TOKEN_TEXT: dict[str, str] = {
    **{f"digit-{d}": DIGITS[d] for d in range(10)},
    **{f"letter-{c}": c for c in LETTERS},
    **WORDS,
    **{f"en-digit-{d}": EN_DIGITS[d] for d in range(10)},
    **{f"en-letter-{c}": c for c in LETTERS},
    **{f"en-{10 + i}": word for i, word in enumerate(EN_TEENS)},
    **{f"en-{n}": word for n, word in EN_TENS.items()},
    **EN_WORDS,
}
# The words of the brief form, again at the brisk pace.
BRISK = "brisk-"
TOKEN_TEXT.update({
    f"{BRISK}{t}": TOKEN_TEXT[t] for t in list(TOKEN_TEXT)
    if t.startswith(("digit-", "letter-")) or t in ("hao", "shi", "bai", "qian")
})
TOKEN_TEXT[f"{BRISK}chuangkou"] = "窗口"
SPOKEN_TOKENS: tuple[str, ...] = tuple(TOKEN_TEXT)
ALL_CLIPS: tuple[str, ...] = (CHIME, *SPOKEN_TOKENS)

_PLACES = ((1000, "qian"), (100, "bai"), (10, "shi"), (1, ""))
_TICKET = re.compile(r"([A-Za-z]*)(\d+)")


def read_digits(digits: str) -> list[str]:
    """Digit by digit, as a hall reads a ticket: "012" -> 零 一 二."""
    return [f"digit-{c}" for c in digits if c.isdigit() and c.isascii()]


def read_natural(n: int) -> list[str]:
    """As a number is said: 12 -> 十二, 105 -> 一百零五, 1010 -> 一千零一十.

    Numbers outside 1..9999 are read digit by digit.
    """
    if not 0 < n < 10_000:
        return read_digits(str(n))
    out: list[str] = []
    zero_pending = False
    for value, unit in _PLACES:
        d = n // value % 10
        if d == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("digit-0")
            zero_pending = False
        if not (unit == "shi" and d == 1 and not out):  # 十二, not 一十二
            out.append(f"digit-{d}")
        if unit:
            out.append(unit)
    return out


def number_tokens(number: str, style: NumberStyle) -> list[str]:
    """A ticket number such as "A012": its letters, then its serial in the chosen style."""
    match = _TICKET.fullmatch(number.strip())
    if match is None:  # an unexpected shape: say every letter and digit in it, in order
        return [
            f"letter-{c.upper()}" if c.isascii() and c.isalpha() else f"digit-{c}"
            for c in number
            if c.isascii() and c.isalnum()
        ]
    letters, serial = match.groups()
    spoken = read_digits(serial) if style == "digits" else read_natural(int(serial))
    return [f"letter-{c.upper()}" for c in letters] + spoken


def call_tokens(number: str, window: int, style: NumberStyle) -> list[str]:
    """One saying of a call: 请 A012 号 到 3 号窗口办理 (the window read as a number)."""
    return ["qing", *number_tokens(number, style), "hao", "dao", *read_natural(window),
            "hao", "chuangkou-banli"]


def brief_tokens(number: str, window: int, style: NumberStyle) -> list[str]:
    """The call said once, at the brisk pace, when others wait: A012 号，3 号窗口."""
    said = [*number_tokens(number, style), "hao", *read_natural(window), "hao", "chuangkou"]
    return [BRISK + t for t in said]


def read_english(n: int) -> list[str]:
    """A window number in English: 1 to 99 as a number (twenty-one), others digit by digit."""
    if not 0 < n < 100:
        return [f"en-digit-{c}" for c in str(n) if c.isdigit()]
    if n < 10:
        return [f"en-digit-{n}"]
    if n < 20 or n % 10 == 0:
        return [f"en-{n}"]
    return [f"en-{n - n % 10}", f"en-digit-{n % 10}"]


def english_tokens(number: str, window: int) -> list[str]:
    """Number A 0 1 2, please go to window 3 (the ticket letter by letter, digit by digit)."""
    said = [f"en-letter-{c.upper()}" if c.isalpha() else f"en-digit-{c}"
            for c in number if c.isascii() and c.isalnum()]
    return ["en-number", *said, "en-window", *read_english(window)]


def announcement(number: str, window: int, *, style: NumberStyle = "digits", repeat: int = 2,
                 chime: bool = True, english: bool = False) -> list[str]:
    """Everything the page plays for one call or recall when nothing else waits, in order."""
    once = call_tokens(number, window, style)
    out = [CHIME] if chime else []
    for i in range(max(1, repeat)):
        if i:
            out.append(PAUSE)
        out.extend(once)
    if english:
        out += [PAUSE, *english_tokens(number, window)]
    return out


def text_of(tokens: list[str]) -> str:
    """What a run of tokens says, as one line of text, for the browser's own speech engine."""
    english = [TOKEN_TEXT[t] for t in tokens if t.startswith("en-")]
    if english:
        return " ".join(english)
    return "".join(TOKEN_TEXT[t] for t in tokens if t in TOKEN_TEXT)


def sentence(number: str, window: int, style: NumberStyle = "digits") -> str:
    """The call as one line of text, for the browser's own speech engine (the fallback)."""
    return text_of(call_tokens(number, window, style))

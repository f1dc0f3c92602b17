"""How a call is spoken: number readings and the clip sequence of an announcement (no I/O)."""

from __future__ import annotations

import pytest

from display.voice import (
    ALL_CLIPS,
    CHIME,
    LETTERS,
    NUMBER_STYLES,
    PAUSE,
    TOKEN_TEXT,
    NumberStyle,
    announcement,
    brief_tokens,
    call_tokens,
    english_tokens,
    number_tokens,
    read_english,
    read_natural,
    sentence,
)


def spoken(tokens: list[str]) -> str:
    return "".join(TOKEN_TEXT[t] for t in tokens)


@pytest.mark.parametrize(("n", "said"), [
    (1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (21, "二十一"),
    (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (115, "一百一十五"),
    (999, "九百九十九"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"),
    (1100, "一千一百"), (2005, "二千零五"), (9999, "九千九百九十九"),
])
def test_natural_reading(n: int, said: str) -> None:
    assert spoken(read_natural(n)) == said


def test_numbers_out_of_range_are_read_digit_by_digit() -> None:
    assert spoken(read_natural(12345)) == "一二三四五"
    assert spoken(read_natural(0)) == "零"


@pytest.mark.parametrize(("number", "digits", "natural"), [
    ("A012", "A零一二", "A十二"),
    ("A001", "A零零一", "A一"),
    ("B100", "B一零零", "B一百"),
    ("J105", "J一零五", "J一百零五"),
    ("C1000", "C一零零零", "C一千"),
    ("d007", "D零零七", "D七"),
])
def test_ticket_numbers_in_both_styles(number: str, digits: str, natural: str) -> None:
    assert spoken(number_tokens(number, "digits")) == digits
    assert spoken(number_tokens(number, "natural")) == natural


def test_an_unusual_ticket_number_is_read_letter_and_digit_as_written() -> None:
    assert spoken(number_tokens("VIP-07", "natural")) == "VIP零七"


@pytest.mark.parametrize(("number", "window", "style", "said"), [
    ("A012", 3, "digits", "请A零一二号到三号窗口办理"),
    ("A012", 3, "natural", "请A十二号到三号窗口办理"),
    ("B105", 12, "digits", "请B一零五号到十二号窗口办理"),
    ("J007", 10, "natural", "请J七号到十号窗口办理"),
    ("H020", 21, "natural", "请H二十号到二十一号窗口办理"),
])
def test_one_saying_of_a_call(number: str, window: int, style: NumberStyle, said: str) -> None:
    assert spoken(call_tokens(number, window, style)) == said
    assert sentence(number, window, style) == said


def test_an_announcement_is_a_chime_then_the_call_twice_with_a_pause() -> None:
    once = call_tokens("A012", 3, "digits")
    assert once == ["qing", "letter-A", "digit-0", "digit-1", "digit-2", "hao", "dao",
                    "digit-3", "hao", "chuangkou-banli"]
    assert announcement("A012", 3) == [CHIME, *once, PAUSE, *once]
    assert announcement("A012", 3, repeat=1, chime=False) == once
    three = announcement("A012", 3, repeat=3)
    assert three.count(PAUSE) == 2 and three.count("qing") == 3 and three[0] == CHIME


def test_every_token_of_any_call_has_a_clip() -> None:
    needed = {t for letter in LETTERS for t in announcement(f"{letter}001", 1, english=True)}
    for style in NUMBER_STYLES:
        needed.update(t for n in range(1, 10_000) for t in number_tokens(f"A{n:03d}", style))
        needed.update(t for n in range(1, 10_000) for letter in LETTERS
                      for t in brief_tokens(f"{letter}{n:03d}", n % 100 + 1, style))
    needed.update(t for window in range(1, 100) for t in read_natural(window))
    needed.update(t for window in range(1, 1000) for t in read_english(window))
    assert needed - {PAUSE} == set(ALL_CLIPS)


@pytest.mark.parametrize(("number", "window", "said"), [
    ("A012", 3, "Number A zero one two please go to window three"),
    ("B105", 12, "Number B one zero five please go to window twelve"),
    ("J007", 21, "Number J zero zero seven please go to window twenty one"),
    ("H020", 40, "Number H zero two zero please go to window forty"),
    ("C001", 120, "Number C zero zero one please go to window one two zero"),
])
def test_the_call_in_english(number: str, window: int, said: str) -> None:
    assert " ".join(TOKEN_TEXT[t] for t in english_tokens(number, window)) == said
    assert announcement(number, window, repeat=1, chime=False, english=True) == [
        *call_tokens(number, window, "digits"), PAUSE, *english_tokens(number, window)]


@pytest.mark.parametrize(("number", "window", "style", "said"), [
    ("A012", 3, "digits", "A零一二号三号窗口"),
    ("A012", 3, "natural", "A十二号三号窗口"),
    ("B105", 12, "digits", "B一零五号十二号窗口"),
])
def test_the_brief_call_said_when_others_wait(number: str, window: int, style: NumberStyle,
                                             said: str) -> None:
    brief = brief_tokens(number, window, style)
    assert spoken(brief) == said
    assert all(t.startswith("brisk-") for t in brief)  # the same words, at the brisk pace

from __future__ import annotations

import itertools

import pytest

from bianmin.printing.layout import (
    Feed,
    QRCode,
    Receipt,
    Rule,
    Text,
    as_text,
    display_width,
    wrap,
)


def test_display_width_counts_chinese_as_two() -> None:
    assert display_width("A012") == 4
    assert display_width("请到3号窗口") == 11
    assert display_width("，。！？（）") == 12
    assert display_width("—…①") == 6  # printed from the double-byte font
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert display_width("") == 0


@pytest.mark.parametrize("columns", [16, 24, 32, 48])
def test_wrap_never_exceeds_width_and_loses_nothing(columns: int) -> None:
    text = (
        "您好，请携带居民身份证、户口簿、近期一寸免冠照片，到3号窗口办理。"
        "Please bring your ID card and household register to window 3, thank you."
    )
    lines = wrap(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) > 1


def test_wrap_breaks_chinese_by_width_not_count() -> None:
    assert wrap("请您留意叫号过号请到服务台", 8) == ["请您留意", "叫号过号", "请到服务", "台"]


def test_wrap_keeps_english_words_whole() -> None:
    assert wrap("Please watch the display", 12) == ["Please watch", "the display"]


def test_a_line_never_starts_with_a_closing_sign() -> None:
    lines = wrap("请您留意叫号，过号请到服务台。", 12)
    assert lines == ["请您留意", "叫号，过号请", "到服务台。"]  # 叫号 moves down whole
    assert not any(line[0] in "，。" for line in lines)


def test_an_opening_bracket_stays_with_what_follows() -> None:
    # "甲乙丙丁戊（" would fill the line exactly; the bracket moves down with its words.
    assert wrap("甲乙丙丁戊（如有）", 12) == ["甲乙丙丁戊", "（如有）"]


def test_a_long_address_is_cut_to_fit() -> None:
    url = "http://192.168.1.10:8600/t/2024-05-01-A012"
    lines = wrap(url, 16)
    assert "".join(lines) == url
    assert all(display_width(line) <= 16 for line in lines)


def test_hard_line_breaks_are_kept() -> None:
    assert wrap("第一行\n\n第三行", 32) == ["第一行", "", "第三行"]


def test_wrap_refuses_a_width_too_narrow_for_a_character() -> None:
    with pytest.raises(ValueError):
        wrap("您好", 1)


def test_blocks_check_their_values() -> None:
    with pytest.raises(ValueError):
        Text("x", scale=9)
    with pytest.raises(ValueError):
        Text("x", align="middle")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        QRCode("x", size=0)
    with pytest.raises(ValueError):
        Rule("--")
    with pytest.raises(ValueError):
        Feed(-1)


def test_as_text_reads_like_the_paper() -> None:
    receipt = Receipt(
        (
            Text("青溪镇便民服务中心", align="center"),
            Text("A012", scale=4, align="center"),
            Rule("="),
            Text("前面还有 3 人", align="right"),
            Feed(1),
            QRCode("http://hall/t/1"),
        )
    )
    lines = as_text(receipt, 32)
    assert lines[0] == " " * 7 + "青溪镇便民服务中心"
    assert lines[1] == " " * 14 + "A012"
    assert lines[2] == "=" * 31  # one column spare
    assert lines[3] == " " * 19 + "前面还有 3 人"
    assert lines[4] == ""
    assert lines[5].strip() == "[二维码]" and lines[6].strip() == "http://hall/t/1"
    assert all(display_width(line) <= 32 for line in lines)


def test_as_text_full_width_rule() -> None:
    assert as_text(Receipt((Rule("—"),)), 32) == ["—" * 15]


def test_no_break_inside_a_word_pair() -> None:
    """A 承诺件 notice's line: 办结 is never cut into 办 / 结。 (the sign pulls the whole word
    down), nor 15个 into 15 / 个."""
    text = "本件为承诺件，将于15个工作日内办结。"
    for columns in range(8, 40):
        lines = wrap(text, columns)
        assert "".join(lines) == text
        assert all(display_width(line) <= columns for line in lines)
        for line, after in itertools.pairwise(lines):
            assert not (line.endswith("办") and after.startswith("结")), (columns, lines)
            assert not (line.endswith("15") and after.startswith("个")), (columns, lines)
            assert not after.startswith(("。", "，")), (columns, lines)
    assert wrap("请于12月21日前办结。", 18) == ["请于12月21日前", "办结。"]


@pytest.mark.parametrize("columns", [32, 48])
def test_printed_lines_keep_one_column_spare(columns: int) -> None:
    """Some printers wrap a line that fills the paper exactly into an extra blank line."""
    text = "请携带居民身份证、户口簿原件及复印件，近期一寸免冠照片两张，到窗口办理。" * 3
    receipt = Receipt((Text(text), Text(text, scale=2), Rule(), Rule("═")))
    lines = as_text(receipt, columns)
    assert all(display_width(line) <= columns - 1 for line in lines)
    assert max(display_width(line) for line in lines) == columns - 1

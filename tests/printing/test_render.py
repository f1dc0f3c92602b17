from __future__ import annotations

import re

from bianmin.printing.escpos_lib import Dummy
from bianmin.printing.layout import Feed, QRCode, Receipt, Rule, Text, display_width
from bianmin.printing.render import CHINESE_OFF, CHINESE_ON, receipt_bytes, render

CHINESE = re.compile(re.escape(CHINESE_ON) + b"(.*?)" + re.escape(CHINESE_OFF), re.S)


def chinese_runs(data: bytes) -> list[str]:
    return [m.group(1).decode("gb18030") for m in CHINESE.finditer(data)]


def test_chinese_goes_inside_chinese_mode_as_gb18030() -> None:
    out = receipt_bytes(Receipt((Text("请您留意叫号，过号请到服务台"),)), 48)
    line = "请您留意叫号，过号请到服务台".encode("gb18030")
    assert CHINESE_ON + line + CHINESE_OFF + b"\n" in out
    assert b"\xa3\xac" in out  # the full-width comma, GB18030 A3AC
    assert b"?" not in out


def test_a_line_of_only_full_width_punctuation_prints() -> None:
    out = receipt_bytes(Receipt((Text("，。！？：（）"),)), 32)
    assert chinese_runs(out) == ["，。！？：（）"]


def test_escpos_text_shortcut_is_not_enough() -> None:
    # What this module exists to avoid: python-escpos's text() garbles the punctuation and
    # never switches to Chinese mode.
    shortcut = Dummy()
    shortcut.text("，。！\n")
    assert CHINESE_ON not in shortcut.output and b"???" in shortcut.output


def test_ascii_lines_are_sent_plain() -> None:
    out = receipt_bytes(Receipt((Text("A012"),)), 32)
    assert b"A012\n" in out and CHINESE_ON not in out


def test_lines_are_wrapped_by_display_width_at_their_scale() -> None:
    text = "请携带居民身份证、户口簿、近期一寸免冠照片、相关证明材料，到户籍窗口办理。"
    for columns in (32, 48):
        for scale in (1, 2):
            out = receipt_bytes(Receipt((Text(text, scale=scale),)), columns)
            runs = chinese_runs(out)
            assert "".join(runs) == text
            assert all(display_width(r) <= columns // scale for r in runs)
            assert len(runs) > 1


def test_big_number_uses_custom_size_and_returns_to_normal() -> None:
    out = receipt_bytes(
        Receipt((Text("A012", scale=8, align="center", bold=True), Text("普通"))), 48
    )
    big = out.index(b"\x1d!\x77")  # GS ! with width 8 and height 8
    assert out.index(b"A012\n") > big
    assert out.index(b"\x1d!\x00", big) < out.index(CHINESE_ON)  # back to normal size
    assert b"\x1bE\x01" in out and b"\x1ba\x01" in out  # bold, centred


def test_qr_code_is_native_and_small() -> None:
    url = "http://192.168.1.10:8600/t/20240501-A012"
    out = receipt_bytes(Receipt((QRCode(url, size=6),)), 48)
    assert b"\x1d(k" in out and url.encode() in out
    assert b"\x1d(k\x03\x001C\x06" in out  # module size 6
    assert len(out) < 120  # a raster image would be kilobytes


def test_rule_spans_the_paper_but_one_column() -> None:
    # One column short of the paper: a full line would wrap into a blank one on some printers.
    assert b"\x00" + b"-" * 31 + b"\n" in receipt_bytes(Receipt((Rule(),)), 32)
    out = receipt_bytes(Receipt((Rule("═"),)), 48)
    assert chinese_runs(out) == ["═" * 23]


def test_receipt_starts_from_defaults_and_ends_with_a_cut() -> None:
    out = receipt_bytes(Receipt((Text("您好"), Feed(3))), 48)
    assert out.startswith(b"\x1b@")
    assert b"\x1bd\x03" in out
    assert out.endswith(b"\x1dV\x00")


def test_render_writes_to_any_escpos_printer() -> None:
    printer = Dummy()
    render(Receipt((Text("您好"),)), printer, 32)
    assert chinese_runs(printer.output) == ["您好"]

"""Ticket numbers in large block letters for a terminal screen.

Pure: a 5x7 dot font for A-Z, 0-9, "-" and "_" (an empty slot on a keypad's display), drawn
with half-block characters so one dot is about square on a terminal cell, at the largest
scale that fits the space given.
"""

from __future__ import annotations

import math

_FONT_ROWS = """
0 .###. #...# #..## #.#.# ##..# #...# .###.
1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
2 .###. #...# ....# ...#. ..#.. .#... #####
3 ##### ...#. ..#.. ...#. ....# #...# .###.
4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.
5 ##### #.... ####. ....# ....# #...# .###.
6 ..##. .#... #.... ####. #...# #...# .###.
7 ##### ....# ...#. ..#.. .#... .#... .#...
8 .###. #...# #...# .###. #...# #...# .###.
9 .###. #...# #...# .#### ....# ...#. .##..
A .###. #...# #...# ##### #...# #...# #...#
B ####. #...# #...# ####. #...# #...# ####.
C .###. #...# #.... #.... #.... #...# .###.
D ###.. #..#. #...# #...# #...# #..#. ###..
E ##### #.... #.... ####. #.... #.... #####
F ##### #.... #.... ####. #.... #.... #....
G .###. #...# #.... #.### #...# #...# .####
H #...# #...# #...# ##### #...# #...# #...#
I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
J ..### ...#. ...#. ...#. ...#. #..#. .##..
K #...# #..#. #.#.. ##... #.#.. #..#. #...#
L #.... #.... #.... #.... #.... #.... #####
M #...# ##.## #.#.# #.#.# #...# #...# #...#
N #...# #...# ##..# #.#.# #..## #...# #...#
O .###. #...# #...# #...# #...# #...# .###.
P ####. #...# #...# ####. #.... #.... #....
Q .###. #...# #...# #...# #.#.# #..#. .##.#
R ####. #...# #...# ####. #.#.. #..#. #...#
S .#### #.... #.... .###. ....# ....# ####.
T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# #...# #...# .###.
V #...# #...# #...# #...# #...# .#.#. ..#..
W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
X #...# #...# .#.#. ..#.. .#.#. #...# #...#
Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
Z ##### ....# ...#. ..#.. .#... #.... #####
- ..... ..... ..... ##### ..... ..... .....
_ ..... ..... ..... ..... ..... ..... #####
"""

FONT: dict[str, tuple[str, ...]] = {
    line[0]: tuple(line[2:].split()) for line in _FONT_ROWS.strip().splitlines()
}
FONT[" "] = ("....." ,) * 7
GLYPH_WIDTH, GLYPH_HEIGHT = 5, 7
HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def size(text: str, scale: int) -> tuple[int, int]:
    """Columns and rows `text` takes at `scale` (a gap of one dot between letters)."""
    n = len(text)
    return n * GLYPH_WIDTH * scale + max(0, n - 1) * scale, math.ceil(GLYPH_HEIGHT * scale / 2)


def best_scale(text: str, columns: int, rows: int, largest: int = 6) -> int:
    """The largest scale at which `text` fits; 0 when even the smallest does not."""
    for scale in range(largest, 0, -1):
        width, height = size(text, scale)
        if width <= columns and height <= rows:
            return scale
    return 0


def render(text: str, scale: int) -> list[str]:
    """`text` in block letters; characters outside the font are drawn as blanks."""
    glyphs = [FONT.get(ch.upper(), FONT[" "]) for ch in text]
    dots: list[list[bool]] = []
    for row in range(GLYPH_HEIGHT):
        line: list[bool] = []
        for i, glyph in enumerate(glyphs):
            if i:
                line.extend([False] * scale)
            for dot in glyph[row]:
                line.extend([dot == "#"] * scale)
        dots.extend([line] * scale)
    if len(dots) % 2:
        dots.append([False] * len(dots[0]) if dots else [])
    return [
        "".join(HALF[(top, bottom)] for top, bottom in zip(dots[r], dots[r + 1], strict=True))
        for r in range(0, len(dots), 2)
    ]

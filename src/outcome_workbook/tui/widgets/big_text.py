"""Big letters for a projector: a step title three rows high, readable from the back.

A 3x5 pixel font, two pixel rows to a terminal row with half blocks (▀ ▄ █), so each
letter takes 4 columns (with its gap) and 3 rows. Only what step titles and numbers
need is drawn; any other character is a gap. No markup anywhere: the result is plain
`Text` with one style.
"""

from __future__ import annotations

from rich.text import Text

_FONT: dict[str, tuple[str, str, str, str, str]] = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "###", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("##.", "..#", ".#.", "#..", "###"),
    "3": ("##.", "..#", ".#.", "..#", "##."),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "##.", "..#", "##."),
    "6": (".##", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "##."),
    "-": ("...", "...", "###", "...", "..."),
    ":": ("...", ".#.", "...", ".#.", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "+": ("...", ".#.", "###", ".#.", "..."),
}
_GAP = ("...",) * 5
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
ROWS = 3
COLUMNS_PER_LETTER = 4


def big_width(text: str) -> int:
    """How many columns `big(text)` takes."""
    return max(0, len(text) * COLUMNS_PER_LETTER - 1)


def big(text: str, style: str = "bold") -> Text:
    """`text` (upper-cased) in letters three rows high."""
    glyphs = [_FONT.get(ch, _GAP) for ch in text.upper()]
    rows: list[str] = []
    for top, bottom in ((0, 1), (2, 3), (4, None)):
        cells: list[str] = []
        for glyph in glyphs:
            upper = glyph[top]
            lower = glyph[bottom] if bottom is not None else "..."
            cells.append(
                "".join(_HALVES[(a == "#", b == "#")] for a, b in zip(upper, lower, strict=True))
            )
        rows.append(" ".join(cells))
    return Text("\n".join(rows), style=style, no_wrap=True)

"""Titles written by someone trying to break every output format."""

from __future__ import annotations

from outcome_workbook.model import Workbook

from .conftest import small_workbook

HOSTILE_TITLES: dict[str, str] = {
    "nsm": 'Sessions"] --> X["pwned',
    "revenue": "Revenue --> [bold]red[/bold] [/ [link=http://x]click[/link]",
    "retention": "`code` ```fence``` | pipe | <script>alert(1)</script> &amp; ${x} *em* _u_",
    "activation": "Line one\nLine two\r\n# Heading\n| a | b |\n---",
    "habit": "Esc \x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 bell\x07 \x9b2J",
    "setup": "W" * 300,
    "install": "Bidi \u202egnp.exe\u202c and tab\tand back\\slash and \\n literal",
    "wizard": "subgraph end; classDef x fill:red; click n_nsm call alert()",
    "fake-door": "%%{init: {'theme':'dark'}}%% :::north_star ;",
    "interviews": 'node [shape=box]; "a" -> "b"; } digraph { port:ne',
    "usage": "}} {{ ]] [[ ) ( @here ~strike~ $math$ ![img](x) <b>b</b>",
    "csat": "日本語のタイトル" * 12,
}


def hostile_workbook() -> Workbook:
    return small_workbook(HOSTILE_TITLES)

"""Workbook text never drives the terminal: every output path shows it inert and literal."""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from outcome_workbook.model import operations
from outcome_workbook.model.fields import field_specs
from outcome_workbook.model.relations import REFERENCE_FIELDS
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.safety import inert
from outcome_workbook.store import WorkbookFile

from .corpus import GOOD, ROLES, assert_no_crash, fill, invocations, run_cli

# Each piece would do something if it reached a terminal or a markup parser raw.
ATTACKS = {
    "clear": "\x1b[2J",
    "osc8": "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "osc52": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "bel": "\x07",
    "backspace": "\x08\x08",
    "c1-csi": "\x9b31m",
    "c1-nel": "\x85",
    "bidi": "\u202eevil\u202c",
    "markup": "[bold]b[/bold]",
    "close": "[/",
    "link": "[link=https://evil.example]x[/link]",
    "action": "[@click=app.quit]q[/]",
}
HOSTILE = "Hx " + " ".join(ATTACKS.values())
# Markup that must appear literally wherever text is shown on a terminal.
LITERAL = ["[bold]b[/bold]", "[@click=app.quit]q[/]", "[link=https://evil.example]x[/link]"]

# Raw bytes that must never come from a workbook: C0 controls other than newline and
# tab, DEL, C1 controls and the bidirectional controls.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
SGR = re.compile("\x1b\\[[0-9;]*m")  # the colours the product itself prints


def _hostile_values(cls: type, label: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in field_specs(cls):
        if spec.name == "id" or spec.name in REFERENCE_FIELDS.get(label, {}):
            continue
        if spec.type == "str":
            values[spec.name] = f"{spec.name} {HOSTILE}"
    return values


def hostile_workbook() -> Workbook:
    """Every text field of every kind of entity holds every attack."""
    wb = operations.new_workbook(f"Workbook {HOSTILE}", team=f"Team {HOSTILE}")
    wb, ns = operations.create(wb, "north_star", HOSTILE, "ns")
    wb, bo = operations.create(wb, "business_outcome", HOSTILE, "bo", north_star=ns)
    wb, m1 = operations.add_metric(
        wb, HOSTILE, f"definition {HOSTILE}", "behaviour", "", None, "", "m1"
    )
    wb = operations.add_metric_version(
        wb, m1, f"second {HOSTILE}", "behaviour", f"rationale {HOSTILE}", date(2026, 2, 1), HOSTILE
    )
    wb, m2 = operations.add_metric(wb, f"Guard {HOSTILE}", HOSTILE, "sentiment", "", None, "", "m2")
    wb, po = operations.create(wb, "product_outcome", HOSTILE, "po", drives=(bo,), metric=m1)
    wb, _ = operations.attach_guardrail(wb, po, m2, why=HOSTILE, title=HOSTILE, entity_id="g1")
    wb = operations.add_negotiation_entry(wb, po, "leadership", "context", HOSTILE, None, HOSTILE)
    wb = operations.add_negotiation_entry(wb, po, "team", "concern", HOSTILE, None, HOSTILE)
    wb = operations.sign_off(wb, po, "team", HOSTILE, date(2026, 1, 12))
    wb, opp = operations.create(wb, "opportunity", HOSTILE, "o1", outcome=po)
    wb, opp2 = operations.create(wb, "opportunity", HOSTILE, "o2", parent=opp)
    wb, sol = operations.create(wb, "solution", HOSTILE, "s1", opportunity=opp2)
    wb, exp = operations.create(wb, "experiment", HOSTILE, "e1", solution=sol)
    wb = operations.score_experiment(wb, exp, 8, 6, 4)
    for label, entity in list(wb.entities()):
        changed = dataclasses.replace(entity, **_hostile_values(type(entity), label))
        wb = Workbook(
            meta=wb.meta,
            sections={**wb.sections, label: {**wb.section(label), entity.id: changed}},
            session=wb.session,
        )
        wb = operations.add_note(wb, entity.id, HOSTILE, "link", HOSTILE, None, HOSTILE)
    return wb


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.toml"
    WorkbookFile.create(path, hostile_workbook())
    return path


def assert_inert(output: str, coloured: bool = False) -> None:
    """No raw control character from the workbook in `output`."""
    visible = SGR.sub("", output) if coloured else output
    leaked = sorted({f"U+{ord(c):04X}" for c in RAW_CONTROL.findall(visible)})
    assert not leaked, f"raw control characters reached the output: {leaked}"


def test_the_hostile_file_round_trips(hostile_file: Path) -> None:
    """The attacks are stored exactly (escaped in the TOML), so every path below sees them."""
    assert WorkbookFile.open(hostile_file).workbook == hostile_workbook()
    assert not RAW_CONTROL.search(hostile_file.read_text(encoding="utf-8"))


READERS = [(c, a) for c, a in invocations() if ROLES.get(c) not in ("create",)]


@pytest.mark.parametrize("coloured", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize(("command", "argv"), READERS, ids=[" ".join(a) for _, a in READERS])
def test_every_command_keeps_workbook_text_inert(
    command: str,
    argv: list[str],
    coloured: bool,
    hostile_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copyfile(hostile_file, tmp_path / "hostile.toml")
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    if coloured:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("FORCE_COLOR", "1")
    run = run_cli(fill(argv, file="hostile.toml", good="good.toml", out="out.txt"), tmp_path)
    assert_no_crash(run.text)
    # record names a metric of the base workbook; here it refuses (2), and says so inertly.
    assert run.code in ((0, 1, 2) if command == "record" else (0, 1)), (argv, run.code, run.text)
    assert_inert(run.text, coloured)
    for written in tmp_path.iterdir():
        if written.name not in ("hostile.toml", "good.toml"):
            assert_inert(written.read_text(encoding="utf-8"))


# A hand-written file may hold C1 and bidi controls raw: TOML allows both in strings and
# in quoted keys, so they can sit where only check codes are expected too (severity keys,
# `disable`, `ignore`). The loader keeps them, so every path must make them visible.
RAW_C1 = "\u009b31m\u0085\u009d8;;https://evil.example\u009c"
RAW_BIDI = "\u202eevil\u202c\u2066"
RAW = RAW_C1 + RAW_BIDI


def write_raw_controls(path: Path) -> Path:
    """A workbook typed by hand with raw C1 and bidi controls in text, codes and keys."""
    path.write_text(
        f"""[workbook]
title = "Book {RAW}"
format = 1
team = "Team {RAW}"

[workbook.checks]
disable = ["OW9{RAW}"]

[workbook.checks.severity]
"OW1{RAW}" = "hint"
"{RAW}" = "warning"

[north_star.ns]
title = "NS {RAW}"
definition = "def {RAW}"
ignore = ["OW2{RAW}", "{RAW_BIDI}"]
ignore_reason = "because {RAW}"

[business_outcome.bo]
title = "BO {RAW}"
north_star = "ns"
ignore = ["{RAW_C1}"]
notes = [{{ kind = "link", text = "note {RAW}", author = "{RAW}" }}]
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(("command", "argv"), READERS, ids=[" ".join(a) for _, a in READERS])
def test_raw_c1_and_bidi_controls_in_a_hand_written_file_stay_inert(
    command: str, argv: list[str], tmp_path: Path
) -> None:
    raw = write_raw_controls(tmp_path / "raw.toml")
    assert RAW_CONTROL.search(raw.read_text(encoding="utf-8")), "the file holds them raw"
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    run = run_cli(fill(argv, file="raw.toml", good="good.toml", out="out.txt"), tmp_path)
    assert_no_crash(run.text)
    # record names a metric of the base workbook; here it refuses (2), and says so inertly.
    assert run.code in ((0, 1, 2) if command == "record" else (0, 1)), (argv, run.code, run.text)
    assert_inert(run.text)
    for written in tmp_path.iterdir():
        if written.name not in ("raw.toml", "good.toml"):
            assert_inert(written.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "argv",
    [["check", "{file}"], ["report", "{file}"], ["diff", "{good}", "{file}"]],
    ids=" ".join,
)
def test_raw_controls_in_codes_and_severity_keys_are_shown_not_dropped(
    argv: list[str], tmp_path: Path
) -> None:
    """The unknown codes are reported (or the change listed) with visible stand-ins."""
    raw = write_raw_controls(tmp_path / "raw.toml").read_text(encoding="utf-8")
    plain = raw.replace(RAW, "x").replace(RAW_C1, "y").replace(RAW_BIDI, "z")
    (tmp_path / "plain.toml").write_text(plain, encoding="utf-8")
    run = run_cli(fill(argv, file="raw.toml", good="plain.toml", out="out.txt"), tmp_path)
    shown = run.out.replace("&lt;", "<").replace("&gt;", ">")  # the report escapes for HTML
    for code in ("OW9", "OW1", "OW2"):
        assert f"{code}<U+009B>31m" in shown, code
    assert "<U+202E>evil<U+202C><U+2066>" in shown
    if argv[0] == "diff":
        assert "severity of check <U+009B>31m" in shown
        assert "check ignored here: <U+009B>31m" in shown


# The paths that show text on a terminal (as opposed to exports with their own escaping):
# the literal markup and the visible stand-in for ESC must be there.
TERMINAL_TEXT = [
    ["graph", "{file}"],
    ["graph", "--ascii", "{file}"],
    ["check", "{file}"],
    ["diff", "{good}", "{file}"],
]


@pytest.mark.parametrize("coloured", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("argv", TERMINAL_TEXT, ids=" ".join)
def test_terminal_text_shows_markup_literally_and_controls_visibly(
    argv: list[str],
    coloured: bool,
    hostile_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copyfile(hostile_file, tmp_path / "hostile.toml")
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    if coloured:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "400")
    filled = fill(argv, file="hostile.toml", good="good.toml", out="out.txt")
    if argv[0] == "graph":
        filled = [*filled, "--width", "400"]
    run = run_cli(filled, tmp_path)
    shown = SGR.sub("", run.out)
    for literal in LITERAL:
        assert literal in shown, f"{literal!r} is not shown literally"
    assert inert("\x1b[2J") in shown


HOSTILE_NAMES = ["evil\x1b[2J\x07.toml", "\u202eevil.toml", "[bold]x[@click=app.quit].toml"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=ascii)
@pytest.mark.parametrize(
    ("command", "argv"), invocations(), ids=[" ".join(a) for _, a in invocations()]
)
def test_a_hostile_file_name_is_shown_inert(
    name: str, command: str, argv: list[str], tmp_path: Path
) -> None:
    """File names come from the repository too: messages that quote them stay inert."""
    shutil.copyfile(GOOD, tmp_path / "good.toml")
    for variant in ("good", "broken"):
        target = tmp_path / name
        if variant == "good":
            shutil.copyfile(GOOD, target)
        else:
            target.write_text("[workbook\n", encoding="utf-8")
        if ROLES.get(command) == "write" and "--check" not in argv and variant == "good":
            # Out of order, so fmt reports what it did.
            text = GOOD.read_text(encoding="utf-8")
            head, rest = text.split("\n\n", 1)
            target.write_text(rest + "\n" + head + "\n", encoding="utf-8")
        run = run_cli(fill(argv, file=name, good="good.toml", out="out.txt"), tmp_path)
        assert_no_crash(run.text)
        assert_inert(run.text)

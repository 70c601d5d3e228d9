"""new, validate, fmt and schema on good and bad input: located messages, exit codes, no writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from outcome_workbook import __version__
from outcome_workbook.cli import main
from outcome_workbook.store import parse
from outcome_workbook.store.json_schema import render_schema

from ...conftest import SAMPLES

GOOD = """\
# A comment at the top.
[workbook]
title = "T"
format = 1

[north_star.ns]
title = "NSM"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write(tmp_path: Path, text: str | bytes, name: str = "w.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# --- outcomes new ------------------------------------------------------------------------------


def test_new_creates_a_valid_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "growth-team.toml"
    code, out, _ = run(capsys, "new", str(path), "--team", "Growth")
    assert code == 0 and "created" in out
    loaded = parse(path.read_bytes(), str(path))
    assert loaded.workbook.meta.title == "Growth team"
    assert loaded.workbook.meta.team == "Growth"
    assert "format = 1" in loaded.text
    assert run(capsys, "validate", str(path))[0] == 0
    assert run(capsys, "fmt", "--check", str(path))[0] == 0


def test_new_uses_the_given_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.toml"
    assert run(capsys, "new", str(path), "--title", 'Quotes " and [bold]')[0] == 0
    assert parse(path.read_bytes(), "w").workbook.meta.title == 'Quotes " and [bold]'


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "precious")
    code, _, err = run(capsys, "new", str(path))
    assert code == 2
    assert "already exists" in err
    assert path.read_bytes() == b"precious"


def test_new_into_a_missing_folder_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "nowhere" / "w.toml"))
    assert code == 2
    assert "cannot write" in err


# --- outcomes validate -------------------------------------------------------------------------


def test_validate_accepts_every_sample(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in SAMPLES.glob("*.toml"))
    code, out, err = run(capsys, "validate", *files)
    assert code == 0, err
    assert out.count(": ok (") == len(files)


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ('[workbook]\ntitle = "T\n', 2, None, "string"),
        ("[workbook]\ntitle = 'T'\ntitle = 'U'\n", 3, None, "defined twice"),
        ('[workbook]\ntitle = "T"\n[workbook]\n', 3, None, "defined twice"),
        ("[workbook\ntitle = 'T'\n", 1, None, ""),
        ('[workbook]\ntitle = "T"\nformat = \n', 3, None, ""),
    ],
)
def test_syntax_errors_are_located(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    line: int,
    col: int | None,
    words: str,
) -> None:
    path = write(tmp_path, text)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    match = re.match(rf"^{re.escape(str(path))}:(\d+):(\d+): (.+)$", lines[0])
    assert match, lines[0]
    assert int(match.group(1)) == line
    assert words in match.group(3)


@pytest.mark.parametrize(
    ("extra", "where", "words"),
    [
        ('[solution.s]\ntitle = "S"\nopportunity = "ghost"\n', "solution.s.opportunity", "ghost"),
        (
            '[product_outcome.p]\ntitle = "P"\nmetric = "ns"\n',
            "product_outcome.p.metric",
            "a North Star Metric; expected a metric",
        ),
        (
            '[opportunity.a]\ntitle = "A"\nparent = "b"\n\n'
            '[opportunity.b]\ntitle = "B"\nparent = "a"\n',
            "opportunity.a.parent",
            "loop",
        ),
    ],
)
def test_semantic_problems_are_located_at_their_key_s_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, where: str, words: str
) -> None:
    path = write(tmp_path, GOOD + "\n" + extra)
    before = path.read_bytes()
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    first = err.strip().splitlines()[0]
    match = re.match(rf"^{re.escape(str(path))}:(\d+): ([a-z_.\-]+): (.+)$", first)
    assert match, first
    assert match.group(2) == where
    assert words in match.group(3)
    key = where.rsplit(".", 1)[1]
    assert path.read_text().splitlines()[int(match.group(1)) - 1].startswith(f"{key} = ")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[workbook]\ntitle = 3\n", "expected text"),
        ("[workbook]\nformat = 1\n", "missing required key 'title'"),
        ('[north_star.ns]\ntitle = "N"\n', "missing [workbook] table"),
        ('[workbook]\ntitle = "T"\n[north_star.Bad_Id]\ntitle = "N"\n', "not a valid id"),
        (
            '[workbook]\ntitle = "T"\n[north_star.x]\ntitle = "N"\n[metric.x]\ntitle = "M"\n',
            "duplicate id 'x'",
        ),
        (
            '[workbook]\ntitle = "T"\n[experiment.e]\ntitle = "E"\nsolution = "s"\nimpact = "hi"\n',
            "expected a whole number",
        ),
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
    ],
)
def test_invalid_files_exit_2_with_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, words: str
) -> None:
    path = write(tmp_path, text)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert words in err
    assert all(line.startswith(f"{path}:") for line in err.strip().splitlines())


def test_conflict_markers_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        GOOD + '\n<<<<<<< HEAD\n[north_star.a]\ntitle = "A"\n=======\n'
        '[north_star.b]\ntitle = "B"\n>>>>>>> theirs\n'
    )
    path = write(tmp_path, text)
    for command in ("validate", "fmt"):
        code, _, err = run(capsys, command, str(path))
        assert code == 2
        assert f"{path}:9:1: unresolved merge conflict at line 9" in err
        assert "unresolved merge conflict at line 12" in err
    assert path.read_text() == text


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "ghost.toml"), str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'ghost.toml'}: no such file" in err
    assert f"{tmp_path}: is a folder, not a file" in err


def test_validate_reports_every_file_and_the_worst_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, GOOD, "good.toml")
    bad = write(tmp_path, "[workbook", "bad.toml")
    code, out, err = run(capsys, "validate", str(bad), str(good))
    assert code == 2
    assert f"{good}: ok" in out
    assert str(bad) in err


def test_control_characters_in_messages_are_made_visible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD + '\n[solution.s]\ntitle = "S"\nopportunity = "\\u001b[31mred"\n')
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "\x1b" not in err
    assert "\\x1b[31mred" in err


# --- newer formats -------------------------------------------------------------------------


NEWER = '[workbook]\ntitle = "From the future"\nformat = 99\nhovercraft = true\n'


def test_fmt_refuses_a_newer_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, NEWER + "\n\n\n")
    for argv in (("fmt", str(path)), ("fmt", "--check", str(path))):
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert f"{path}:1: workbook.format: written in format 99" in err
        assert "upgrade outcome-workbook" in err
    assert path.read_text() == NEWER + "\n\n\n"


def test_validate_shows_a_newer_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, NEWER)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "written in format 99, newer than this program understands" in err


# --- outcomes fmt --------------------------------------------------------------------------


SCRAMBLED = """\
# Top comment.
[workbook]
title = "T"
format = 1

# About b.
[north_star.b]
title = "B"
[north_star.a]
title = "A"  # inline comment


[business_outcome.x]
title = "X"
unknown = "kept"
"""


def test_fmt_check_then_fmt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, SCRAMBLED)
    code, out, _ = run(capsys, "fmt", "--check", str(path))
    assert code == 1 and "not in the canonical layout" in out
    assert path.read_text() == SCRAMBLED
    code, out, _ = run(capsys, "fmt", str(path))
    assert code == 0 and "formatted" in out
    text = path.read_text()
    assert text.index("[north_star.a]") < text.index("# About b.") < text.index("[north_star.b]")
    for kept in ("# Top comment.", "# inline comment", 'unknown = "kept"'):
        assert kept in text
    assert parse(path.read_bytes(), "x").workbook == parse(SCRAMBLED.encode(), "x").workbook
    assert run(capsys, "fmt", "--check", str(path))[0] == 0
    mtime = path.stat().st_mtime_ns
    assert run(capsys, "fmt", str(path))[:2] == (0, "")
    assert path.stat().st_mtime_ns == mtime, "an already formatted file is not rewritten"


def test_fmt_keeps_crlf_and_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = b"\xef\xbb\xbf" + SCRAMBLED.replace("\n", "\r\n").encode()
    path = write(tmp_path, data)
    assert run(capsys, "fmt", str(path))[0] == 0
    result = path.read_bytes()
    assert result.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in result.replace(b"\r\n", b"")


def test_fmt_never_writes_an_invalid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SCRAMBLED + "[north_star.c]\ntitle = 7\n"
    path = write(tmp_path, text)
    code, _, err = run(capsys, "fmt", str(path))
    assert code == 2 and "north_star.c.title: expected text" in err
    assert path.read_text() == text


def test_fmt_keeps_the_file_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, SCRAMBLED)
    os.chmod(path, 0o640)
    assert run(capsys, "fmt", str(path))[0] == 0
    assert path.stat().st_mode & 0o777 == 0o640


# --- schema, version, no traceback -------------------------------------------------------


def test_schema_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert out == render_schema()
    assert json.loads(out)["title"] == "outcome-workbook"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_a_real_process_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = write(tmp_path, b"\xff\xfe\x00garbage")
    result = subprocess.run(
        [sys.executable, "-m", "outcome_workbook", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(bad) in result.stderr


def test_fmt_reports_a_failed_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from outcome_workbook.store import atomic

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "_write", full_disk)
    path = write(tmp_path, SCRAMBLED)
    code, _, err = run(capsys, "fmt", str(path))
    assert code == 2
    assert f"{path}: cannot write: No space left on device" in err
    assert path.read_text() == SCRAMBLED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.toml"]


def test_fmt_leaves_a_file_that_changed_while_formatting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from outcome_workbook.commands import fmt
    from outcome_workbook.store.layout import canonical

    path = write(tmp_path, SCRAMBLED)
    theirs = SCRAMBLED.replace('title = "X"', 'title = "Their X"')

    def racing_canonical(text: str, verify: bool = True, split: object = None) -> str:
        path.write_text(theirs)
        return canonical(text, verify)

    monkeypatch.setattr(fmt, "canonical", racing_canonical)
    code, _, err = run(capsys, "fmt", str(path))
    assert code == 2
    assert "changed while formatting; left as it is" in err
    assert path.read_text() == theirs


def test_new_refuses_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", str(tmp_path))
    assert code == 2
    assert "already exists" in err

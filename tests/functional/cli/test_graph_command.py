"""`outcomes graph`: formats, focus, width, output files and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outcome_workbook.cli import main
from outcome_workbook.store import WorkbookFile

from ...unit.graph.conftest import small_workbook
from ...unit.graph.hostile import hostile_workbook
from ...unit.graph.mermaid_check import validate


@pytest.fixture
def workbook_file(tmp_path: Path) -> Path:
    path = tmp_path / "remote.toml"
    WorkbookFile.create(path, small_workbook())
    return path


def test_text_is_plain_when_piped(workbook_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(workbook_file), "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("NSM Weekly active remote sessions (nsm)\n├─ BO  Keep customers longer")
    assert "\x1b" not in out


def test_focus_depth_ascii_and_width(
    workbook_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "graph",
                str(workbook_file),
                "--focus",
                "setup",
                "--depth",
                "1",
                "--ascii",
                "--width",
                "50",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.isascii()
    assert all(len(line) <= 50 for line in out.splitlines())
    assert "OPP Setup is confusing (setup)" in out
    assert "fake-door" not in out


def test_unknown_focus_is_bad_input(
    workbook_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", str(workbook_file), "--focus", "nope"]) == 2
    assert "no entity with id 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "json"])
def test_exports_to_stdout(
    workbook_file: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["graph", str(workbook_file), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "mermaid":
        assert validate(out) == []
    elif fmt == "dot":
        assert out.startswith("digraph outcomes {")
    else:
        assert json.loads(out)["format"] == "outcome-graph/1"


def test_output_file_needs_force_to_overwrite(workbook_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.mmd"
    assert main(["graph", str(workbook_file), "--format", "mermaid", "-o", str(target)]) == 0
    first = target.read_text(encoding="utf-8")
    target.write_text("keep me", encoding="utf-8")
    assert main(["graph", str(workbook_file), "--format", "mermaid", "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "keep me"
    assert (
        main(["graph", str(workbook_file), "--format", "mermaid", "-o", str(target), "--force"])
        == 0
    )
    assert target.read_text(encoding="utf-8") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.mmd", "remote.toml"]


def test_never_writes_over_the_workbook(workbook_file: Path) -> None:
    before = workbook_file.read_bytes()
    assert main(["graph", str(workbook_file), "-o", str(workbook_file), "--force"]) == 2
    assert workbook_file.read_bytes() == before


def test_unreadable_input_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[workbook\ntitle = 'x'\n", encoding="utf-8")
    assert main(["graph", str(broken)]) == 2
    assert main(["graph", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err


def test_colour_output_never_interprets_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hostile.toml"
    WorkbookFile.create(path, hostile_workbook())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["graph", str(path), "--width", "100"]) == 0
    out = capsys.readouterr().out
    assert "[bold]red[/bold] [/ [link=http://x]click[/link]" in out
    assert "\x1b]8;;http://evil" not in out  # no hyperlink escape reached the terminal
    assert "␛[31mred" in out


def test_depth_needs_focus_and_is_not_negative(
    workbook_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", str(workbook_file), "--depth", "2"]) == 2
    assert main(["graph", str(workbook_file), "--focus", "setup", "--depth", "-1"]) == 2
    err = capsys.readouterr().err
    assert "--depth needs --focus" in err and "0 or more" in err


def test_focused_export_keeps_only_the_neighbourhood(
    workbook_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["graph", str(workbook_file), "--format", "json", "--focus", "wizard", "--depth", "1"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert sorted(node["id"] for node in data["nodes"]) == [
        "fake-door",
        "install",
        "interviews",
        "wizard",
    ]


def test_graph_and_report_commands_load_networkx_only_when_they_run() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import outcome_workbook.cli, outcome_workbook.commands.graph\n"
        "import outcome_workbook.commands.report, outcome_workbook.graph\n"
        "print('networkx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_entities_with_error_findings_are_marked(capsys: pytest.CaptureFixture[str]) -> None:
    from ...conftest import SAMPLES

    assert main(["graph", str(SAMPLES / "traps.toml"), "--width", "100"]) == 0
    marked = [line for line in capsys.readouterr().out.splitlines() if "✗" in line]
    assert any("(android-app)" in line for line in marked)
    assert main(["report", str(SAMPLES / "traps.toml")]) == 0
    report = capsys.readouterr().out
    findings = report.split("## Open findings")[1].split("## ")[0]
    assert "| error | `android-app` |" in findings
    assert (
        "class n_android_app has_error;" in report or "n_android_app" in report.split("class ")[-1]
    )

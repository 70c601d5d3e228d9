"""`outcomes check`: formats, exit codes, and terminal safety with hostile titles."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from outcome_workbook.cli import main
from outcome_workbook.commands.check import github_data, github_property

from ...unit.checks.support import CLEAN, edit
from ...unit.checks.test_rules import FAILING

HOSTILE = "[bold]Loud[/bold] [/ \x1b[31mred \x1b]8;;http://e.x\x07l\x1b]8;;\x07 \u202eexe"


def write(tmp_path: Path, text: str, name: str = "wb.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_workbook_exits_0_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, CLEAN)
    code, out, _ = run(capsys, str(path))
    assert code == 0
    assert out.strip() == f"{path}: no findings"


def test_an_error_exits_1_and_warnings_only_with_fail_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    error = write(tmp_path, FAILING["OW301"], "error.toml")
    warning = write(tmp_path, FAILING["OW107"], "warning.toml")
    hint = write(tmp_path, FAILING["OW205"], "hint.toml")
    assert run(capsys, str(error))[0] == 1
    assert run(capsys, str(warning))[0] == 0
    assert run(capsys, str(warning), "--fail-on", "warning")[0] == 1
    assert run(capsys, str(hint), "--fail-on", "warning")[0] == 0
    assert run(capsys, str(hint), "--fail-on", "hint")[0] == 1


def test_unreadable_files_exit_2_with_located_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path, '[workbook]\ntitle = "x\n', "broken.toml")
    error = write(tmp_path, FAILING["OW301"], "error.toml")
    code, out, err = run(capsys, str(error), str(broken), str(tmp_path / "missing.toml"))
    assert code == 2
    assert f"{broken}:2" in err and "missing.toml" in err
    assert "Traceback" not in err and "OW301" in out


def test_unknown_codes_in_select_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(write(tmp_path, CLEAN)), "--select", "OW999")
    assert code == 2 and "OW999" in err


def test_text_groups_by_entity_with_locations_and_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edit(FAILING["OW107"], ('drives = ["renewals"]', "drives = []"))
    path = write(tmp_path, text)
    _, out, _ = run(capsys, str(path))
    lines = out.splitlines()
    header = next(
        i for i, line in enumerate(lines) if line.startswith("product outcome shortlists")
    )
    assert lines[header].endswith(f"{path}:15")
    body = "\n".join(lines[header:])
    assert body.index("OW107 no-counter-metric") < body.index("OW303 outcome-drives-nothing")
    assert "? What must not get worse" in body
    assert lines[-1] == f"{path}: 3 warnings"
    assert "\x1b" not in out


def test_suppressed_findings_are_counted_and_shown_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edit(
        FAILING["OW107"],
        (
            "[product_outcome.shortlists]\n",
            '[product_outcome.shortlists]\nignore = ["OW107"]\nignore_reason = "Pilot"\n',
        ),
    )
    path = write(tmp_path, text)
    _, out, _ = run(capsys, str(path))
    assert "OW107" not in out and "1 suppressed" in out and "--show-suppressed" in out
    _, out, _ = run(capsys, str(path), "--show-suppressed")
    assert "OW107" in out and "suppressed: ignored on shortlists: Pilot" in out
    _, out, _ = run(capsys, str(path), "--show-suppressed", "--format", "json")
    assert [f["suppressed"] for f in json.loads(out)] == [True]


JSON_KEYS = [
    "code",
    "rule",
    "severity",
    "entity",
    "kind",
    "file",
    "line",
    "path",
    "message",
    "question",
    "suppressed",
    "suppressed_reason",
]


def test_json_is_a_stable_list_of_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, FAILING["OW301"])
    code, out, _ = run(capsys, str(path), "--format", "json", "--select", "OW301")
    assert code == 1
    (finding,) = json.loads(out)
    assert list(finding) == JSON_KEYS
    assert finding["code"] == "OW301" and finding["rule"] == "dangling-reference"
    assert finding["severity"] == "error" and finding["entity"] == "shortlists"
    assert finding["kind"] == "product_outcome" and finding["file"] == str(path)
    assert isinstance(finding["line"], int) and finding["suppressed"] is False


def test_json_for_a_clean_workbook_is_an_empty_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, str(write(tmp_path, CLEAN)), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert github_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_lines_are_one_per_finding_and_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edit(
        FAILING["OW107"],
        (
            'title = "Employers shortlist more graduates"',
            'title = "Grow 10%, then: more\\nreplies"',
        ),
    )
    path = write(tmp_path, text, "a,b:c.toml")
    _, out, _ = run(capsys, str(path), "--format", "github")
    (line,) = out.splitlines()
    assert line.startswith("::warning file=")
    assert "a%2Cb%3Ac.toml,line=15,title=OW107 no-counter-metric::" in line
    assert "Grow 10%25, then: more replies" in line  # quoted titles are folded onto one line
    assert "%0AWhat must not get worse" in line


def test_hints_become_notices_in_github_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, str(write(tmp_path, FAILING["OW205"])), "--format", "github")
    assert out.startswith("::notice ")


def hostile_workbook(tmp_path: Path) -> Path:
    title = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in title)
    text = edit(
        FAILING["OW107"], ('title = "Employers shortlist more graduates"', f'title = "{escaped}"')
    )
    return write(tmp_path, text)


CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile("\x1b\\[[0-9;]*m")


@pytest.mark.parametrize("color", [False, True])
def test_hostile_titles_are_inert_and_never_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, color: bool
) -> None:
    if color:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("FORCE_COLOR", "1")
    path = hostile_workbook(tmp_path)
    for fmt in ("text", "github", "json"):
        _, out, _ = run(capsys, str(path), "--format", fmt)
        plain = SGR.sub("", out) if fmt == "text" else out
        assert not CONTROL.search(plain), repr(plain)
        if fmt == "text":
            assert "[bold]Loud[/bold] [/" in plain
            assert "␛" in plain and "<U+202E>" in plain
    if color:
        assert SGR.search(run(capsys, str(path))[1])


def test_the_check_command_does_not_load_textual_or_networkx(tmp_path: Path) -> None:
    path = write(tmp_path, FAILING["OW302"])
    code = (
        "import sys\n"
        "from outcome_workbook.cli import main\n"
        f"status = main(['check', {str(path)!r}])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'networkx'})\n"
        "print('HEAVY', heavy, status)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY [] 1"


def test_the_pre_commit_hook_runs_check_on_workbooks_only() -> None:
    from ...conftest import ROOT

    hook = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(
        line.strip().lstrip("- ").split(": ", 1)
        for line in hook.splitlines()
        if ": " in line and not line.lstrip().startswith("#")
    )
    assert fields["id"] == "outcomes-check" and fields["entry"] == "outcomes check"
    pattern = re.compile(fields["files"])
    for name in (
        "outcomes.toml",
        "team.outcomes.toml",
        "outcomes/growth.toml",
        "a/workbooks/b.toml",
    ):
        assert pattern.search(name), name
    for name in ("pyproject.toml", "myoutcomes.toml", "config/app.toml"):
        assert not pattern.search(name), name

"""`outcomes record`: one value or a CSV import, all or nothing, duplicates reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from outcome_workbook.cli import main
from outcome_workbook.store import WorkbookFile

from ...conftest import SAMPLES


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "remote-access.toml"
    shutil.copy(SAMPLES / "remote-access.toml", path)
    return path


def _values(path: Path, metric: str) -> list[tuple[str, float, str]]:
    version = WorkbookFile.open(path).workbook.metrics[metric].latest()
    assert version is not None
    return [(v.date.isoformat(), v.value, v.note) for v in version.values]


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "values.csv"
    path.write_text(text, "utf-8")
    return str(path)


def test_one_value_is_recorded_and_read_like_the_diff(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = _values(workbook, "sign-up-to-usage")
    record = ("record", str(workbook), "sign-up-to-usage")
    assert run(capsys, *record, "30", "--date", "2026-05-04")[0] == 0
    code, out, _ = run(capsys, *record, "34%", "--date", "2026-05-11", "--note", "Checklist live")
    assert code == 0
    assert out == "Sign-up to usage rate measured 34 on 2026-05-11 (was 30)\n"
    assert _values(workbook, "sign-up-to-usage")[len(existing) :] == [
        ("2026-05-04", 30, ""),
        ("2026-05-11", 34, "Checklist live"),
    ]


def test_a_value_for_a_recorded_date_is_reported_not_duplicated(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("record", str(workbook), "sign-up-to-usage", "30", "--date", "2026-05-04")
    assert run(capsys, *args)[0] == 0
    before = workbook.read_bytes()
    code, out, err = run(capsys, *args)
    assert (code, out) == (0, "")
    assert "30 is already recorded; not recorded again" in err
    code, _, err = run(capsys, *args[:3], "31", *args[4:])
    assert code == 2
    assert "sign-up-to-usage already has 30 for 2026-05-04, this says 31" in err
    assert workbook.read_bytes() == before


def test_a_csv_of_mixed_metrics_is_imported(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = _csv(
        tmp_path,
        "metric,date,value,note\n"
        "session-rating,2026-05-04,4.4,\n"
        'session-rating,2026-05-11,4.1,"rough week, two outages"\n'
        "\n"
        "support-contacts,2026-05-11,12\n",
    )
    rating = len(_values(workbook, "session-rating"))
    code, out, _ = run(capsys, "record", str(workbook), "--csv", csv)
    assert code == 0
    assert out == f"recorded 3 values in {workbook} (2 metrics)\n"
    assert _values(workbook, "session-rating")[rating:] == [
        ("2026-05-04", 4.4, ""),
        ("2026-05-11", 4.1, "rough week, two outages"),
    ]
    assert _values(workbook, "support-contacts")[-1] == ("2026-05-11", 12, "")
    # Importing the same file again records nothing and says so.
    code, out, err = run(capsys, "record", str(workbook), "--csv", csv)
    assert code == 0 and "recorded 0 values" in out and "3 already recorded" in out
    assert err.count("already recorded; not recorded again") == 3


def test_a_bad_csv_lists_every_bad_row_and_writes_nothing(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = workbook.read_bytes()
    short = _csv(tmp_path, "session-rating,2026-05-04,4.4\nsession-rating,2026-05-18\n")
    code, out, err = run(capsys, "record", str(workbook), "--csv", short)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{short}:2: expected metric, date, value[,note], got 2 columns",
        f"{workbook}: nothing was recorded",
    ]
    csv = _csv(
        tmp_path,
        "session-rating,2026-05-04,4.4\n"  # no header: columns by position
        "nope,2026-05-04,3\n"
        "session-rating,2026-13-01,4\n"
        "sign-up-to-usage,2026-05-04,130\n"
        "session-rating,2026-05-11,4%\n"
        "session-rating,2026-05-11,4.2\n"
        "session-rating,2026-05-11,4.3\n",
    )
    code, out, err = run(capsys, "record", str(workbook), "--csv", csv)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{csv}:2: no metric with id 'nope' (metrics: session-rating, sign-up-to-usage, "
        "support-contacts)",
        f"{csv}:3: date: expected YYYY-MM-DD, got '2026-13-01'",
        f"{csv}:4: value: 130 is not a percentage (% of new accounts); expected 0 to 100",
        f"{csv}:5: value: '4%' is a percentage, but this metric is measured without a unit; "
        "write the number alone",
        f"{csv}:7: session-rating already has 4.2 for 2026-05-11, this says 4.3; correct the "
        "file by hand if the old value is wrong",
        f"{workbook}: nothing was recorded",
    ]
    assert workbook.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"metric,when,value\n", ":1: unknown column 'when'; columns are metric, date, value"),
        (b"metric,date,value\n", ": no values to record"),
        (b"session-rating,2026-05-04,\xff\n", ":1: not UTF-8 text"),
        (b'session-rating,2026-05-04,"4\n', ": unexpected end of data"),
    ],
)
def test_an_unreadable_csv_is_located(
    workbook: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    csv = tmp_path / "values.csv"
    csv.write_bytes(content)
    before = workbook.read_bytes()
    code, _, err = run(capsys, "record", str(workbook), "--csv", str(csv))
    assert code == 2 and message in err.splitlines()[0]
    assert workbook.read_bytes() == before


def test_a_newer_format_or_missing_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = tmp_path / "newer.toml"
    newer.write_text('[workbook]\ntitle = "T"\nformat = 99\n', "utf-8")
    code, _, err = run(capsys, "record", str(newer), "m", "1")
    assert code == 2 and "newer than this program understands" in err
    code, _, err = run(capsys, "record", str(tmp_path / "missing.toml"), "m", "1")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "record", str(newer))
    assert code == 2 and "give METRIC VALUE" in err

"""With real git repositories: the merge driver, the textconv diff, `outcomes diff` and `log`."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from outcome_workbook.model import Workbook
from outcome_workbook.model import operations as op

from ...conftest import DATA
from ...unit.diff.helpers import (
    PET_FOOD,
    commit_file,
    edited,
    git,
    model,
    new_repo,
    outcomes,
    small_workbook,
    text_of,
)

GOLDEN = DATA / "diff" / "merged-pet-food.toml"


def _team_edits(wb: Workbook) -> Workbook:
    wb, _ = op.create(
        wb,
        "product_outcome",
        "Owners reorder before the bag runs out",
        "reorder-on-time",
        drives=("new-subscribers-stay",),
    )
    wb = op.add_negotiation_entry(
        wb,
        "pets-switch-foods",
        "team",
        "insight",
        "Most give up on day three.",
        date(2026, 6, 20),
        "Luca Bianchi",
    )
    return op.add_metric_version(
        wb,
        "digestive-complaints",
        "Complaints about upset stomachs per 100 new dogs",
        "behaviour",
        "Per 100 dogs compares months of different sizes.",
        date(2026, 6, 21),
        "Luca Bianchi",
    )


def _leadership_edits(wb: Workbook) -> Workbook:
    wb, _ = op.create(wb, "product_outcome", "Cat owners finish the first box", "cats-finish-box")
    wb = op.add_negotiation_entry(
        wb,
        "pets-switch-foods",
        "leadership",
        "concern",
        "Keep the cost per box flat.",
        date(2026, 6, 19),
        "Grace Mwangi",
    )
    wb = op.add_metric_version(
        wb,
        "first-box-satisfaction",
        "Rating of the first box, asked on day 7",
        "sentiment",
        "Day 1 is too early to judge food.",
        date(2026, 6, 22),
        "Grace Mwangi",
    )
    return op.score_experiment(wb, "morning-texts", 7, 6, 8)


@pytest.fixture
def branches(tmp_path: Path) -> Path:
    """A repository with the sample on main, then the team's edits on main and leadership's
    on a branch `leadership`: the classic concurrent session."""
    repo = new_repo(tmp_path)
    base = PET_FOOD.read_bytes()
    commit_file(repo, "team.toml", base, "Pet food workbook")
    git(repo, "branch", "leadership")
    commit_file(repo, "team.toml", edited(base, tmp_path, _team_edits), "Team: day-three insight")
    git(repo, "checkout", "-q", "leadership")
    commit_file(
        repo, "team.toml", edited(base, tmp_path, _leadership_edits), "Leadership: cost concern"
    )
    git(repo, "checkout", "-q", "main")
    return repo


def test_plain_git_line_merge_conflicts_on_these_edits(branches: Path) -> None:
    result = git(branches, "merge", "leadership", "-m", "merge", check=False)
    assert result.returncode != 0
    assert "CONFLICT (content): Merge conflict in team.toml" in result.stdout
    text = (branches / "team.toml").read_text()
    # Both sides appended a negotiation entry at the same place.
    assert text.count("<<<<<<<") >= 1


def test_merge_driver_merges_cleanly_into_the_expected_workbook(branches: Path) -> None:
    setup = outcomes(branches, "git", "setup")
    assert setup.returncode == 0, setup.stderr
    assert "covered: team.toml" in setup.stdout
    git(branches, "add", ".gitattributes")
    git(branches, "commit", "-q", "-m", "Merge workbooks by entity")
    result = git(branches, "merge", "leadership", "-m", "merge", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    merged = (branches / "team.toml").read_bytes()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_bytes(merged)
    assert merged == GOLDEN.read_bytes()
    wb = model(merged)
    assert {"reorder-on-time", "cats-finish-box"} <= set(wb.product_outcomes)
    entries = wb.product_outcomes["pets-switch-foods"].negotiation
    assert [e.author for e in entries[-2:]] == ["Grace Mwangi", "Luca Bianchi"]
    assert wb.experiments["morning-texts"].impact == 7
    complaints = wb.metrics["digestive-complaints"].current()
    satisfaction = wb.metrics["first-box-satisfaction"].current()
    assert complaints is not None and complaints.definition.startswith("Complaints")
    assert satisfaction is not None and satisfaction.definition.endswith("day 7")


def test_a_true_conflict_is_reported_by_git_and_validate(branches: Path, tmp_path: Path) -> None:
    assert outcomes(branches, "git", "setup").returncode == 0
    git(branches, "add", ".gitattributes")
    git(branches, "commit", "-q", "-m", "setup")
    data = (branches / "team.toml").read_bytes()
    commit_file(
        branches,
        "team.toml",
        edited(data, tmp_path, lambda wb: op.set_field(wb, "pets-switch-foods", "target", 60)),
        "Team: aim for 60",
    )
    git(branches, "checkout", "-q", "leadership")
    data = (branches / "team.toml").read_bytes()
    commit_file(
        branches,
        "team.toml",
        edited(data, tmp_path, lambda wb: op.set_field(wb, "pets-switch-foods", "target", 50)),
        "Leadership: 50 is enough",
    )
    git(branches, "checkout", "-q", "main")
    result = git(branches, "merge", "leadership", "-m", "merge", check=False)
    assert result.returncode != 0
    assert "CONFLICT" in result.stdout
    assert "pets-switch-foods.target: kept ours 60; theirs has 50" in result.stderr
    assert "UU team.toml" in git(branches, "status", "--short").stdout
    validate = outcomes(branches, "validate", "team.toml")
    assert validate.returncode == 2
    assert "unresolved merge conflict: target: kept ours 60; theirs has 50" in validate.stderr


def test_git_diff_shows_entity_level_changes_with_entity_hunk_headers(branches: Path) -> None:
    assert outcomes(branches, "git", "setup").returncode == 0
    data = (branches / "team.toml").read_bytes()
    changed = edited(
        data, branches.parent, lambda wb: op.set_field(wb, "pets-switch-foods", "target", 60)
    )
    (branches / "team.toml").write_bytes(changed)
    diff = git(branches, "diff").stdout
    assert "-  target: 55 % of new dog subscribers" in diff
    assert "+  target: 60 % of new dog subscribers" in diff
    assert "@@ product outcome pets-switch-foods: New subscribers switch" in diff
    assert "[product_outcome" not in diff
    log = git(branches, "log", "-p", "-1", "--", "team.toml").stdout
    assert "+  negotiation entry: team insight by Luca Bianchi on 2026-06-20" in log


def test_outcomes_diff_over_revisions_and_paths(branches: Path) -> None:
    result = outcomes(branches, "diff", "HEAD~1:team.toml", "team.toml")
    assert result.returncode == 1, result.stderr
    assert "+ product outcome reorder-on-time: Owners reorder before the bag runs out" in (
        result.stdout
    )
    assert "why: Per 100 dogs compares months of different sizes." in result.stdout
    between = outcomes(branches, "diff", "main:team.toml", "leadership:team.toml", "--format=json")
    data = json.loads(between.stdout)
    assert data["old"]["label"] == "main:team.toml"
    ids = {e["id"] for e in data["entities"]}
    assert {"reorder-on-time", "cats-finish-box", "morning-texts"} <= ids
    same = outcomes(branches, "diff", "HEAD:team.toml", "team.toml")
    assert (same.returncode, same.stdout.strip()) == (0, "HEAD:team.toml → team.toml: no changes")
    missing = outcomes(branches, "diff", "HEAD:nope.toml", "team.toml")
    assert missing.returncode == 2
    assert "nope.toml" in missing.stderr and "Traceback" not in missing.stderr
    bad_rev = outcomes(branches, "diff", "no-such-branch:team.toml", "team.toml")
    assert bad_rev.returncode == 2 and "Traceback" not in bad_rev.stderr


def test_outcomes_log_lists_commits_and_where_each_version_came_from(branches: Path) -> None:
    git(branches, "merge", "leadership", "-m", "merge", check=False)
    git(branches, "checkout", "-q", "--theirs", "team.toml")  # any resolution will do here
    git(branches, "commit", "-q", "-am", "Take leadership's file")
    result = outcomes(branches, "log", "team.toml", "--format=json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    subjects = [c["commit"]["subject"] for c in data["commits"]]
    assert subjects[-1] == "Pet food workbook"
    assert "Leadership: cost concern" in subjects and "Team: day-three insight" in subjects
    origins = {
        (v["metric"], v["index"]): v["commit"]["subject"] if v["commit"] else None
        for v in data["metric_versions"]
    }
    assert origins[("first-box-satisfaction", 1)] == "Leadership: cost concern"
    assert origins[("transition-completed", 0)] == "Pet food workbook"
    text = outcomes(branches, "log", "team.toml").stdout
    assert "commit " in text and "added in" in text


def test_outcomes_log_shows_a_commit_that_only_changed_a_comment(branches: Path) -> None:
    text = (branches / "team.toml").read_text()
    header = "[product_outcome.pets-switch-foods]"
    (branches / "team.toml").write_text(text.replace(header, f"# agreed on Monday\n{header}"))
    pending = outcomes(branches, "log", "-n", "1", "team.toml").stdout
    assert "uncommitted" in pending and "comment: # agreed on Monday" in pending
    git(branches, "commit", "-q", "-am", "A comment")
    out = outcomes(branches, "log", "-n", "1", "team.toml").stdout
    assert "A comment" in out
    assert "added: product outcome pets-switch-foods: comment: # agreed on Monday" in out


def test_log_outside_a_repository_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "team.toml").write_bytes(PET_FOOD.read_bytes())
    result = outcomes(folder, "log", "team.toml")
    assert result.returncode == 0
    assert "team.toml is not in a git repository, so it has no history yet" in result.stdout
    data = json.loads(outcomes(folder, "log", "team.toml", "--format=json").stdout)
    assert (data["repository"], data["commits"]) == (False, [])


def test_git_setup_is_idempotent_and_check_says_what_is_missing(branches: Path) -> None:
    (branches / "pyproject.toml").write_text('[project]\nname = "x"\n')
    check = outcomes(branches, "git", "setup", "--check")
    assert check.returncode == 1
    assert "/team.toml diff=outcomes merge=outcomes text eol=lf" in check.stdout
    assert "merge.outcomes.driver" in check.stdout
    assert "not covered by the attributes: team.toml" in check.stdout
    assert outcomes(branches, "git", "setup").returncode == 0
    first = (branches / ".gitattributes").read_text()
    assert outcomes(branches, "git", "setup").returncode == 0
    assert (branches / ".gitattributes").read_text() == first
    assert "pyproject" not in first
    assert "*.workbook.toml diff=outcomes merge=outcomes text eol=lf" in first
    check = outcomes(branches, "git", "setup", "--check")
    assert check.returncode == 0, check.stdout
    assert "covered: team.toml" in check.stdout
    # A driver whose program is gone (a deleted environment) counts as missing.
    gone = "/nowhere/python -m outcome_workbook merge-driver %O %A %B %L %P"
    git(branches, "config", "merge.outcomes.driver", gone)
    check = outcomes(branches, "git", "setup", "--check")
    assert check.returncode == 1 and "merge.outcomes.driver" in check.stdout


def test_git_setup_global(branches: Path) -> None:
    result = outcomes(branches, "git", "setup", "--global")
    assert result.returncode == 0, result.stderr
    config = (branches.parent / ".gitconfig").read_text()
    assert "merge-driver %O %A %B %L %P" in config
    assert "cachetextconv = true" in config  # `git log -p` converts each blob once
    attributes = Path(os.environ["XDG_CONFIG_HOME"]) / "git" / "attributes"
    assert "*.workbook.toml diff=outcomes" in attributes.read_text()
    assert outcomes(branches, "git", "setup", "--global", "--check").returncode == 0


def test_merge_driver_refuses_unreadable_input_and_leaves_ours(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_bytes(PET_FOOD.read_bytes())
    ours.write_bytes(PET_FOOD.read_bytes())
    theirs.write_text("[workbook\n")
    result = outcomes(tmp_path, "merge-driver", str(base), str(ours), str(theirs), "7", "x.toml")
    assert result.returncode == 2
    assert "x.toml:1:" in result.stderr and "(in the theirs version)" in result.stderr
    assert "Traceback" not in result.stderr
    note, _, rest = ours.read_bytes().partition(b"\n")
    assert rest == PET_FOOD.read_bytes()  # ours as it was, under one marker line
    assert note.startswith(b"# MERGE CONFLICT: not merged: the theirs version is not a readable")
    # validate refuses the file until someone settles it, so `git add` alone is caught.
    check = outcomes(tmp_path, "validate", str(ours))
    assert check.returncode == 2 and "unresolved merge conflict" in check.stdout + check.stderr


def test_signing_on_one_branch_while_the_other_changes_a_term_is_a_conflict(
    tmp_path: Path,
) -> None:
    """Leadership signs 35 on a branch while the team lowers the target to 30 on main."""
    repo = new_repo(tmp_path)
    wb = op.set_field(small_workbook(), "more-reorders", "target", 35)
    wb = op.sign_off(wb, "more-reorders", "team", "Cy", date(2026, 6, 3))
    base = text_of(wb, tmp_path)
    commit_file(repo, "team.toml", base, "Team signs 35")
    assert outcomes(repo, "git", "setup").returncode == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "Merge workbooks by entity")
    git(repo, "branch", "leadership")
    lowered = edited(base, tmp_path, lambda w: op.set_field(w, "more-reorders", "target", 30))
    commit_file(repo, "team.toml", lowered, "Team: 30 is realistic")
    git(repo, "checkout", "-q", "leadership")
    signed = edited(
        base,
        tmp_path,
        lambda w: op.sign_off(w, "more-reorders", "leadership", "Ann", date(2026, 6, 4)),
    )
    commit_file(repo, "team.toml", signed, "Leadership signs")
    git(repo, "checkout", "-q", "main")
    result = git(repo, "merge", "leadership", "-m", "merge", check=False)
    assert result.returncode != 0, "a signature under changed terms is never a clean merge"
    assert "theirs signed while ours changed the signed terms (target lowered from 35 to 30" in (
        result.stderr
    )
    merged = (repo / "team.toml").read_bytes()
    assert b"# MERGE CONFLICT:" in merged
    check = outcomes(repo, "check", "team.toml")
    assert "OW315" in check.stdout or "merge conflict" in (check.stdout + check.stderr)

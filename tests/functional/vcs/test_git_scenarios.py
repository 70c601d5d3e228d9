"""Concurrent edits through real git, with the driver installed by `outcomes git setup`.

Each scenario is two people's edits of one workbook; each runs as a merge, a rebase and
a cherry-pick, and asserts what the result keeps and whether git reports a conflict.
docs/git.md lists them as a table ("Scenarios, through real git").
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from outcome_workbook.model import operations as op
from outcome_workbook.store import parse
from outcome_workbook.store.file_text import CONFLICT_NOTE

from ...unit.diff.helpers import edited, git, git_env, new_repo, outcomes, small_workbook, text_of

Edit = Callable[[str], str]
HEADER = "[product_outcome.more-reorders]"


def sub(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(text: str) -> str:
        for one in edits:
            text = one(text)
        return text

    return edit


def entry(text: str, day: int) -> Edit:
    """Append a negotiation entry to more-reorders."""
    block = (
        "\n[[product_outcome.more-reorders.negotiation]]\n"
        f'side = "team"\nkind = "insight"\ntext = "{text}"\ndate = 2026-02-{day:02d}\n'
    )

    def edit(source: str) -> str:
        at = source.index("[metric.csat]")
        return source[:at].rstrip("\n") + "\n" + block + "\n" + source[at:]

    return edit


def rename(old_id: str, new_id: str) -> Edit:
    """Rename an entity as the app does (references follow, the old id is retired)."""

    def edit(text: str) -> str:
        folder = Path(tempfile.mkdtemp(prefix="rename-"))
        try:
            return edited(text.encode(), folder, lambda wb: op.rename(wb, old_id, new_id)).decode()
        finally:
            shutil.rmtree(folder)

    return edit


DESCRIPTION = 'description = """\nOwners forget.\nThey run out.\nThen they leave."""'


@dataclass(frozen=True)
class Scenario:
    name: str
    ours: Edit
    theirs: Edit
    keeps: tuple[str, ...]  # text the result holds (from both sides)
    conflict: bool = False
    base: Edit = field(default=lambda text: text)
    lacks: tuple[str, ...] = ()


SCENARIOS = [
    Scenario(
        "different entities",
        sub("target = 40", "target = 45"),
        sub('title = "CSAT"', 'title = "Satisfaction"'),
        ("target = 45", 'title = "Satisfaction"'),
    ),
    Scenario(
        "a field, and a comment above the same table",
        sub("target = 40", "target = 45"),
        sub(HEADER, f"# agreed with Ann\n{HEADER}"),
        ("target = 45", f"# agreed with Ann\n{HEADER}"),
    ),
    Scenario(
        "a field, and a comment after another value",
        sub("target = 40", "target = 45"),
        sub("baseline = 30", "baseline = 30  # March"),
        ("target = 45", "baseline = 30  # March"),
    ),
    Scenario(
        "a value, and a comment after that very value",
        sub('unit = "%"', 'unit = "% of owners"'),
        sub('unit = "%"', 'unit = "%"  # of active owners'),
        ('unit = "% of owners"  # of active owners',),
    ),
    Scenario(
        "a field, and an unknown key",
        sub("target = 40", "target = 45"),
        sub('status = "negotiating"', 'status = "negotiating"\nreviewer = "Bo"'),
        ("target = 45", 'reviewer = "Bo"'),
    ),
    Scenario(
        "a field, and a dotted unknown key",
        sub("target = 40", "target = 45"),
        sub('status = "negotiating"', 'status = "negotiating"\nx-tool.score = 3'),
        ("target = 45", "x-tool.score = 3"),
    ),
    Scenario(
        "a field, and a requoted title",
        sub("target = 40", "target = 45"),
        sub('title = "More reorders"', "title = 'More reorders'"),
        ("target = 45", "title = 'More reorders'"),
    ),
    Scenario(
        "a field, and an unknown table",
        sub("target = 40", "target = 45"),
        sub("[metric.csat]", "[x-tool]\nsynced = true\n\n[metric.csat]"),
        ("target = 45", "[x-tool]\nsynced = true\n"),
    ),
    Scenario(
        "a comment at the top of the file, and the team",
        sub("[workbook]", "# Owned by the growth team.\n[workbook]"),
        sub('team = "Growth"', 'team = "Retention"'),
        ("# Owned by the growth team.", 'team = "Retention"'),
    ),
    Scenario(
        "negotiation entries appended on both sides",
        entry("Ours later", 5),
        entry("Theirs earlier", 3),
        ("Ours later", "Theirs earlier"),
    ),
    Scenario(
        "two new outcomes with neighbouring ids",
        sub("[metric.csat]", '[product_outcome.more-reorders-a]\ntitle = "A"\n\n[metric.csat]'),
        sub("[metric.csat]", '[product_outcome.more-reorders-b]\ntitle = "B"\n\n[metric.csat]'),
        ("[product_outcome.more-reorders-a]", "[product_outcome.more-reorders-b]"),
    ),
    Scenario(
        "different lines of one multi-line text",
        sub("Owners forget.", "Owners forget to reorder."),
        sub("Then they leave.", "Then they leave for a shop."),
        ("Owners forget to reorder.", "Then they leave for a shop."),
        base=sub("[opportunity.forget]", f"[opportunity.forget]\n{DESCRIPTION}"),
    ),
    Scenario(
        "an entity renamed, and a comment and an unknown key in it",
        rename("forget", "forgetting"),
        sub("[opportunity.forget]", "# why we care\n[opportunity.forget]\nx-k = 1"),
        ("# why we care\n[opportunity.forgetting]", "x-k = 1", 'opportunity = "forgetting"'),
        lacks=("[opportunity.forget]",),
    ),
    Scenario(
        "a comment in an entity, and the entity renamed",
        sub("[opportunity.forget]", "# why we care\n[opportunity.forget]"),
        rename("forget", "forgetting"),
        ("# why we care\n[opportunity.forgetting]", 'opportunity = "forgetting"'),
        lacks=("[opportunity.forget]",),
    ),
    Scenario(
        "the same field to the same value",
        sub("target = 40", "target = 45"),
        sub("target = 40", "target = 45"),
        ("target = 45",),
        lacks=(CONFLICT_NOTE,),
    ),
    Scenario(
        "the same field to two values",
        sub("target = 40", "target = 45"),
        sub("target = 40", "target = 50"),
        ("target = 45", f"{CONFLICT_NOTE} target: kept ours 45; theirs has 50"),
        conflict=True,
    ),
    Scenario(
        "the same unknown key to two values",
        sub("reviewer = 1", "reviewer = 2"),
        sub("reviewer = 1", "reviewer = 3"),
        ("reviewer = 2", f"{CONFLICT_NOTE} reviewer: kept ours 2; theirs has 3"),
        conflict=True,
        base=sub('status = "negotiating"', 'status = "negotiating"\nreviewer = 1'),
    ),
    Scenario(
        "two comments above the same table",
        sub(HEADER, f"# ours\n{HEADER}"),
        sub(HEADER, f"# theirs\n{HEADER}"),
        ("# ours", CONFLICT_NOTE),
        conflict=True,
    ),
    Scenario(
        "the same negotiation entry appended on both sides",
        entry("Owners forget", 3),
        chain(entry("Owners forget", 3), sub("[metric.csat]", "# seen\n[metric.csat]")),
        ("Owners forget", CONFLICT_NOTE),
        conflict=True,
    ),
    Scenario(
        "the same line of one multi-line text",
        sub("They run out.", "They run out fast."),
        sub("They run out.", "They run out slowly."),
        ("They run out fast.", CONFLICT_NOTE),
        conflict=True,
        base=sub("[opportunity.forget]", f"[opportunity.forget]\n{DESCRIPTION}"),
    ),
    Scenario(
        "an entity deleted on one side and changed on the other",
        sub(
            '[experiment.test-reminder]\ntitle = "Test reminder"\nsolution = "reminder"\n'
            "impact = 5\nconfidence = 4\nease = 8\n",
            "",
        ),
        sub("impact = 5", "impact = 9"),
        ("impact = 9", CONFLICT_NOTE),
        conflict=True,
    ),
]
MODES = ("merge", "rebase", "cherry-pick")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository set up once with `outcomes git setup`; each run copies it."""
    folder = tmp_path_factory.mktemp("template")
    repo = new_repo(folder)
    base = text_of(small_workbook(), folder)
    (repo / "team.toml").write_bytes(base)
    setup = outcomes(repo, "git", "setup")
    assert setup.returncode == 0, setup.stderr
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def run_scenario(
    template: Path, folder: Path, scenario: Scenario, mode: str, *flags: str
) -> tuple[subprocess.CompletedProcess[str], str]:
    """The git operation's result and the file it leaves."""
    repo = folder / "repo"
    shutil.copytree(template, repo)
    base = scenario.base((repo / "team.toml").read_text())
    if base != (repo / "team.toml").read_text():
        (repo / "team.toml").write_text(base)
        git(repo, "commit", "-q", "-am", "base edit")
    git(repo, "branch", "theirs")
    (repo / "team.toml").write_text(scenario.ours(base))
    git(repo, "commit", "-q", "-am", "ours")
    git(repo, "checkout", "-q", "theirs")
    (repo / "team.toml").write_text(scenario.theirs(base))
    git(repo, "commit", "-q", "-am", "theirs")
    if mode == "rebase":  # replay theirs onto ours: ours is the branch rebased onto
        result = git(repo, "rebase", *flags, "main", check=False)
    else:
        git(repo, "checkout", "-q", "main")
        if mode == "merge":
            result = git(repo, "merge", *flags, "--no-edit", "theirs", check=False)
        else:
            result = git(
                repo, "cherry-pick", "--keep-redundant-commits", *flags, "theirs", check=False
            )
    return result, (repo / "team.toml").read_text()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario(template: Path, tmp_path: Path, scenario: Scenario, mode: str) -> None:
    result, text = run_scenario(template, tmp_path, scenario, mode)
    assert "<<<<<<<" not in text
    if scenario.conflict:
        assert result.returncode != 0, "git must report the conflict"
        assert CONFLICT_NOTE in text
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        assert CONFLICT_NOTE not in text
    for part in scenario.keeps:
        assert part in text, (part, text)
    for part in scenario.lacks:
        assert part not in text
    parse(text.encode(), "team.toml")  # loadable either way


def test_strategy_options_ours_and_theirs_settle_conflicts(template: Path, tmp_path: Path) -> None:
    clash = next(s for s in SCENARIOS if s.name == "the same field to two values")
    wins = {"ours": "target = 45", "theirs": "target = 50"}
    for number, (side, value) in enumerate(wins.items()):
        for mode in MODES:
            folder = tmp_path / f"{side}-{mode}-{number}"
            result, text = run_scenario(template, folder, clash, mode, "-X", side)
            assert result.returncode == 0, result.stdout + result.stderr
            assert value in text and CONFLICT_NOTE not in text
    # And a change on only one side still comes through with -X ours.
    other = next(s for s in SCENARIOS if s.name == "a field, and an unknown key")
    result, text = run_scenario(template, tmp_path / "one-sided", other, "merge", "-X", "ours")
    assert result.returncode == 0 and 'reviewer = "Bo"' in text and "target = 45" in text


def test_git_mergetool_settles_a_file_git_left_conflicted(template: Path, tmp_path: Path) -> None:
    """Merged with the driver off, git leaves the file conflicted; `git mergetool --tool
    outcomes` (set up by `outcomes git setup`) runs the keyed merge and resolves it."""
    clean = next(s for s in SCENARIOS if s.name == "negotiation entries appended on both sides")
    repo = tmp_path / "repo"
    result, _ = run_scenario(template, tmp_path, clean, "merge", "--no-commit")
    assert result.returncode == 0  # the driver merged it; now the same with the driver off
    git(repo, "merge", "--abort")
    off = git(repo, "-c", "merge.outcomes.driver=false", "merge", "theirs", check=False)
    assert off.returncode != 0
    tool = git(repo, "mergetool", "--tool", "outcomes", "--no-prompt", "team.toml", check=False)
    assert tool.returncode == 0, tool.stdout + tool.stderr
    text = (repo / "team.toml").read_text()
    assert "Ours later" in text and "Theirs earlier" in text and CONFLICT_NOTE not in text
    assert "team.toml" not in git(repo, "diff", "--name-only", "--diff-filter=U").stdout
    # A real conflict: the tool says what clashed and git keeps the file unresolved.
    clash = next(s for s in SCENARIOS if s.name == "the same field to two values")
    other = tmp_path / "clash"
    other.mkdir()
    run_scenario(template, other, clash, "merge", "--no-commit")
    repo = other / "repo"
    git(repo, "merge", "--abort")
    git(repo, "-c", "merge.outcomes.driver=false", "merge", "theirs", check=False)
    tool = git(repo, "mergetool", "--tool", "outcomes", "--no-prompt", "team.toml", check=False)
    assert tool.returncode != 0
    assert "product_outcome.more-reorders.target: kept ours 45" in tool.stderr
    assert "team.toml" in git(repo, "diff", "--name-only", "--diff-filter=U").stdout
    # Settling every clash with one side, through the same tool.
    env = {**git_env(repo.parent), "OUTCOMES_MERGE_FAVOR": "theirs"}
    settle = subprocess.run(
        ["git", "mergetool", "--tool", "outcomes", "--no-prompt", "team.toml"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert settle.returncode == 0, settle.stderr
    settled = (repo / "team.toml").read_text()
    assert "target = 50" in settled and CONFLICT_NOTE not in settled

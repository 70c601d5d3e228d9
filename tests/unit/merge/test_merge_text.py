"""Merges that never drop a side: what either side wrote in a table both changed survives,
whichever branch is ours, and any clash, on a known key or an unknown one, is reported."""

from __future__ import annotations

from typing import Any

import pytest

from outcome_workbook.merge.files import merge_texts
from outcome_workbook.model import WorkbookError
from outcome_workbook.store import parse
from outcome_workbook.store.file_text import CONFLICT_NOTE, merge_conflict_problems

from ..diff.helpers import small_workbook, text_of

HEADER = "[product_outcome.more-reorders]"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> str:
    return text_of(small_workbook(), tmp_path_factory.mktemp("base")).decode()


def _both_ways(base: str, one: str, other: str) -> list[str]:
    """The merged text with `one` as ours and as theirs; each must merge cleanly."""
    texts = []
    for ours, theirs in ((one, other), (other, one)):
        result = merge_texts(base.encode(), ours.encode(), theirs.encode(), "team.toml")
        assert result.clean, result.conflicts
        texts.append(result.text)
    return texts


# Edits the model does not see, each made by one side while the other changes the target.
TRIVIA_EDITS = {
    "comment above the table": (HEADER, f"# Agreed with Ann on Monday.\n{HEADER}"),
    "comment after a value": ('unit = "%"', 'unit = "%"  # of active subscribers'),
    "unknown key": ('status = "negotiating"', 'status = "negotiating"\nreviewer = "Bo"'),
    "dotted key": ('status = "negotiating"', 'status = "negotiating"\nx-tool.score = 3'),
    "requoting": ('title = "More reorders"', "title = 'More reorders'"),
    "comment above an entry": (
        "[[product_outcome.more-reorders.negotiation]]",
        "# the first ask\n[[product_outcome.more-reorders.negotiation]]",
    ),
    "unknown table": ("[metric.csat]", "[x-tool]\nsynced = true\n\n[metric.csat]"),
}


@pytest.mark.parametrize("name", sorted(TRIVIA_EDITS))
def test_what_one_side_wrote_survives_the_others_edit_of_the_same_table(
    base: str, name: str
) -> None:
    old, new = TRIVIA_EDITS[name]
    assert old in base
    trivia = base.replace(old, new, 1)
    value = base.replace("target = 40", "target = 45")
    for text in _both_ways(base, trivia, value):
        assert new in text
        assert "target = 45" in text
        assert (
            parse(text.encode(), "team.toml").workbook.product_outcomes["more-reorders"].target
            == 45
        )


def test_both_sides_adding_comments_and_keys_keep_both(base: str) -> None:
    ours = base.replace(HEADER, f"# ours above\n{HEADER}").replace(
        'unit = "%"', 'unit = "%"\nx-ours = 1'
    )
    theirs = base.replace('stage = "performance"', 'stage = "performance"  # theirs').replace(
        'status = "negotiating"', 'status = "negotiating"\nx-theirs = 2'
    )
    for text in _both_ways(base, ours, theirs):
        for part in ("# ours above", "x-ours = 1", "# theirs", "x-theirs = 2"):
            assert part in text


@pytest.mark.parametrize(
    ("ours_edit", "theirs_edit", "where"),
    [
        (("reviewer = 1", "reviewer = 2"), ("reviewer = 1", "reviewer = 3"), "reviewer"),
        (
            ('unit = "%"', 'unit = "%"  # ours'),
            ('unit = "%"', 'unit = "%"  # theirs'),
            "unit",
        ),
        ((HEADER, f"# ours\n{HEADER}"), (HEADER, f"# theirs\n{HEADER}"), ""),
    ],
)
def test_a_clash_on_any_key_is_a_reported_conflict(
    base: str, ours_edit: tuple[str, str], theirs_edit: tuple[str, str], where: str
) -> None:
    start = base.replace('status = "negotiating"', 'status = "negotiating"\nreviewer = 1')
    ours = start.replace(*ours_edit, 1)
    theirs = start.replace(*theirs_edit, 1)
    result = merge_texts(start.encode(), ours.encode(), theirs.encode(), "team.toml")
    assert [(c.id, c.field) for c in result.conflicts] == [("more-reorders", where)]
    assert ours_edit[1] in result.text  # ours kept
    lines = result.text.splitlines()
    marker = next(i for i, line in enumerate(lines) if line.startswith(CONFLICT_NOTE))
    assert HEADER in lines[marker + 1 : marker + 3]
    assert merge_conflict_problems(result.text, "team.toml")


ENTRY = """
[[product_outcome.more-reorders.negotiation]]
side = "team"
kind = "insight"
text = "{text}"
date = 2026-02-0{day}
"""


def _append_entry(base: str, text: str, day: int) -> str:
    at = base.index("[metric.csat]")
    return base[:at].rstrip("\n") + "\n" + ENTRY.format(text=text, day=day) + "\n" + base[at:]


def test_two_people_appending_the_same_entry_keep_both_and_are_told(base: str) -> None:
    one = _append_entry(base, "Owners forget", 3)
    for ours, theirs in ((one, one.replace("[metric.csat]", "# x\n[metric.csat]")),):
        result = merge_texts(base.encode(), ours.encode(), theirs.encode(), "team.toml")
        entries = result.workbook.product_outcomes["more-reorders"].negotiation
        assert [e.text for e in entries] == ["Churn is up", "Owners forget", "Owners forget"]
        assert [c.field for c in result.conflicts] == ["negotiation"]


def test_entries_appended_on_both_sides_keep_their_comments_in_date_order(base: str) -> None:
    ours = _append_entry(base, "Ours later", 5).replace(
        'text = "Ours later"', '# ours\ntext = "Ours later"'
    )
    theirs = _append_entry(base, "Theirs earlier", 3).replace(
        'text = "Theirs earlier"', 'text = "Theirs earlier"  # theirs'
    )
    for text in _both_ways(base, ours, theirs):
        assert text.index("Theirs earlier") < text.index("Ours later")
        assert "# ours\n" in text and "# theirs" in text


def test_a_table_in_pieces_both_sides_changed_is_reported_not_silently_rewritten(
    base: str,
) -> None:
    pieces = base.replace(
        'status = "negotiating"\n',
        'status = "negotiating"\n\n[x-tool]\na = 1\n\n'
        '[product_outcome.more-reorders.self_check]\nguarded = "yes"\n',
        1,
    )
    ours = pieces.replace("target = 40", "target = 45")
    theirs = pieces.replace('guarded = "yes"', 'guarded = "yes"  # theirs')
    result = merge_texts(pieces.encode(), ours.encode(), theirs.encode(), "team.toml")
    assert [(c.id, c.field) for c in result.conflicts] == [("more-reorders", "")]
    assert "could not be combined" in result.conflicts[0].message
    assert result.workbook.product_outcomes["more-reorders"].target == 45


def test_a_post_merge_check_can_add_conflicts_on_either_path(
    base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outcome_workbook.merge import model as modelmerge
    from outcome_workbook.merge.files import Conflict, merge_texts_fully

    def check(b: object, o: object, t: object, merged: Any) -> list[Conflict]:
        outcome = merged.product_outcomes.get("more-reorders")
        if outcome is not None and outcome.target == 45:
            return [Conflict("product_outcome", "more-reorders", "signoff", "signed term changed")]
        return []

    monkeypatch.setattr(modelmerge, "POST_MERGE_CHECKS", [check])
    ours = base.replace("target = 40", "target = 45")
    theirs = base.replace('unit = "%"', 'unit = "% of owners"')
    for merge in (merge_texts, merge_texts_fully):
        result = merge(base.encode(), ours.encode(), theirs.encode(), "team.toml")
        assert [c.message for c in result.conflicts] == ["signed term changed"]
        assert f"{CONFLICT_NOTE} signoff: signed term changed\n{HEADER}" in result.text


def test_different_lines_of_a_multi_line_text_merge_as_git_would(base: str) -> None:
    header = "[opportunity.forget]"
    start = base.replace(
        header, f'{header}\ndescription = """\nOwners forget.\nThey run out.\nThen they leave."""'
    )
    ours = start.replace("Owners forget.", "Owners forget to reorder.")
    theirs = start.replace("Then they leave.", "Then they leave for a shop.")
    for text in _both_ways(start, ours, theirs):
        description = parse(text.encode(), "x").workbook.opportunities["forget"].description
        assert (
            description == "Owners forget to reorder.\nThey run out.\nThen they leave for a shop."
        )
        assert '"""\nOwners forget to reorder.\n' in text  # still written over lines
    clash = start.replace("They run out.", "They run out fast.")
    other = start.replace("They run out.", "They run out slowly.")
    result = merge_texts(start.encode(), clash.encode(), other.encode(), "team.toml")
    assert [c.field for c in result.conflicts] == ["description"]


def test_favouring_a_side_settles_conflicts_without_notes(base: str) -> None:
    ours = base.replace("target = 40", "target = 45")
    theirs = base.replace("target = 40", "target = 50").replace(
        "[metric.csat]", "# t\n[metric.csat]"
    )
    for favor, kept in (("ours", "target = 45"), ("theirs", "target = 50")):
        result = merge_texts(base.encode(), ours.encode(), theirs.encode(), "x", favor=favor)
        assert kept in result.text and CONFLICT_NOTE not in result.text
        assert "# t\n[metric.csat]" in result.text  # the rest of both sides is merged
        assert [c.field for c in result.conflicts] == ["target"]
    with pytest.raises(WorkbookError) as raised:
        merge_texts(base.encode(), ours.encode(), b"[workbook\n", "x", favor="theirs")
    assert "(in the theirs version)" in raised.value.message


def test_a_key_above_the_first_table_is_kept(base: str) -> None:
    theirs = "x-tool-version = 2\n" + base
    ours = base.replace("target = 40", "target = 45")
    for text in _both_ways(base, ours, theirs):
        assert text.startswith("x-tool-version = 2\n") and "target = 45" in text


def test_deleting_an_entity_whose_text_the_other_side_changed_is_reported(base: str) -> None:
    experiment = (
        '\n[experiment.test-reminder]\ntitle = "Test reminder"\nsolution = "reminder"\n'
        "impact = 5\nconfidence = 4\nease = 8\n"
    )
    assert base.endswith(experiment)
    deleted = base[: -len(experiment)]
    commented = base.replace("impact = 5", "impact = 5  # a guess")
    for ours, theirs in ((deleted, commented), (commented, deleted)):
        result = merge_texts(base.encode(), ours.encode(), theirs.encode(), "team.toml")
        assert "test-reminder" not in result.workbook.experiments
        assert [c.id for c in result.conflicts] == ["test-reminder"]
        assert "stays deleted" in result.conflicts[0].message
        assert result.text.startswith(CONFLICT_NOTE)  # its table is gone: the note heads the file

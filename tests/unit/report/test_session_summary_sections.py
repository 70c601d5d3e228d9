"""What a facilitator sends after a session: each section of the summary, and the whole of it.

The golden file is the summary of the workbook a whole guided session writes
(`tests/data/session/expected.toml`, made by the session flow test); the other
tests each change one thing and look for it where the reader would.
"""

from __future__ import annotations

from datetime import date

from outcome_workbook.model import operations as op
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.report.session_summary import session_summary
from outcome_workbook.store import parse

from ...conftest import DATA

FIXTURE = DATA / "session" / "expected.toml"
GOLDEN = DATA / "session" / "summary.md"
DAY = date(2026, 11, 23)
FIRST = "more-people-reach-their-computer-from"


def session_workbook() -> Workbook:
    return parse(FIXTURE.read_bytes(), str(FIXTURE)).workbook


def section(text: str, heading: str) -> list[str]:
    """The lines under a `## heading`, up to the next one."""
    after = text.split(f"## {heading}\n\n", 1)[1]
    return after.split("\n## ", 1)[0].strip("\n").splitlines()


def test_the_summary_of_a_whole_session_is_the_reviewed_one() -> None:
    assert session_summary(session_workbook(), DAY) == GOLDEN.read_text(encoding="utf-8"), (
        "review the difference, then rewrite tests/data/session/summary.md"
    )


def test_a_reframed_proposal_shows_its_first_wording_escaped() -> None:
    wb = session_workbook()
    wb, new_id = op.reframe_outcome(wb, FIRST, "Phone users *reconnect* weekly", DAY)
    wb, _ = op.reframe_outcome(wb, new_id, "Phone users reconnect every week", DAY)
    text = session_summary(wb, DAY)
    heading = text.index("### Phone users reconnect every week")
    lines = text[heading:].splitlines()
    assert lines[3] == "- Reframed from: Launch an Android app"
    assert lines[4] == (
        "  - Then worded: More people reach their computer from their phone each week; "
        "Phone users \\*reconnect\\* weekly"
    )


def test_the_scope_options_weighed_sit_under_the_scope_chosen() -> None:
    wb = op.choose_scope(
        session_workbook(),
        FIRST,
        "Phones",
        "Tablets are rare",
        [("wider", "Any <device>"), ("as proposed", "Phones and tablets"), ("narrower", "")],
        DAY,
    )
    lines = session_summary(wb, DAY).splitlines()
    at = lines.index("- Scope: Phones (why: Tablets are rare)")
    assert lines[at + 1] == (
        "  - Options considered: wider: Any &lt;device&gt;; as proposed: Phones and tablets"
    )


def test_experiments_stand_under_their_opportunity_and_solution_best_first() -> None:
    wb = session_workbook()
    parent = "reconnecting-from-my-phone-takes-too"
    wb, _ = op.create(wb, "opportunity", "Typing on a phone", "typing", parent=parent)
    wb, _ = op.create(wb, "solution", "Voice commands", "voice", opportunity="typing")
    wb, _ = op.create(wb, "experiment", "Wizard of Oz test", "wizard", solution="voice")
    wb = op.score_as(wb, "wizard", "Ana", impact=2, confidence=2, ease=2)
    wb = op.score_as(wb, "wizard", "Raj", impact=4, confidence=4, ease=4)
    tree = section(session_summary(wb, DAY), "Opportunities, solutions and experiments")
    assert tree[2:] == [
        "**More people reach their computer from their phone each week**",
        "",
        "- Opportunity: Reconnecting from my phone takes too many taps",
        "  - Solution: One-tap reconnect to the last computer",
        "    - Experiment: Prototype test with ten trial users: ICE 273, mean of 2 people, "
        "210 to 336 (impact 6.5, confidence 6.5, ease 6.5), 2 votes, planned",
        "    - Experiment: Fake-door button on the phone home screen: "
        "ICE 270 (impact 6, confidence 5, ease 9), planned",
        "    - Experiment: Five customer interviews about phone use: "
        "ICE 224 (impact 4, confidence 7, ease 8), planned",
        "  - Opportunity: Typing on a phone",
        "    - Solution: Voice commands",
        "      - Experiment: Wizard of Oz test: "
        "ICE 36, mean of 2 people, 8 to 64 (impact 3, confidence 3, ease 3), planned",
    ]


def test_next_steps_name_who_runs_each_experiment_still_to_run() -> None:
    wb = session_workbook()
    wb = op.set_field(wb, "prototype-test-with-ten-trial-users", "status", "running")
    wb = op.set_field(wb, "prototype-test-with-ten-trial-users", "owner", "Raj Patel")
    wb = op.set_field(wb, "five-customer-interviews-about-phone-use", "status", "validated")
    assert section(session_summary(wb, DAY), "Next steps") == [
        "- Running: Prototype test with ten trial users (owner Raj Patel)",
        "- To run: Fake-door button on the phone home screen (no owner named yet)",
    ]


def test_what_each_side_asked_for_is_in_its_words() -> None:
    wb = op.add_negotiation_entry(
        session_workbook(), FIRST, "leadership", "counter-proposal", "Reach 70% by | March"
    )
    text = session_summary(wb, DAY)
    assert "- Leadership asked: Reach 70% by \\| March\n" in text
    assert "- Team asked: Aim for 50% mobile reach by March, then review\n" in text

"""The structural reading behind the coaching checks, and the coaching text built from it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from outcome_workbook.checks import heuristics
from outcome_workbook.checks.heuristics import Match
from outcome_workbook.checks.quote import quote

from .support import CLEAN, check, edit

OUTCOME = 'title = "Employers shortlist more graduates"'


def _findings(title: str) -> list[tuple[str, str, str, str]]:
    text = edit(CLEAN, (OUTCOME, f'title = "{title}"'), ('metric = "shortlisted"\n', ""))
    return [(f.code, f.severity, f.message, f.question) for f in check(text) if f.code < "OW2"]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Hire 2 salespeople", "OW101"),
        ("Publish two articles a week on the blog", "OW101"),
        ("Successfully launch our new product", "OW101"),
        ("Use ticket templates for every reply", "OW110"),
        ("Raise unit test coverage to 80%", "OW110"),
        ("Number of brochures handed out", "OW110"),
    ],
)
def test_work_to_do_is_an_error_only_when_the_structure_is_sure(title: str, code: str) -> None:
    codes = {c for c, *_ in _findings(title)}
    assert code in codes
    assert not ({"OW101", "OW110"} - {code}) & codes, "only the sure one of the two"


@pytest.mark.parametrize(
    "title",
    [
        "Support tickets reopened less often",
        "Reduce staff turnover",
        "Increase sales meetings booked from the LinkedIn page by 20%",
        "Repeat bookings",
        "Post likes",
        "Call waiting times under two minutes",
    ],
)
def test_no_error_on_a_measure_that_merely_contains_a_work_or_money_word(title: str) -> None:
    found = _findings(title)
    assert not [f for f in found if f[1] == "error"], found
    if title != "Post likes":
        assert not [f for f in found if f[0] in ("OW101", "OW106", "OW110")], found


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("Total social media followers", heuristics.easy_metric),
        ("Grow LinkedIn followers from 5,000 to 8,000 by Q2", heuristics.easy_metric),
        ("Increase website visitors by organic search by 2x", heuristics.traction_metric),
        ("Reach 10,000 monthly organic visits", heuristics.traction_metric),
        ("Grow qualified pipeline from $50k to $200k", heuristics.financial_metric),
        ("Revenue per available room (RevPAR)", heuristics.financial_metric),
        ("Customers adopting new features", heuristics.traction_metric),
        ("Receive 4-5-star feedback from collaborating teams", heuristics.sentiment_only),
    ],
)
def test_audience_counts_money_and_feature_use_are_read_from_the_structure(
    text: str, check: Callable[[str], Match | None]
) -> None:
    assert check(text) is not None


@pytest.mark.parametrize(
    ("text", "solution"),
    [
        ("Customers need reassurance that their payment went through", False),
        ("Teachers need more time to plan lessons", False),
        ("Customers want faster delivery", False),
        ("Customers want a Slack integration", True),
        ("Users keep asking for an export to Excel button", True),
    ],
)
def test_a_need_is_not_a_solution(text: str, solution: bool) -> None:
    assert (heuristics.solution_phrased(text) is not None) is solution


def test_questions_name_the_words_found_and_fit_the_trap() -> None:
    found = _findings("Total social media followers")
    easy = next(f for f in found if f[0] == "OW102")
    assert "hire" not in easy[3].casefold()  # not the job-board question
    assert easy[3].startswith('What do people do after "social media followers" that shows')
    assert easy[2].count("Total social media followers") == 1
    hire = next(f for f in _findings("Hire 10 new engineers by end of Q2") if f[0] == "OW101")
    assert hire[2].count("Hire 10 new engineers") == 1
    assert "OW102" not in {f[0] for f in _findings("Hire 10 new engineers by end of Q2")}


def test_a_metric_with_the_outcomes_own_words_is_quoted_once() -> None:
    text = edit(
        CLEAN,
        (OUTCOME, 'title = "Number of course reviews written"'),
        (
            'definition = "Share of graduates that employers put on a shortlist"',
            'definition = "Number of course reviews written"',
        ),
        (
            'kind = "behaviour"\nstatus = "current"\n\n[guardrail',
            'status = "current"\n\n[guardrail',
        ),
    )
    messages = [f.message for f in check(text) if f.code == "OW103"]
    assert messages and all(m.count("Number of course reviews written") == 1 for m in messages)


def test_a_quote_is_shortened_between_words_and_never_inside_a_bracket() -> None:
    long = "Reduce mean time to recovery for every production incident we see (MTTR) from 2 h"
    assert quote(long) == '"Reduce mean time to recovery for every production incident we see…"'
    numbers = "Grow weekly active teams on the collaboration plan from 10,000 to 12,500 this year"
    shortened = quote(numbers)
    assert shortened.endswith('…"') and "10,0…" not in shortened and "12,…" not in shortened

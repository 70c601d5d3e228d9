"""Coaching text quotes the team's words whole: never cut at a number's comma or inside a
bracket, and never the same statement twice."""

from __future__ import annotations

from outcome_workbook.checks import heuristics

from .support import CLEAN, check, edit


def test_a_quote_is_never_cut_at_a_thousands_separator_or_inside_brackets() -> None:
    posts = heuristics.output_in_disguise("Publish 1,200 blog posts per year")
    assert posts is not None and "1,200 blog posts" in posts.phrase
    # a bracket is an aside: quoted whole or not at all, and never read as the head
    launch = heuristics.output_in_disguise("Launch the [beta] app in May")
    assert launch is not None and launch.phrase == "Launch the [beta] app"
    applications = heuristics.easy_metric("Number of job applications [all roles]")
    assert applications is not None and applications.phrase == "job applications"


def test_an_outcome_without_a_metric_is_quoted_once() -> None:
    text = edit(
        CLEAN,
        ('title = "Employers shortlist more', 'title = "Number of course reviews written'),
        ('metric = "shortlisted"\n', ""),
    )
    findings = check(text)
    quoted = [f for f in findings if "Number of course reviews written" in f.message]
    assert quoted, [f.message for f in findings]
    for finding in quoted:
        assert finding.message.count("Number of course reviews written") == 1, finding.message


def test_the_output_question_fits_what_was_found() -> None:
    """Work the team does is asked what it should change; a thing delivered, what having it
    gives customers (hiring engineers is not a deliverable to 'have')."""
    from outcome_workbook.checks.traps import OUTPUT_QUESTION, WORK_QUESTION

    asked = {}
    for title in ("Hire 5 senior engineers by June", "Launch video calling"):
        text = edit(CLEAN, ('title = "Employers shortlist more graduates"', f'title = "{title}"'))
        (found,) = [f for f in check(text) if f.code == "OW101"]
        asked[title] = found.question
    assert asked["Hire 5 senior engineers by June"] == WORK_QUESTION
    assert asked["Launch video calling"] == OUTPUT_QUESTION

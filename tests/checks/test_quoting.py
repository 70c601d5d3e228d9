"""Coaching text quotes the team's words whole: never cut at a number's comma or inside a
bracket, and never the same statement twice."""

from __future__ import annotations

from outcome_workbook.checks import heuristics

from .support import CLEAN, check, edit


def test_a_quote_is_never_cut_at_a_thousands_separator_or_inside_brackets() -> None:
    posts = heuristics.output_in_disguise("Publish 1,200 blog posts per year")
    assert posts is not None and "1,200 blog posts" in posts.phrase
    launch = heuristics.output_in_disguise("Launch the app [beta] in May")
    assert launch is not None and launch.phrase.endswith("[beta]")


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

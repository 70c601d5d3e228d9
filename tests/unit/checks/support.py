"""A clean workbook every rule is silent on, and small edits that make one rule fire."""

from __future__ import annotations

from collections.abc import Sequence

from outcome_workbook.checks import Finding, run_checks
from outcome_workbook.store import parse

CLEAN = """\
[workbook]
title = "Graduate hiring"
team = "Matching"
north_star = "hires"

[north_star.hires]
title = "Hires made"
definition = "Graduates hired through the board each month"

[business_outcome.renewals]
title = "Grow employer renewals"
measure = "Employer renewal rate"
north_star = "hires"

[product_outcome.shortlists]
title = "Employers shortlist more graduates"
drives = ["renewals"]
learning_goal = "Learn what makes a graduate worth shortlisting"
metric = "shortlisted"
self_check = {behaviour = "yes", without_helping = "no", single_feature = "no", guarded = "yes"}

[metric.employer-csat]
title = "Employer satisfaction"

[[metric.employer-csat.versions]]
definition = "Employer CSAT after each hire"
kind = "sentiment"
status = "current"

[metric.shortlisted]
title = "Shortlisted graduates"

[[metric.shortlisted.versions]]
definition = "Share of graduates that employers put on a shortlist"
kind = "behaviour"
status = "current"

[guardrail.shortlists-employer-csat]
title = "Employer satisfaction guards shortlisting"
outcome = "shortlists"
metric = "employer-csat"
value = 4.0
why = "More shortlists must not mean worse hires"

[opportunity.cannot-tell-fit]
title = "Employers cannot tell which graduates fit the role"
outcome = "shortlists"

[solution.skills-summary]
title = "Skills summary on each profile"
opportunity = "cannot-tell-fit"

[experiment.summary-test]
title = "Show a skills summary to ten employers"
solution = "skills-summary"
hypothesis = "Employers shortlist faster"
impact = 6
confidence = 5
ease = 7
"""


def edit(text: str, *changes: tuple[str, str]) -> str:
    """Apply exact replacements, failing loudly if the text to replace is not there."""
    for old, new in changes:
        assert old in text, f"not in the workbook: {old!r}"
        text = text.replace(old, new, 1)
    return text


def check(text: str, **options: object) -> list[Finding]:
    loaded = parse(text.encode(), "wb.toml")
    return run_checks(loaded.workbook, loaded.locations, "wb.toml", text, **options)  # type: ignore[arg-type]


def codes(text: str, **options: object) -> list[str]:
    return [f.code for f in check(text, **options)]


def only(findings: Sequence[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def line_of(text: str, finding: Finding) -> str:
    """The line of `text` a finding points at (it must point at one)."""
    assert finding.line is not None, finding
    return text.split("\n")[finding.line - 1]

"""Every rule fires on a small failing workbook and stays silent on the clean one."""

from __future__ import annotations

import re
from datetime import date

import pytest

from outcome_workbook.checks import all_rules, run_checks
from outcome_workbook.store import parse

from .support import CLEAN, check, codes, edit, line_of, only

FILE_SYNTAX = re.compile(r"\[[a-z_]+[.\]]|\b[a-z]+_[a-z_]+\b|\s=\s|`")
METRIC_DEF = (
    'definition = "Share of graduates that employers put on a shortlist"\nkind = "behaviour"'
)
GUARDRAIL = """[guardrail.shortlists-employer-csat]
title = "Employer satisfaction guards shortlisting"
outcome = "shortlists"
metric = "employer-csat"
value = 4.0
why = "More shortlists must not mean worse hires"
"""
LEARNING = 'learning_goal = "Learn what makes a graduate worth shortlisting"\n'
SELF_CHECK = (
    'self_check = {behaviour = "yes", without_helping = "no", single_feature = "no", '
    'guarded = "yes"}'
)


def metric(definition: str, kind: str = "other") -> str:
    return edit(CLEAN, (METRIC_DEF, f'definition = "{definition}"\nkind = "{kind}"'))


def answers(**changed: str) -> str:
    values = {"behaviour": "yes", "without_helping": "no", "single_feature": "no"}
    values["guarded"] = "yes"
    values.update(changed)
    inline = ", ".join(f'{k} = "{v}"' for k, v in values.items() if v)
    return edit(CLEAN, (SELF_CHECK, f"self_check = {{{inline}}}"))


SIGNATURES = "".join(
    f"""
[[product_outcome.shortlists.signoffs]]
side = "{side}"
name = "{name}"
date = 2026-06-03
metric = "shortlisted"
metric_version = 1
definition = "Share of graduates that employers put on a shortlist"
stage = "learning"
guardrails = ["employer-csat must not fall below 4"]
"""
    for side, name in (("leadership", "Dana"), ("team", "Lee"))
)
SIGNED = edit(CLEAN, (SELF_CHECK, SELF_CHECK + "\n" + SIGNATURES))

LOOP = """
[opportunity.slow-screening]
title = "Screening takes employers too long"
parent = "unclear-profiles"

[opportunity.unclear-profiles]
title = "Profiles do not show what graduates can do"
parent = "slow-screening"
"""

FAILING: dict[str, str] = {
    "OW101": edit(CLEAN, ('title = "Employers shortlist more', 'title = "Deliver an Android app')),
    "OW102": metric("Job applications submitted per week", "behaviour"),
    "OW103": metric("Number of course reviews written"),
    "OW104": metric("% of users who viewed the performance report"),
    "OW105": metric("NPS"),
    "OW106": metric("Monthly recurring revenue"),
    "OW107": edit(CLEAN, (GUARDRAIL, "")),
    "OW110": edit(
        CLEAN, ('title = "Employers shortlist more', 'title = "Raise unit test coverage to 80%')
    ),
    "OW108": edit(
        CLEAN,
        (LEARNING, 'stage = "performance"\nbaseline = 0.2\ntarget = 0.3\ndeadline = 2027-03-31\n'),
    ),
    "OW109": edit(CLEAN, (LEARNING, LEARNING + "target = 0.3\n")),
    "OW201": answers(behaviour="no"),
    "OW202": answers(without_helping="yes"),
    "OW203": answers(single_feature="yes"),
    "OW204": answers(guarded="no"),
    "OW205": answers(guarded=""),
    "OW301": edit(CLEAN, ('drives = ["renewals"]', 'drives = ["renewal"]')),
    "OW302": CLEAN + LOOP,
    "OW303": edit(CLEAN, ('drives = ["renewals"]', "drives = []")),
    "OW304": edit(
        CLEAN,
        (
            "[product_outcome",
            '[business_outcome.share]\ntitle = "Win market share"\n'
            'north_star = "hires"\n\n[product_outcome',
        ),
    ),
    "OW305": edit(CLEAN, ('measure = "Employer renewal rate"\nnorth_star = "hires"', "")),
    "OW306": edit(
        CLEAN,
        (
            'north_star = "hires"\n\n[north_star.hires]\ntitle = "Hires made"\n'
            'definition = "Graduates hired through the board each month"\n',
            "\n",
        ),
        ('\nnorth_star = "hires"\n', "\n"),
    ),
    "OW307": edit(
        CLEAN,
        (
            'kind = "behaviour"\nstatus = "current"\n',
            'kind = "behaviour"\nstatus = "superseded"\n\n[[metric.shortlisted.versions]]\n'
            'definition = "Graduates shortlisted within a week"\nkind = "behaviour"\n'
            'status = "current"\n',
        ),
    ),
    "OW308": edit(
        CLEAN,
        (
            'kind = "behaviour"\nstatus = "current"\n',
            'kind = "behaviour"\nstatus = "current"\n\n[[metric.shortlisted.versions]]\n'
            'definition = "Graduates shortlisted within a week"\nkind = "behaviour"\n'
            'status = "current"\nrationale = "A week is when employers decide"\n',
        ),
    ),
    "OW309": edit(CLEAN, ("ease = 7\n", "")),
    "OW310": edit(CLEAN, ("impact = 6", "impact = 11")),
    "OW311": edit(
        CLEAN,
        (SELF_CHECK, SELF_CHECK + '\nstatus = "agreed"\nsignoff = {leadership = "Dana"}'),
    ),
    "OW315": edit(SIGNED, (METRIC_DEF, 'definition = "Graduates shortlisted"\nkind = "behaviour"')),
    "OW316": edit(SIGNED, (', guarded = "yes"}', "}")),
    "OW317": edit(CLEAN, ("value = 4.0\n", "")),
    "OW318": edit(
        CLEAN,
        (SELF_CHECK, SELF_CHECK + '\nsignoff = {leadership = "Dana", team = "Lee"}'),
    ),
    "OW401": edit(
        CLEAN,
        (
            'kind = "sentiment"\nstatus = "current"\n',
            'kind = "sentiment"\nstatus = "current"\nvalues = [\n'
            "    {date = 2026-05-04, value = 4.4},\n    {date = 2026-05-11, value = 3.8},\n]\n",
        ),
    ),
    "OW402": edit(
        CLEAN,
        (LEARNING, 'stage = "performance"\nbaseline = 0.2\ntarget = 0.3\ndeadline = 2027-03-31\n'),
        (
            'kind = "behaviour"\nstatus = "current"\n',
            'kind = "behaviour"\nstatus = "current"\ndate = 2026-05-01\n',
        ),
    ),
    "OW312": edit(
        CLEAN,
        (
            'title = "Employers cannot tell which graduates fit the role"',
            'title = "Build a skills filter for employers"',
        ),
    ),
    "OW313": edit(CLEAN, ("impact = 6", 'ignore = ["OW309"]\nimpact = 6')),
    "OW314": edit(CLEAN, ("impact = 6", 'ignore = ["OW999"]\nignore_reason = "x"\nimpact = 6')),
}


def test_the_clean_workbook_has_no_findings() -> None:
    assert check(CLEAN, show_suppressed=True) == []


def test_every_rule_has_a_failing_example() -> None:
    assert sorted(FAILING) == [r.code for r in all_rules()]


@pytest.mark.parametrize("code", sorted(FAILING))
def test_rule_fires_on_its_failing_example(code: str) -> None:
    findings = only(check(FAILING[code]), code)
    assert findings, f"{code} did not fire"
    for finding in findings:
        assert finding.message and finding.question.endswith((".", "?"))
        assert finding.line is not None and finding.file == "wb.toml"
        # The workbench shows these words as they are: no `[table.key]`, `key = value`,
        # snake_case field names or backticks outside the user's own quoted text.
        for text in (finding.message, finding.question):
            assert not FILE_SYNTAX.search(re.sub(r'"[^"]*"', '""', text)), text


def test_output_disguise_is_caught_on_business_outcomes_too() -> None:
    text = edit(CLEAN, ('title = "Grow employer renewals"', 'title = "Launch integrations"'))
    assert [f.entity for f in only(check(text), "OW101")] == ["renewals"]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("OW103", "content-count"),
        ("OW104", "adoption"),
        ("OW105", "sentiment"),
        ("OW106", "financial"),
    ],
)
def test_the_kind_the_team_chose_fires_without_any_telling_words(code: str, kind: str) -> None:
    text = metric("Graduates employers put on a shortlist", kind)
    assert code in codes(text)
    assert f"its kind is {kind}" in only(check(text), code)[0].message


@pytest.mark.parametrize(
    ("code", "definition"),
    [
        ("OW103", "Number of course reviews written"),
        ("OW104", "% of users who viewed the performance report"),
        ("OW105", "NPS"),
        ("OW106", "Monthly recurring revenue"),
    ],
)
def test_an_explicit_behaviour_kind_beats_the_text_guess(code: str, definition: str) -> None:
    assert code in codes(metric(definition, "other"))
    assert code not in codes(metric(definition, "behaviour"))


def test_sentiment_as_a_guardrail_is_good() -> None:
    # CLEAN guards with employer CSAT; only the outcome's own metric is judged.
    assert "OW105" not in codes(CLEAN)


def test_metric_findings_point_at_the_version_that_holds_the_text() -> None:
    text = metric("Monthly recurring revenue")
    finding = only(check(text), "OW106")[0]
    assert finding.entity == "shortlists" and finding.kind == "product_outcome"
    assert finding.path == "metric.shortlisted.versions.0"
    assert line_of(text, finding) == "[[metric.shortlisted.versions]]"


def test_the_current_version_is_judged_not_a_superseded_one() -> None:
    text = edit(
        CLEAN,
        (
            'kind = "behaviour"\nstatus = "current"\n',
            'kind = "financial"\nstatus = "superseded"\n\n[[metric.shortlisted.versions]]\n'
            'definition = "Graduates shortlisted within a week"\nkind = "behaviour"\n'
            'status = "current"\nrationale = "Revenue lagged; shortlists lead it"\n',
        ),
    )
    assert check(text) == []


def test_an_outcome_without_a_metric_is_judged_by_its_title() -> None:
    text = edit(
        CLEAN,
        ('title = "Employers shortlist more graduates"', 'title = "Raise NPS"'),
        ('metric = "shortlisted"\n', ""),
    )
    assert "OW105" in codes(text)


SHORTLISTED_VERSION = 'kind = "behaviour"\nstatus = "current"\n'


def test_a_performance_goal_with_its_learning_and_a_value_recorded_passes() -> None:
    text = edit(
        CLEAN,
        (
            LEARNING,
            LEARNING + 'stage = "performance"\nbaseline = 0.2\ntarget = 0.3\n'
            "deadline = 2027-03-31\n",
        ),
        (
            SHORTLISTED_VERSION,
            SHORTLISTED_VERSION + "values = [{date = 2026-05-04, value = 0.22}]\n",
        ),
    )
    assert check(text) == []


def test_only_a_value_after_the_baseline_counts_as_progress() -> None:
    dated = SHORTLISTED_VERSION + "date = 2026-05-01\n"
    before = dated + "values = [{date = 2026-04-27, value = 0.2}]\n"
    after = dated + "values = [{date = 2026-05-04, value = 0.22}]\n"
    assert "OW402" not in codes(edit(FAILING["OW402"], (dated, SHORTLISTED_VERSION)))  # undated
    performance = edit(FAILING["OW402"], (dated, before))
    (finding,) = only(check(performance), "OW402")
    assert "since its baseline (0.2 on 2026-05-01)" in finding.message
    assert "OW402" not in codes(edit(FAILING["OW402"], (dated, after)))


def test_a_baseline_set_in_the_last_two_weeks_has_no_value_due_yet() -> None:
    loaded = parse(FAILING["OW402"].encode(), "wb.toml")

    def fired(today: date) -> bool:
        found = run_checks(loaded.workbook, loaded.locations, "wb.toml", today=today)
        return any(f.code == "OW402" for f in found)

    assert not fired(date(2026, 5, 15))
    assert fired(date(2026, 5, 16))


def test_a_guardrail_holding_on_its_latest_value_is_silent() -> None:
    recovered = FAILING["OW401"].replace("value = 3.8}", "value = 4.1}")
    assert "OW401" not in codes(recovered)
    (finding,) = only(check(FAILING["OW401"]), "OW401")
    assert finding.message == (
        'the guardrail "Employer satisfaction guards shortlisting" is breached: '
        '"Employer satisfaction" measured 3.8 on 2026-05-11; it must not fall below 4'
    )
    worsened = FAILING["OW401"].replace("value = 4.0\n", 'rule = "max-worsen-pct"\nvalue = 10\n')
    assert "-14% since 4.4" in only(check(worsened), "OW401")[0].message
    assert "OW401" not in codes(worsened.replace("value = 3.8}", "value = 4.2}"))


def test_one_finding_per_loop_on_its_first_member() -> None:
    found = only(check(FAILING["OW302"]), "OW302")
    assert [f.entity for f in found] == ["slow-screening"]
    assert "slow-screening -> unclear-profiles -> slow-screening" in found[0].message


def test_dangling_reference_names_the_field_and_the_missing_id() -> None:
    (finding,) = only(check(FAILING["OW301"]), "OW301")
    assert finding.entity == "shortlists" and '"renewal"' in finding.message
    assert finding.path == "product_outcome.shortlists.drives"
    assert line_of(FAILING["OW301"], finding) == 'drives = ["renewal"]'


def test_a_key_line_is_found_only_inside_its_own_table() -> None:
    text = edit(
        CLEAN,
        (
            'outcome = "shortlists"\n\n[solution',
            'outcome = "shortlists"\nparent = "x"\n\n[solution',
        ),
    )
    (finding,) = only(check(text), "OW301")
    assert line_of(text, finding) == 'parent = "x"'
    (inline,) = only(check(FAILING["OW311"]), "OW311")
    assert line_of(FAILING["OW311"], inline) == 'status = "agreed"'


def test_a_reference_to_the_wrong_kind_is_dangling_too() -> None:
    text = edit(CLEAN, ('outcome = "shortlists"\nmetric', 'outcome = "renewals"\nmetric'))
    (finding,) = only(check(text), "OW301")
    assert "business outcome" in finding.message and finding.kind == "guardrail"


def test_the_first_metric_version_needs_no_rationale() -> None:
    assert "OW307" not in codes(CLEAN)
    (finding,) = only(check(FAILING["OW307"]), "OW307")
    assert finding.path == "metric.shortlisted.versions.1"


def test_an_agreement_signed_on_todays_terms_passes_and_a_changed_term_reopens_it() -> None:
    assert check(SIGNED) == []
    (finding,) = only(check(FAILING["OW311"]), "OW311")
    assert finding.message.endswith("no sign-off from team")
    (reopened,) = only(check(FAILING["OW315"]), "OW315")
    assert reopened.message.endswith("metric definition edited after both signed on 2026-06-03")
    hand_edit = edit(SIGNED, (LEARNING, LEARNING + "target = 0.3\n"))
    (reopened,) = only(check(hand_edit), "OW315")
    assert "target set to 0.3 after both signed on 2026-06-03" in reopened.message
    assert codes(FAILING["OW318"]) == ["OW318"], "an old sign-off still reads as an agreement"

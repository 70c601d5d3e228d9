"""Suppressions, severity overrides, selection and the order findings come out in."""

from __future__ import annotations

import pytest

from outcome_workbook.checks import Finding, all_rules, findings_for, parse_codes, run_checks
from outcome_workbook.model import operations
from outcome_workbook.store import parse

from .support import CLEAN, check, codes, edit, only
from .test_rules import FAILING, metric

NO_GUARDRAIL = FAILING["OW107"]


def with_ignore(text: str, table: str, ignore: str, reason: str = "") -> str:
    line = f"ignore = {ignore}\n" + (f'ignore_reason = "{reason}"\n' if reason else "")
    return edit(text, (f"[{table}]\n", f"[{table}]\n{line}"))


def test_entity_ignore_hides_the_finding() -> None:
    text = with_ignore(NO_GUARDRAIL, "product_outcome.shortlists", '["OW107"]', "Pilot only")
    assert "OW107" not in codes(text)


def test_suppressed_findings_are_shown_and_marked_on_request() -> None:
    text = with_ignore(NO_GUARDRAIL, "product_outcome.shortlists", '["OW107"]', "Pilot only")
    (finding,) = only(check(text, show_suppressed=True), "OW107")
    assert finding.is_suppressed and "Pilot only" in finding.suppressed
    assert not finding.reaches("hint")


def test_ignore_accepts_rule_names_and_family_prefixes() -> None:
    by_name = with_ignore(NO_GUARDRAIL, "product_outcome.shortlists", '["no-counter-metric"]', "x")
    by_family = with_ignore(NO_GUARDRAIL, "product_outcome.shortlists", '["OW1"]', "x")
    assert "OW107" not in codes(by_name)
    assert "OW107" not in codes(by_family)


def test_ignore_on_one_entity_leaves_the_others() -> None:
    text = with_ignore(NO_GUARDRAIL, "metric.shortlisted", '["OW107"]', "x")
    assert "OW107" in codes(text)


def test_a_metric_trap_can_be_ignored_on_the_metric() -> None:
    text = with_ignore(metric("NPS"), "metric.shortlisted", '["OW105"]', "Agreed with leadership")
    assert "OW105" not in codes(text)
    assert "OW105" in codes(metric("NPS"))


def test_ignore_without_a_reason_still_suppresses_but_is_flagged() -> None:
    text = with_ignore(NO_GUARDRAIL, "product_outcome.shortlists", '["OW107"]')
    assert codes(text) == ["OW313"]
    (shown,) = only(check(text, show_suppressed=True), "OW107")
    assert "no reason given" in shown.suppressed


def workbook_checks(text: str, settings: str) -> str:
    return edit(text, ('north_star = "hires"\n\n', f'north_star = "hires"\n{settings}\n\n'))


def test_workbook_can_disable_a_rule() -> None:
    text = workbook_checks(NO_GUARDRAIL, 'checks = {disable = ["OW107"]}')
    assert codes(text) == []
    (finding,) = check(text, show_suppressed=True)
    assert finding.code == "OW107" and "workbook" in finding.suppressed


def test_workbook_can_change_a_severity_by_code_or_name() -> None:
    assert [f.severity for f in check(NO_GUARDRAIL)] == ["warning"]
    by_code = workbook_checks(NO_GUARDRAIL, 'checks = {severity = {OW107 = "error"}}')
    by_name = workbook_checks(NO_GUARDRAIL, 'checks = {severity = {no-counter-metric = "hint"}}')
    assert [f.severity for f in check(by_code)] == ["error"]
    assert [f.severity for f in check(by_name)] == ["hint"]


def test_unknown_settings_are_reported_not_ignored() -> None:
    text = workbook_checks(CLEAN, 'checks = {disable = ["OW999"], severity = {OW107 = "fatal"}}')
    (finding,) = check(text)
    assert finding.code == "OW314" and "OW999" in finding.message and "fatal" in finding.message


def test_select_and_ignore_choose_the_rules_that_run() -> None:
    text = FAILING["OW101"]
    assert set(codes(text)) == {"OW101"}
    assert codes(text, select=("OW3",)) == []
    assert codes(text, ignore=("output-as-outcome",)) == []
    assert codes(text, select=("OW1",), ignore=("OW101",)) == []
    assert parse_codes(["OW101, OW2", "OW101", ""]) == ("OW101", "OW2")


def test_findings_come_out_by_code_then_entity_order() -> None:
    text = CLEAN + (
        '\n[product_outcome.a-first]\ntitle = "Graduates reply to employers"\n'
        '\n[business_outcome.zz]\ntitle = "Cut support cost"\nnorth_star = "hires"\n'
    )
    found = check(text)
    workbook = parse(text.encode(), "wb.toml").workbook
    rank = {entity.id: i for i, (_, entity) in enumerate(workbook.entities())}
    keys = [(f.code, f.entity) for f in found]
    assert keys == sorted(keys, key=lambda k: (k[0], rank[k[1]]))
    assert ("OW107", "a-first") in keys and ("OW304", "zz") in keys
    assert found == check(text)


def test_order_does_not_depend_on_the_order_of_tables_in_the_file() -> None:
    blocks = CLEAN.split("\n\n")
    shuffled = "\n\n".join([blocks[0], *reversed(blocks[1:])]) + "\n"
    text_a, text_b = FAILING["OW302"], shuffled + FAILING["OW302"][len(CLEAN) :]

    def strip(findings: list[Finding]) -> list[tuple[str, str, str]]:
        return [(f.code, f.entity, f.message) for f in findings]

    assert strip(check(text_a)) == strip(check(text_b))


def test_every_rule_has_a_unique_code_and_kebab_name() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len({r.name for r in rules}) == len(rules)
    for r in rules:
        assert r.code[:3] in ("OW1", "OW2", "OW3", "OW4") and len(r.code) == 5
        assert r.name == r.name.lower() and " " not in r.name and "_" not in r.name
        assert r.severity in ("error", "warning", "hint")


def test_findings_for_gives_one_entitys_findings() -> None:
    loaded = parse(FAILING["OW301"].encode(), "wb.toml")
    workbook = loaded.workbook
    assert [f.code for f in findings_for(workbook, "shortlists")] == ["OW301"]
    assert findings_for(workbook, "renewals") == [
        f for f in run_checks(workbook) if f.entity == "renewals"
    ]
    changed = operations.set_field(workbook, "shortlists", "drives", ("renewals",))
    assert findings_for(changed, "shortlists") == []


def test_rules_work_on_a_workbook_built_in_memory() -> None:
    wb = operations.new_workbook("Fresh")
    wb, _ = operations.create(wb, "product_outcome", "Ship the new onboarding flow", "onboarding")
    found = run_checks(wb)
    assert {"OW101", "OW306", "OW303", "OW107"} <= {f.code for f in found}
    assert all(f.line is None and f.file == "" for f in found)


@pytest.mark.parametrize("token", ["OW107", "ow107", "OW10", "no-counter-metric"])
def test_tokens_that_select_no_counter_metric(token: str) -> None:
    assert codes(NO_GUARDRAIL, select=(token,)) == ["OW107"]


@pytest.mark.parametrize(
    ("settings", "errors"),
    [
        ("", False),
        ('checks = {severity = {OW107 = "error"}}', True),
        ('checks = {severity = {OW1 = "error", OW107 = "hint"}}', False),
        ('checks = {disable = ["OW1"], severity = {OW107 = "error"}}', False),
    ],
)
def test_the_graph_runs_only_the_rules_that_can_make_an_error(settings: str, errors: bool) -> None:
    """What the graph marks (error findings from the rules that can make one) is what the
    full run finds at error level, with the workbook's own severities and disabled rules."""
    from outcome_workbook.commands.output import error_findings

    text = workbook_checks(FAILING["OW107"], settings) if settings else FAILING["OW107"]
    loaded = parse(text.encode(), "wb.toml")
    every = [f for f in run_checks(loaded.workbook, None, "wb.toml") if f.reaches("error")]
    assert error_findings(loaded, "wb.toml") == every
    assert bool(every) == errors

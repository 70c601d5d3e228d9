"""The edits the golden tests apply to tests/data/golden/base.toml, one per operation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from outcome_workbook.model import operations as op
from outcome_workbook.model.workbook import Workbook

DAY = date(2026, 4, 1)


def _attach_guardrail(wb: Workbook) -> Workbook:
    wb, metric_id = op.add_metric(
        wb, "Graduate reply rate", "Share of applications answered in 14 days", "behaviour"
    )
    wb, _ = op.attach_guardrail(
        wb, "employers-hire", metric_id, "max-worsen-pct", 10, why="Silence drives graduates away."
    )
    return wb


def _propose_version(wb: Workbook) -> Workbook:
    return op.add_metric_version(
        wb,
        "confirmed-hires",
        "Hires confirmed within 30 days",
        "behaviour",
        "Faster feedback.",
        when=DAY,
        make_current=False,
    )


def _both_sign(wb: Workbook) -> Workbook:
    wb = op.sign_off(wb, "employers-hire", "team", "Tomasz", DAY)
    return op.sign_off(wb, "employers-hire", "leadership", "Priya", DAY)


def _record_first(wb: Workbook) -> Workbook:
    return op.record_value(wb, "confirmed-hires", date(2026, 3, 30), 2.4, note="After launch")


OPS: dict[str, Callable[[Workbook], Workbook]] = {
    "set_title": lambda wb: op.set_field(wb, "employers-hire", "title", "Employers hire graduates"),
    "set_multiline": lambda wb: op.set_field(
        wb, "employers-hire", "description", "An employer hires a graduate who applied here."
    ),
    "set_new_key": lambda wb: op.set_field(wb, "employers-hire", "scope", "UK and Ireland"),
    "clear_key": lambda wb: op.set_field(wb, "employers-hire", "learning_goal", ""),
    "set_meta": lambda wb: op.set_meta(wb, "team", "Hiring squad"),
    "set_meta_ice": lambda wb: op.set_meta(wb, "ice", "mean"),
    "self_check": lambda wb: op.set_self_check(wb, "employers-hire", "guarded", "yes"),
    "first_self_check": lambda wb: op.set_self_check(wb, "graduates-hear-back", "behaviour", "yes"),
    "set_goal": lambda wb: op.set_goal(
        wb, "employers-hire", stage="performance", baseline=2.1, target=4, deadline=DAY, unit="%"
    ),
    "add_version": lambda wb: op.add_metric_version(
        wb, "confirmed-hires", "Hires confirmed within 30 days", "behaviour", "Faster.", when=DAY
    ),
    "propose_version": _propose_version,
    "make_current": lambda wb: op.make_version_current(_propose_version(wb), "confirmed-hires", 2),
    "attach_guardrail": _attach_guardrail,
    "detach_guardrail": lambda wb: op.detach_guardrail(wb, "hires-csat"),
    "link": lambda wb: op.link(wb, "employers-hire", "graduates-hired"),
    "unlink": lambda wb: op.unlink(wb, "employers-hire", "employer-renewals"),
    "move": lambda wb: op.move(wb, "vague-postings", "employers-hire"),
    "negotiate": lambda wb: op.add_negotiation_entry(
        wb, "employers-hire", "team", "insight", "Employers renew when they hire.", DAY, "Tomasz"
    ),
    "sign_off": lambda wb: op.sign_off(wb, "employers-hire", "team", "Tomasz", DAY),
    "sign_off_both": _both_sign,
    "withdraw_sign_off": lambda wb: op.withdraw_sign_off(_both_sign(wb), "employers-hire", "team"),
    "record_first_value": _record_first,
    # A value dated between two recorded ones still adds exactly one line.
    "record_values": lambda wb: op.record_value(
        op.record_value(_record_first(wb), "confirmed-hires", date(2026, 4, 13), 2.9),
        "confirmed-hires",
        date(2026, 4, 6),
        2.5,
        source="warehouse",
    ),
    "add_note": lambda wb: op.add_note(
        wb, "checklist-fake-door", "Ran on 10% of postings.", "evidence", when=DAY
    ),
    "score": lambda wb: op.score_experiment(wb, "checklist-fake-door", 8, 6, 9),
    "score_as_two": lambda wb: op.score_as(
        op.score_as(wb, "checklist-fake-door", "Priya", 8, 6, 9, DAY),
        "checklist-fake-door",
        "Tomasz",
        5,
        6,
        7,
    ),
    "vote": lambda wb: op.vote(wb, "checklist-fake-door", "Priya"),
    "create": lambda wb: op.create(
        wb, "opportunity", "Employers forget to report hires", outcome="employers-hire"
    )[0],
    "delete_cascade": lambda wb: op.delete(wb, "unsure-they-qualify"),
    "delete_referenced": lambda wb: op.delete(wb, "employer-renewals"),
    "rename": lambda wb: op.rename(wb, "unsure-they-qualify", "qualification-unclear"),
    "rename_moves": lambda wb: op.rename(wb, "vague-postings", "long-requirement-lists"),
}

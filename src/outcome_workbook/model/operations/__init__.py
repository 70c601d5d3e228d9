"""Every change to a workbook goes through these functions, one module per topic.

Each takes a Workbook and returns a new one; nothing is mutated, so callers
keep the previous value for undo. Misuse raises WorkbookError with a message
a person can act on. The CLI and the TUI call exactly these.
"""

from __future__ import annotations

from .basics import create, new_workbook, set_field, set_goal, set_meta, set_self_check
from .connections import (
    attach_guardrail,
    detach_guardrail,
    link,
    move,
    parent_kinds,
    parent_of,
    relink,
    unlink,
)
from .delete_rename import delete, delete_plan, rename, retitle
from .guided_session import (
    add_session_business_outcome,
    choose_scope,
    go_to_step,
    park,
    propose_outcome,
    record_decision,
    reframe_outcome,
    set_session_focus,
    set_timebox,
    skip_step,
    start_session,
)
from .metrics import (
    DuplicateValueError,
    add_metric,
    add_metric_version,
    make_version_current,
    record_value,
)
from .negotiating import (
    add_negotiation_entry,
    add_note,
    edit_negotiation_entry,
    edit_note,
    remove_negotiation_entry,
    remove_note,
    sign_off,
    upgrade_signoffs,
    withdraw_sign_off,
)
from .scoring import score_as, score_experiment, vote, withdraw_score
from .workflows import define_metric, guard_outcome, guard_with_new_metric

__all__ = [
    "DuplicateValueError",
    "add_metric",
    "add_metric_version",
    "add_negotiation_entry",
    "add_note",
    "add_session_business_outcome",
    "attach_guardrail",
    "choose_scope",
    "create",
    "define_metric",
    "delete",
    "delete_plan",
    "detach_guardrail",
    "edit_negotiation_entry",
    "edit_note",
    "go_to_step",
    "guard_outcome",
    "guard_with_new_metric",
    "link",
    "make_version_current",
    "move",
    "new_workbook",
    "parent_kinds",
    "parent_of",
    "park",
    "propose_outcome",
    "record_decision",
    "record_value",
    "reframe_outcome",
    "relink",
    "remove_negotiation_entry",
    "remove_note",
    "rename",
    "retitle",
    "score_as",
    "score_experiment",
    "set_field",
    "set_goal",
    "set_meta",
    "set_self_check",
    "set_session_focus",
    "set_timebox",
    "sign_off",
    "skip_step",
    "start_session",
    "unlink",
    "upgrade_signoffs",
    "vote",
    "withdraw_score",
    "withdraw_sign_off",
]

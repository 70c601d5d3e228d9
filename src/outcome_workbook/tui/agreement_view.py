"""The agreement of one outcome as people see it: one view and one guard for every screen.

The negotiation screen, the detail form and the session's negotiate step all
show the same lines, and every app asks before an edit reopens an agreement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App

from ..model.agreement import Agreement, Reopened, agreement_of, ask_path
from ..model.entities import SIDES, ProductOutcome
from ..model.workbook import Workbook
from ..safety import inert

STATE_STYLES = {
    "agreed": "bold green",
    "reopened": "bold red",
    "negotiating": "bold yellow",
    "proposed": "bold",
    "draft": "dim",
}


def state_text(agreement: Agreement) -> Text:
    """'AGREED on 2026-06-03 by ...' or 'REOPENED: ...', coloured by state."""
    # The style goes on the word alone: a Text's own style would colour all that follows.
    text = Text()
    if agreement.state == "reopened":
        text.append("REOPENED", style=STATE_STYLES["reopened"])
        text.append(f": changed after {agreement.stale_signers()}; both sides sign again")
        return text
    sentence = agreement.summary()
    head, _, rest = sentence.partition(" ")
    text.append(head.upper(), style=STATE_STYLES[agreement.state])
    if rest:
        text.append(" " + inert(rest, keep_newlines=False))
    return text


def terms_line(agreement: Agreement) -> Text:
    """Today's terms on one line: what a signature now would cover."""
    t = agreement.terms
    parts: list[str] = []
    if t.metric:
        parts.append(f"{t.metric} v{t.metric_version}" if t.metric_version else t.metric)
    numbers = " → ".join(
        f"{label} {value:g}"
        for label, value in (("from", t.baseline), ("to", t.target))
        if value is not None
    )
    if numbers:
        parts.append(numbers + (f" {t.unit}" if t.unit else ""))
    if t.deadline is not None:
        parts.append(f"by {t.deadline.isoformat()}")
    if t.stage:
        parts.append(f"{t.stage} goal")
    count = len(t.guardrails)
    parts.append(f"{count} guardrail{'s' if count != 1 else ''}")
    text = Text()
    text.append("Terms: ", style="bold")
    text.append(inert(" · ".join(parts), keep_newlines=False))
    return text


def side_signature(agreement: Agreement, side: str) -> Text:
    """One side's standing signature, and whether it still matches today's terms."""
    signature = agreement.signed.get(side)
    text = Text()
    text.append("sign-off: ", style="dim")
    if signature is None:
        text.append("not yet", style="italic")
        return text
    stale = bool(agreement.changes.get(side))
    text.append(
        f"{'✘' if stale else '✔'} {inert(signature.name, keep_newlines=False)}",
        style="bold red" if stale else "bold green",
    )
    if signature.date:
        text.append(f" on {signature.date.isoformat()}", style="dim")
    if stale:
        text.append(" (on other terms)", style="red")
    return text


def agreement_text(wb: Workbook, outcome: ProductOutcome) -> Text:
    """State, terms, the path of asks, and what changed since signing, for one outcome."""
    agreement = agreement_of(wb, outcome)
    text = state_text(agreement)
    if agreement.state == "reopened":
        for change in agreement.changed_terms():
            text.append("\n  • ", style="red")
            text.append(inert(change.text, keep_newlines=False), style="bold red")
    text.append("\n")
    text.append_text(terms_line(agreement))
    path = ask_path(outcome, agreement)
    if path:
        text.append("\nAsked: ", style="bold")
        text.append(inert(" → ".join(path), keep_newlines=False))
    return text


def reopen_message(reopened: list[Reopened]) -> Text:
    body = Text()
    for number, item in enumerate(reopened):
        if number:
            body.append("\n\n")
        body.append("This reopens the agreement on ")
        body.append(inert(item.outcome.title, keep_newlines=False), style="bold")
        body.append(f" signed by {inert(item.was.signers(), keep_newlines=False)}:\n")
        for change in item.now.changed_terms():
            body.append(f"  • {inert(change.text, keep_newlines=False)}\n")
    body.append("\nBoth sides will have to sign again. The earlier sign-offs stay in the record.")
    return body


def confirm_reopen(
    app: App[Any],
    reopened: list[Reopened],
    go_ahead: Callable[[], object],
    after: Callable[[], object] | None = None,
) -> None:
    """Ask before an edit reopens an agreement; `go_ahead` makes the edit, `after` runs
    whatever the answer (to show the stored values again)."""
    from .screens.form_dialogs import ConfirmDialog

    def answered(yes: bool | None) -> None:
        if yes:
            go_ahead()
        else:
            app.notify("Not changed: the agreement stands.", timeout=3)
        if after is not None:
            after()

    app.push_screen(
        ConfirmDialog(
            "Reopen the agreement?",
            reopen_message(reopened),
            yes="Change it and reopen",
            no="Keep the agreement",
        ),
        answered,
    )


__all__ = ["SIDES", "agreement_text", "confirm_reopen", "side_signature", "state_text"]

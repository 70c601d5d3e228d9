"""A guardrail typed in place: the counter-metric's name (an existing metric's or a new
one's), its definition and kind, the rule and threshold, and why. Enter on 'why' attaches
it, as one edit (`guard_outcome`). What the session's guardrail step types into."""

from __future__ import annotations

from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Select

from ....model import operations as op
from ....model.entities import GUARDRAIL_RULES, METRIC_KINDS, Guardrail
from ....model.errors import WorkbookError
from ....model.fields import parse_text, spec_map
from ...host import Host, Made
from ...widgets.choice import Choice
from ...widgets.entity_labels import line

FIELDS = ("guard-title", "guard-definition", "guard-value", "guard-why")


class GuardrailEntry(Vertical):
    DEFAULT_CSS = """
    GuardrailEntry { height: auto; }
    """

    class Attached(Message):
        """A guardrail was attached from the fields (its id)."""

        def __init__(self, guardrail_id: str) -> None:
            self.guardrail_id = guardrail_id
            super().__init__()

    def __init__(self, outcome_id: str) -> None:
        super().__init__()
        self.outcome_id = outcome_id

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Counter-metric name, e.g. 'Support CSAT'", id="guard-title")
        yield Input(placeholder="Definition", id="guard-definition")
        with Horizontal(classes="row"):
            yield Choice(
                [(line(k), k) for k in METRIC_KINDS],
                value="sentiment",
                allow_blank=False,
                id="guard-kind",
            )
            yield Choice(
                [(line(r), r) for r in GUARDRAIL_RULES],
                value="not-below",
                allow_blank=False,
                id="guard-rule",
            )
            yield Input(placeholder="Threshold (number)", id="guard-value")
        yield Input(placeholder="Why this guardrail? (Enter to attach)", id="guard-why")

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    def _typed(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _choice(self, widget_id: str, default: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else default

    @on(Input.Submitted, "#guard-title, #guard-definition, #guard-value")
    def _advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#guard-why")
    def _submit_why(self) -> None:
        self.attach()

    def attach(self) -> None:
        title = self._typed("guard-title")
        if not title:
            self.notify("Name the counter-metric first", severity="warning")
            self.query_one("#guard-title").focus()
            return
        try:
            value = parse_text(
                spec_map(Guardrail)["value"], self._typed("guard-value"), "threshold"
            )
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        # Attaching a guardrail changes signed terms: the reopen question may come
        # first, so what was typed is cleared only once the guardrail is attached.
        self.host.attempt(
            "Guardrail attached",
            op.guard_outcome,
            self.outcome_id,
            title=title,
            definition=self._typed("guard-definition"),
            kind=self._choice("guard-kind", "sentiment"),
            rule=self._choice("guard-rule", "not-below"),
            value=value,
            why=self._typed("guard-why"),
            when=self.host.today(),
            done="Guardrail attached",
            then=self._attached,
        )

    def _attached(self, made: Made) -> None:
        for widget_id in FIELDS:
            self.query_one(f"#{widget_id}", Input).value = ""
        self.query_one("#guard-title").focus()
        if isinstance(made.extra, str):
            self.post_message(self.Attached(made.extra))

"""One panel per session step. Each asks one thing and writes the answer through the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label, ListItem, ListView, Select, Static

from ...model import operations as op
from ...model.agreement import agreement_of
from ...model.entities import (
    ENTRY_KINDS,
    GUARDRAIL_RULES,
    METRIC_KINDS,
    SELF_CHECK_QUESTIONS,
    Guardrail,
    ProductOutcome,
)
from ...model.errors import WorkbookError
from ...model.fields import parse_text, spec_map
from ...model.workbook import Workbook
from ..agreement import agreement_text, side_signature
from ..findings import SEVERITY_MARKS
from ..host import Host
from ..widgets.choice import Choice
from ..widgets.labels import line
from .coaching import coaching_for
from .room import DRIVE, may

if TYPE_CHECKING:
    from ...checks import Finding

NEW = "__new__"


def _options(pairs: list[tuple[str, str]]) -> list[tuple[Text, str]]:
    return [(line(label), value) for label, value in pairs]


class StepPanel(VerticalScroll):
    """Base for a step: knows the host, the outcome in focus, and how to show coaching."""

    STEP: ClassVar[str] = ""
    QUESTION: ClassVar[str] = ""
    HINT: ClassVar[str] = ""
    PER_OUTCOME: ClassVar[bool] = False

    def __init__(self, outcome_id: str = "") -> None:
        super().__init__(classes=f"step-panel step-{self.STEP}")
        self.outcome_id = outcome_id
        # Text typed here earlier and not submitted, put back once the panel is filled.
        self._restore: dict[str, str] = {}
        # What each field held when the panel last filled it from the workbook: a field
        # holding something else holds text typed and not submitted yet (a draft).
        self._shown: dict[str, str] = {}

    async def _on_message(self, message: Message) -> None:
        if isinstance(message, events.Mount) and self._pruning:
            return  # swapped out before it was shown (two changes in a row): nothing to fill
        # A field the panel's own handlers set (filling it from the workbook, clearing
        # it after a submit) holds no draft; typing happens in the field, not here.
        before = self._values()
        await super()._on_message(message)
        self._note_set(before)
        if isinstance(message, Input.Submitted) and message.input.id:
            self._shown[message.input.id] = message.input.value
        if isinstance(message, events.Mount) and self._restore:
            for widget_id, text in self._restore.items():
                for field in self.query(f"#{widget_id}").results(Input):
                    field.value = text
            self._restore = {}

    def put_back(self, drafts: dict[str, str]) -> None:
        """Text to put in these fields once the panel is filled (see `drafts`)."""
        self._restore = dict(drafts)

    def refill(self) -> None:
        """`refresh_state` from outside the panel (the host's change, another client's save)."""
        before = self._values()
        self.refresh_state()
        self._note_set(before)

    def _values(self) -> dict[str, str]:
        return {field.id: field.value for field in self.query(Input) if field.id}

    def _note_set(self, before: dict[str, str]) -> None:
        for widget_id, value in self._values().items():
            if before.get(widget_id) != value:
                self._shown[widget_id] = value

    def drafts(self) -> dict[str, str]:
        """Text typed into this step's fields and not submitted: field id -> text."""
        if not self.is_mounted:
            return dict(self._restore)  # never shown: what it was to put back
        return {
            field.id: field.value
            for field in self.query(Input)
            if field.id and field.value.strip() and field.value != self._shown.get(field.id, "")
        }

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    @property
    def wb(self) -> Workbook:
        return self.host.workbook

    @property
    def outcome(self) -> ProductOutcome | None:
        return self.wb.product_outcomes.get(self.outcome_id)

    def apply(self, change: Callable[[Workbook], Workbook], done: str = "") -> bool:
        return self.host.apply(change, done)

    def refresh_state(self) -> None:
        """Re-read the workbook into the panel's lists and labels (inputs keep their text)."""

    def coach(self, *entity_ids: str) -> None:
        """Show the coaching findings for these entities in the screen's coaching strip."""
        findings: list[Finding] = []
        for entity_id in entity_ids:
            if entity_id and self.wb.find(entity_id) is not None:
                findings.extend(coaching_for(self.wb, entity_id, self.host.today()))
        strip = self.screen.query_one("#coach", Static)
        if not findings:
            strip.update(Text("No coaching flags here.", style="green"))
            strip.set_class(False, "flagged")
            return
        text = Text()
        for finding in findings[:3]:
            mark, style = SEVERITY_MARKS[finding.severity]
            text.append(f"{mark} ", style=style)
            text.append_text(line(finding.message, "bold"))
            text.append("\n   ")
            text.append_text(line(finding.question, "italic"))
            text.append("\n")
        strip.update(text)
        strip.set_class(True, "flagged")

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def clear(self, *widget_ids: str) -> None:
        for widget_id in widget_ids:
            self.query_one(f"#{widget_id}", Input).value = ""

    def selected(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else ""


# --- 1. Context -------------------------------------------------------------------------


class ContextStep(StepPanel):
    STEP = "context"
    QUESTION = "What business result does leadership bring, and why now?"
    HINT = "Name the North Star Metric, then the lagging business outcome and its context."

    def compose(self) -> ComposeResult:
        yield Label("North Star Metric", classes="field-label")
        yield Static(id="nsm-current")
        yield Input(placeholder="e.g. Weekly active teams (Enter to save)", id="nsm-title")
        yield Label("Business outcome", classes="field-label")
        yield Choice([], prompt="Pick a business outcome, or add a new one", id="bo-select")
        yield Input(placeholder="e.g. Grow net revenue retention to 110%", id="bo-title")
        yield Input(placeholder="Lagging metric it is measured by", id="bo-measure")
        yield Input(placeholder="Why now?", id="bo-why")
        yield Input(placeholder="Constraints (budget, dates, regulation...)", id="bo-constraints")

    def on_mount(self) -> None:
        self.refresh_state()
        self._fill_business()
        self.query_one("#nsm-title" if not self.wb.meta.north_star else "#bo-title").focus()

    def _focus_id(self) -> str:
        state = self.wb.session
        return state.business_outcome if state else ""

    def refresh_state(self) -> None:
        north_star = self.wb.north_stars.get(self.wb.meta.north_star)
        self.query_one("#nsm-current", Static).update(
            line(north_star.title, "bold") if north_star else Text("not named yet", "italic")
        )
        select = self.query_one("#bo-select", Select)
        options = [(bo.title, bo.id) for bo in self.wb.business_outcomes.values()]
        with self.prevent(Select.Changed):
            select.set_options(_options([*options, ("+ a new business outcome", NEW)]))
            if self._focus_id():
                select.value = self._focus_id()

    def _fill_business(self) -> None:
        business = self.wb.business_outcomes.get(self._focus_id())
        for widget_id, name in (
            ("bo-title", "title"),
            ("bo-measure", "measure"),
            ("bo-why", "why_now"),
            ("bo-constraints", "constraints"),
        ):
            self.query_one(f"#{widget_id}", Input).value = (
                getattr(business, name) if business else ""
            )

    @on(Input.Submitted, "#nsm-title")
    def name_north_star(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        if not title:
            return
        current = self.wb.meta.north_star
        if current:
            self.apply(lambda wb: op.set_field(wb, current, "title", title), "North Star renamed")
        elif self.apply(lambda wb: op.create(wb, "north_star", title)[0], "North Star set"):
            self.clear("nsm-title")
        self.refresh_state()
        self.query_one("#bo-title").focus()

    @on(Select.Changed, "#bo-select")
    def pick_business(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else ""
        focus = "" if value == NEW else value
        self.apply(lambda wb: op.set_session_focus(wb, business_outcome=focus))
        self._fill_business()

    @on(Input.Submitted, "#bo-title, #bo-measure, #bo-why, #bo-constraints")
    def save_business(self, event: Input.Submitted) -> None:
        focus = self._focus_id()
        names = {
            "bo-title": "title",
            "bo-measure": "measure",
            "bo-why": "why_now",
            "bo-constraints": "constraints",
        }
        name = names[event.input.id or ""]
        if not focus:
            title = self.value("bo-title").strip()
            if not title:
                self.notify("Name the business outcome first", severity="warning")
                self.query_one("#bo-title").focus()
                return
            values = {k: self.value(w) for w, k in names.items() if k != "title"}
            fields = {k: v for k, v in values.items() if v}
            self.apply(
                lambda wb: op.add_session_business_outcome(wb, title, **fields)[0],
                "Business outcome added",
            )
        else:
            value = event.value
            self.apply(lambda wb: op.set_field(wb, focus, name, value), "Saved")
        self.refresh_state()
        self.screen.focus_next()


# --- 2. Translate -------------------------------------------------------------------------


class TranslateStep(StepPanel):
    STEP = "translate"
    QUESTION = "What would customers do differently if we succeed?"
    HINT = (
        "Also ask: what is the value of having it? How will we know it worked? "
        "Select a proposal to reframe it; Escape to add a new one."
    )

    def __init__(self, outcome_id: str = "") -> None:
        super().__init__(outcome_id)
        self.editing = ""

    def compose(self) -> ComposeResult:
        yield Static(id="translate-context")
        yield Label("Proposed product outcomes", classes="field-label")
        yield ListView(id="proposals")
        yield Label("New proposal", id="proposal-label", classes="field-label")
        yield Input(
            placeholder="A change in customer behaviour, e.g. 'More new teams invite a "
            "colleague in their first week'",
            id="proposal",
        )

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#proposal").focus()

    def refresh_state(self) -> None:
        state = self.wb.session
        business = self.wb.business_outcomes.get(state.business_outcome if state else "")
        context = self.query_one("#translate-context", Static)
        if business:
            context.update(Text.assemble("Driving: ", line(business.title, "bold")))
        else:
            context.update(Text("No business outcome chosen yet (go back to Context).", "italic"))
        proposals = self.query_one("#proposals", ListView)
        proposals.clear()
        for outcome_id in state.outcomes if state else ():
            outcome = self.wb.product_outcomes.get(outcome_id)
            if outcome is None:
                continue
            found = coaching_for(self.wb, outcome_id, self.host.today())
            flagged = any(f.reaches("warning") for f in found)
            label = Text("⚠ " if flagged else "✓ ", style="yellow" if flagged else "green")
            label.append_text(line(outcome.title))
            proposals.append(ListItem(Label(label), name=outcome_id))

    @on(ListView.Selected, "#proposals")
    def reframe(self, event: ListView.Selected) -> None:
        outcome = self.wb.product_outcomes.get(event.item.name or "")
        if outcome is None:
            return
        self.editing = outcome.id
        self.query_one("#proposal-label", Label).update(
            Text.assemble("Reframing: ", line(outcome.title, "bold"), " (Escape: new instead)")
        )
        field = self.query_one("#proposal", Input)
        field.value = outcome.title
        field.focus()
        self.coach(outcome.id)

    def key_escape(self) -> None:
        self.editing = ""
        self.query_one("#proposal-label", Label).update("New proposal")
        self.clear("proposal")
        self.query_one("#proposal").focus()

    @on(Input.Submitted, "#proposal")
    def propose(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        if not title:
            return
        if self.editing:
            target = self.editing
            renamed: list[str] = []

            def reframe(wb: Workbook) -> Workbook:
                wb, new_id = op.retitle(wb, target, title)
                renamed.append(new_id)
                return wb

            if self.apply(reframe, "Reframed"):
                self.coach(renamed[0])
            self.key_escape()
            self.refresh_state()
            return
        created: list[str] = []

        def add(wb: Workbook) -> Workbook:
            wb, new_id = op.propose_outcome(wb, title)
            created.append(new_id)
            return wb

        if self.apply(add, "Proposal added"):
            self.clear("proposal")
            self.refresh_state()
            self.coach(created[0])


# --- 3. Scope -----------------------------------------------------------------------------


class ScopeStep(StepPanel):
    STEP = "scope"
    PER_OUTCOME = True
    QUESTION = "How wide should this outcome reach?"
    HINT = "Write the wider and narrower versions side by side, choose one, and say why."

    def compose(self) -> ComposeResult:
        yield Static(id="scope-current")
        with Horizontal(id="scope-options"):
            for key, label in (("wide", "Wider"), ("mid", "As proposed"), ("narrow", "Narrower")):
                with Vertical(classes="scope-column"):
                    yield Label(label, classes="field-label")
                    yield Input(placeholder=f"{label} scope", id=f"scope-{key}")
                    yield Button(f"Choose {label.lower()}", id=f"choose-{key}")
        yield Input(placeholder="Why this scope? (required)", id="scope-why")

    def on_mount(self) -> None:
        outcome = self.outcome
        if outcome is not None:
            self.query_one("#scope-mid", Input).value = outcome.scope or outcome.title
            self.query_one("#scope-why", Input).value = outcome.scope_why
        self.refresh_state()
        self.query_one("#scope-wide").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        current = self.query_one("#scope-current", Static)
        if outcome is None or not outcome.scope:
            current.update(Text("No scope chosen yet.", "italic"))
        else:
            current.update(
                Text.assemble(
                    "Chosen scope: ",
                    line(outcome.scope, "bold"),
                    "  why: ",
                    line(outcome.scope_why or "-"),
                )
            )

    @on(Button.Pressed, "#choose-wide, #choose-mid, #choose-narrow")
    def choose(self, event: Button.Pressed) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        key = (event.button.id or "").removeprefix("choose-")
        chosen = self.value(f"scope-{key}").strip()
        why = self.value("scope-why").strip()
        if not chosen:
            self.notify("Write that scope option first", severity="warning")
            return
        if not why:
            self.notify("Say why this scope was chosen", severity="warning")
            self.query_one("#scope-why").focus()
            return
        considered = [
            (name, self.value(f"scope-{k}").strip())
            for k, name in (("wide", "wider"), ("mid", "as proposed"), ("narrow", "narrower"))
        ]
        when = self.host.today()
        self.apply(
            lambda wb: op.choose_scope(wb, outcome.id, chosen, why, considered, when),
            "Scope recorded",
        )
        self.refresh_state()


# --- 4. Self-check --------------------------------------------------------------------------

_ANSWER_MARKS = {"open": ("?", "yellow"), "pass": ("✓", "green"), "fail": ("✗", "red")}


class SelfCheckStep(StepPanel):
    STEP = "self-check"
    PER_OUTCOME = True
    QUESTION = "Does this outcome pass the four questions?"
    HINT = "Highlight a question and answer with y (yes), n (no) or u (unsure)."
    # Not in the footer, which has no room for them at 80 columns: the hint says them.
    BINDINGS: ClassVar = [
        Binding("y", "answer('yes')", "Yes", show=False),
        Binding("n", "answer('no')", "No", show=False),
        Binding("u", "answer('unsure')", "Unsure", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield ListView(id="questions")

    def on_mount(self) -> None:
        self.refresh_state()
        questions = self.query_one("#questions", ListView)
        outcome = self.outcome
        if outcome is not None:
            unanswered = outcome.self_check.unanswered()
            names = list(SELF_CHECK_QUESTIONS)
            questions.index = names.index(unanswered[0]) if unanswered else 0
        questions.focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        questions = self.query_one("#questions", ListView)
        index = questions.index
        questions.clear()
        for name, question in SELF_CHECK_QUESTIONS.items():
            answer = getattr(outcome.self_check, name) if outcome else ""
            state = outcome.self_check.answer_state(name) if outcome else "open"
            mark, style = _ANSWER_MARKS[state]
            text = Text(f"{mark} ", style=f"bold {style}")
            text.append(question)
            text.append(f"   {answer or 'not answered'}", style="bold")
            questions.append(ListItem(Label(text), name=name))
        questions.index = index

    def action_answer(self, answer: str) -> None:
        outcome = self.outcome
        questions = self.query_one("#questions", ListView)
        if outcome is None or questions.index is None:
            return
        name = list(SELF_CHECK_QUESTIONS)[questions.index]
        if self.apply(lambda wb: op.set_self_check(wb, outcome.id, name, answer)):
            self.refresh_state()
            questions.index = min(questions.index + 1, len(SELF_CHECK_QUESTIONS) - 1)
            self.coach(outcome.id)


# --- 5. Metric -----------------------------------------------------------------------------


class MetricStep(StepPanel):
    STEP = "metric"
    PER_OUTCOME = True
    QUESTION = "How will we know customers behave differently?"
    HINT = (
        "Define the metric. Changed your mind? Add a new version with the reason: "
        "the history stays."
    )

    def compose(self) -> ComposeResult:
        yield Label("Versions so far", classes="field-label")
        yield Static(id="metric-history")
        yield Label("Metric", id="metric-label", classes="field-label")
        yield Input(
            placeholder="Metric name, e.g. 'Qualified applicants per job'", id="metric-title"
        )
        yield Input(
            placeholder="Definition: who, doing what, counted how, over what window",
            id="metric-definition",
        )
        yield Choice(
            _options([(k, k) for k in METRIC_KINDS]),
            value="behaviour",
            allow_blank=False,
            id="metric-kind",
        )
        yield Input(
            placeholder="Why this version? (required for every change)", id="metric-rationale"
        )

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#metric-definition" if self._metric_id() else "#metric-title").focus()

    def _metric_id(self) -> str:
        outcome = self.outcome
        return outcome.metric if outcome and outcome.metric in self.wb.metrics else ""

    def refresh_state(self) -> None:
        metric = self.wb.metrics.get(self._metric_id())
        history = self.query_one("#metric-history", Static)
        title = self.query_one("#metric-title", Input)
        if metric is None:
            history.update(Text("No metric yet.", "italic"))
            return
        title.value = metric.title
        title.disabled = True
        text = Text()
        for number, version in enumerate(metric.versions, start=1):
            style = "bold" if version.status == "current" else "dim"
            text.append(f"v{number} {version.status:<10} ", style=style)
            if version.date:
                text.append(f"{version.date} ", style="dim")
            text.append_text(line(version.definition, style))
            text.append(f" ({version.kind})\n", style="dim")
            if version.rationale:
                text.append("     why: ", style="dim")
                text.append_text(line(version.rationale, "italic"))
                text.append("\n")
        history.update(text)
        self.query_one("#metric-label", Label).update("New version")

    @on(Input.Submitted, "#metric-title")
    def next_field(self) -> None:
        self.query_one("#metric-definition").focus()

    @on(Input.Submitted, "#metric-definition, #metric-rationale")
    def save_metric(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        definition = self.value("metric-definition").strip()
        rationale = self.value("metric-rationale").strip()
        kind = self.selected("metric-kind") or "other"
        when = self.host.today()
        if not definition:
            self.query_one("#metric-definition").focus()
            return
        metric_id = self._metric_id()
        if metric_id:
            if not rationale:
                self.notify(
                    "Say why the metric changes: the rationale is the team's learning",
                    severity="warning",
                )
                self.query_one("#metric-rationale").focus()
                return
            done = self.apply(
                lambda wb: op.add_metric_version(
                    wb, metric_id, definition, kind, rationale, when=when
                ),
                "New version added",
            )
        else:
            title = self.value("metric-title").strip() or outcome.title

            done = self.apply(
                lambda wb: op.define_metric(
                    wb, outcome.id, title, definition, kind, rationale, when=when
                )[0],
                "Metric defined",
            )
        if done:
            self.clear("metric-definition", "metric-rationale")
            self.refresh_state()
            self.coach(outcome.id, self._metric_id())


# --- 6. Counter-metric -----------------------------------------------------------------------


class GuardrailStep(StepPanel):
    STEP = "guardrail"
    PER_OUTCOME = True
    QUESTION = "What must not get worse while this metric improves?"
    HINT = "Sentiment metrics (CSAT, NPS) make good guardrails. Enter on 'why' attaches it."

    def compose(self) -> ComposeResult:
        yield Static(id="guardrail-list")
        yield Input(placeholder="Counter-metric name, e.g. 'Support CSAT'", id="guard-title")
        yield Input(placeholder="Definition", id="guard-definition")
        with Horizontal(classes="row"):
            yield Choice(
                _options([(k, k) for k in METRIC_KINDS]),
                value="sentiment",
                allow_blank=False,
                id="guard-kind",
            )
            yield Choice(
                _options([(r, r) for r in GUARDRAIL_RULES]),
                value="not-below",
                allow_blank=False,
                id="guard-rule",
            )
            yield Input(placeholder="Threshold (number)", id="guard-value")
        yield Input(placeholder="Why this guardrail? (Enter to attach)", id="guard-why")

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#guard-title").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        listing = self.query_one("#guardrail-list", Static)
        guardrails = self.wb.guardrails_of(outcome.id) if outcome else []
        if not guardrails:
            listing.update(Text("No guardrail yet: nothing stops 'growth at all costs'.", "yellow"))
            return
        text = Text()
        for guardrail in guardrails:
            metric = self.wb.metrics.get(guardrail.metric)
            text.append("• ", style="bold")
            text.append_text(line(metric.title if metric else guardrail.metric, "bold"))
            text.append(f" {guardrail.describe_rule()}")
            if guardrail.why:
                text.append(" — ")
                text.append_text(line(guardrail.why, "italic"))
            text.append("\n")
        listing.update(text)

    @on(Input.Submitted, "#guard-title, #guard-definition, #guard-value")
    def advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#guard-why")
    def attach(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        title = self.value("guard-title").strip()
        definition = self.value("guard-definition").strip() or title
        if not title:
            self.notify("Name the counter-metric first", severity="warning")
            self.query_one("#guard-title").focus()
            return
        try:
            value = parse_text(spec_map(Guardrail)["value"], self.value("guard-value"), "threshold")
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        kind = self.selected("guard-kind") or "sentiment"
        rule = self.selected("guard-rule") or "not-below"
        why = self.value("guard-why").strip()
        when = self.host.today()
        existing = next((m.id for m in self.wb.metrics.values() if m.title == title), "")

        def attach(wb: Workbook) -> Workbook:
            if existing:
                return op.attach_guardrail(wb, outcome.id, existing, rule, value, why)[0]
            return op.guard_with_new_metric(
                wb, outcome.id, title, definition, kind, rule, value, why, when
            )[0]

        if self.apply(attach, "Guardrail attached"):
            self.clear("guard-title", "guard-definition", "guard-value", "guard-why")
            self.refresh_state()
            self.coach(outcome.id)
            self.query_one("#guard-title").focus()


# --- 7. Goal ----------------------------------------------------------------------------------


class GoalStep(StepPanel):
    STEP = "goal"
    PER_OUTCOME = True
    QUESTION = "Do we know what moves this metric yet?"
    HINT = (
        "If not, set a learning goal. Only once you know what moves it, set a performance "
        "goal with baseline, target and deadline."
    )

    def compose(self) -> ComposeResult:
        yield Static(id="goal-current")
        yield Label("Learning goal", classes="field-label")
        yield Input(
            placeholder="e.g. Learn which onboarding steps predict a second session",
            id="learning-goal",
        )
        yield Label("Performance goal", classes="field-label")
        with Horizontal(classes="row"):
            yield Input(placeholder="Baseline", id="goal-baseline")
            yield Input(placeholder="Target", id="goal-target")
            yield Input(placeholder="Unit (%, per week...)", id="goal-unit")
            yield Input(placeholder="Deadline YYYY-MM-DD", id="goal-deadline")
        yield Button("Set performance goal", id="set-performance")

    def on_mount(self) -> None:
        outcome = self.outcome
        if outcome is not None:
            self.query_one("#learning-goal", Input).value = outcome.learning_goal
            for name in ("baseline", "target", "unit", "deadline"):
                value = getattr(outcome, name)
                self.query_one(f"#goal-{name}", Input).value = (
                    ""
                    if value is None
                    else (f"{value:g}" if isinstance(value, float) else str(value))
                )
        self.refresh_state()
        self.query_one("#learning-goal").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        current = self.query_one("#goal-current", Static)
        if outcome is None:
            current.update("")
            return
        if outcome.stage == "performance":
            current.update(
                Text.assemble(
                    ("Performance goal: ", "bold"),
                    f"{outcome.baseline:g} → {outcome.target:g}"
                    if outcome.baseline is not None and outcome.target is not None
                    else "",
                    line(f" {outcome.unit}"),
                    f" by {outcome.deadline}",
                )
            )
        elif outcome.learning_goal:
            current.update(Text.assemble(("Learning goal: ", "bold"), line(outcome.learning_goal)))
        else:
            current.update(Text("No goal yet.", "italic"))

    @on(Input.Submitted, "#learning-goal")
    def set_learning(self, event: Input.Submitted) -> None:
        outcome = self.outcome
        goal = event.value.strip()
        if outcome is None or not goal:
            return
        if self.apply(
            lambda wb: op.set_goal(
                wb, outcome.id, stage="learning", learning_goal=goal, unit=outcome.unit
            ),
            "Learning goal set",
        ):
            self.refresh_state()
            self.coach(outcome.id)

    @on(Input.Submitted, "#goal-baseline, #goal-target, #goal-unit")
    def advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#goal-deadline")
    @on(Button.Pressed, "#set-performance")
    def set_performance(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        specs = spec_map(ProductOutcome)
        try:
            baseline = parse_text(specs["baseline"], self.value("goal-baseline"), "baseline")
            target = parse_text(specs["target"], self.value("goal-target"), "target")
            deadline = parse_text(specs["deadline"], self.value("goal-deadline"), "deadline")
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        unit = self.value("goal-unit").strip()
        if self.apply(
            lambda wb: op.set_goal(
                wb,
                outcome.id,
                stage="performance",
                baseline=baseline,
                target=target,
                deadline=deadline,
                unit=unit,
            ),
            "Performance goal set",
        ):
            self.refresh_state()
            self.coach(outcome.id)


# --- 8. Negotiate ------------------------------------------------------------------------


class NegotiateStep(StepPanel):
    STEP = "negotiate"
    PER_OUTCOME = True
    QUESTION = "Can leadership and the team agree on this outcome, metric and target?"
    HINT = (
        "Leadership brings context and constraints; the team brings customer insight, "
        "technical reality, baselines and past attempts. Both sides sign."
    )

    def compose(self) -> ComposeResult:
        yield Static(id="agreement")
        with Horizontal(id="negotiation-columns"):
            for side, title in (("leadership", "Leadership"), ("team", "Team")):
                with Vertical(classes="side-column", id=f"column-{side}"):
                    yield Label(title, classes="side-title")
                    yield Static(id=f"entries-{side}", classes="entries")
                    # Kind and text on one row: both sign-off fields stay on screen.
                    with Horizontal(classes="row"):
                        yield Choice(
                            _options([(k, k) for k in ENTRY_KINDS]),
                            value="context" if side == "leadership" else "insight",
                            allow_blank=False,
                            id=f"kind-{side}",
                            classes="entry-kind",
                        )
                        yield Input(
                            placeholder="Their point (Enter adds)",
                            id=f"entry-{side}",
                        )
                    yield Input(placeholder="Sign off as (name, Enter)", id=f"sign-{side}")

    def on_mount(self) -> None:
        # Sign-offs are the facilitator's to record: a participant's screen has no
        # field to sign under someone else's name.
        for side in ("leadership", "team"):
            self.query_one(f"#sign-{side}").display = may(self.app, DRIVE)
        self.refresh_state()
        self.query_one("#entry-leadership").focus()

    def refresh_state(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        for side in ("leadership", "team"):
            text = Text()
            for entry in outcome.negotiation:
                if entry.side == side:
                    text.append(f"{entry.kind}: ", style="bold")
                    text.append_text(line(entry.text))
                    text.append("\n")
            self.query_one(f"#entries-{side}", Static).update(text or Text("—", "dim"))
        wb = self.host.workbook
        agreement = agreement_of(wb, outcome)
        view = agreement_text(wb, outcome)
        view.append("\n")
        for side in ("leadership", "team"):
            view.append(f"{side.capitalize()} ", style="bold")
            view.append_text(side_signature(agreement, side))
            view.append("   ")
        self.query_one("#agreement", Static).update(view)

    @on(Input.Submitted, "#entry-leadership, #entry-team")
    def add_entry(self, event: Input.Submitted) -> None:
        outcome = self.outcome
        text = event.value.strip()
        side = (event.input.id or "").removeprefix("entry-")
        if outcome is None or not text:
            return
        kind = self.selected(f"kind-{side}") or "proposal"
        when = self.host.today()
        if self.apply(
            lambda wb: op.add_negotiation_entry(wb, outcome.id, side, kind, text, when=when)
        ):
            event.input.value = ""
            self.refresh_state()

    @on(Input.Submitted, "#sign-leadership, #sign-team")
    def sign(self, event: Input.Submitted) -> None:
        outcome = self.outcome
        name = event.value.strip()
        side = (event.input.id or "").removeprefix("sign-")
        if outcome is None or not name or not may(self.app, DRIVE):
            return
        when = self.host.today()
        if self.apply(
            lambda wb: op.sign_off(wb, outcome.id, side, name, when=when), f"Signed by {side}"
        ):
            event.input.value = ""
            self.refresh_state()
            self.coach(outcome.id)


# --- 9. Explore ---------------------------------------------------------------------------


class ExploreStep(StepPanel):
    STEP = "explore"
    PER_OUTCOME = True
    QUESTION = "Which customer needs could move this outcome, and how will we test our ideas?"
    HINT = (
        "Add opportunities (needs, pains), solutions under them, and experiments with "
        "Impact, Confidence and Ease from 1 to 10. The ranking updates as you score."
    )

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Input(
                placeholder="Opportunity: a need or pain, in the customer's words", id="opportunity"
            )
            yield Choice([], prompt="under opportunity", id="opportunity-select")
        with Horizontal(classes="row"):
            yield Input(placeholder="Solution idea", id="solution")
            yield Choice([], prompt="under solution", id="solution-select")
        with Horizontal(classes="row"):
            yield Input(placeholder="Experiment (assumption test)", id="experiment")
            yield Input(placeholder="I", id="ice-impact", classes="ice")
            yield Input(placeholder="C", id="ice-confidence", classes="ice")
            yield Input(placeholder="E", id="ice-ease", classes="ice")
        yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#ranking", DataTable)
        mode = self.wb.meta.ice
        # Scores before titles: a long title may run off the right edge, the scores never do.
        table.add_columns("#", f"ICE ({mode})", "I", "C", "E", "Experiment", "Solution")
        self.refresh_state()
        self.query_one("#opportunity").focus()

    def _branch_opportunities(self) -> list[str]:
        if not self.outcome_id:
            return []
        return sorted(
            o.id
            for o in self.wb.opportunities.values()
            if self.wb.outcome_of_opportunity(o.id) == self.outcome_id
        )

    def refresh_state(self) -> None:
        opportunities = self._branch_opportunities()
        opp_select = self.query_one("#opportunity-select", Select)
        chosen_opp = self.selected("opportunity-select")
        with self.prevent(Select.Changed):
            opp_select.set_options(
                _options([(self.wb.opportunities[o].title, o) for o in opportunities])
            )
            if chosen_opp in opportunities:
                opp_select.value = chosen_opp
            elif opportunities:
                opp_select.value = opportunities[-1]
        solutions = sorted(
            s.id for s in self.wb.solutions.values() if s.opportunity in opportunities
        )
        sol_select = self.query_one("#solution-select", Select)
        chosen_sol = self.selected("solution-select")
        with self.prevent(Select.Changed):
            sol_select.set_options(_options([(self.wb.solutions[s].title, s) for s in solutions]))
            if chosen_sol in solutions:
                sol_select.value = chosen_sol
            elif solutions:
                sol_select.value = solutions[-1]
        mode = self.wb.meta.ice
        experiments = [e for e in self.wb.experiments.values() if e.solution in solutions]
        experiments.sort(key=lambda e: (-(e.ice_score(mode) or 0), e.id))
        table = self.query_one("#ranking", DataTable)
        table.clear()
        for rank, experiment in enumerate(experiments, start=1):
            parts = experiment.ice_parts()
            score = experiment.ice_score(mode)
            solution = self.wb.solutions[experiment.solution]
            table.add_row(
                str(rank),
                "-" if score is None else f"{score:g}",
                *(str(p) for p in (parts or ("-", "-", "-"))),
                line(experiment.title),
                line(solution.title),
                key=experiment.id,
            )

    @on(Input.Submitted, "#opportunity")
    def add_opportunity(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        outcome_id = self.outcome_id
        if not title or not outcome_id:
            return
        created: list[str] = []

        def add(wb: Workbook) -> Workbook:
            wb, new_id = op.create(wb, "opportunity", title, outcome=outcome_id)
            created.append(new_id)
            return wb

        if self.apply(add, "Opportunity added"):
            event.input.value = ""
            self.refresh_state()
            self.query_one("#opportunity-select", Select).value = created[0]
            self.coach(created[0])
            self.query_one("#solution").focus()

    @on(Input.Submitted, "#solution")
    def add_solution(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        opportunity = self.selected("opportunity-select")
        if not title:
            return
        if not opportunity:
            self.notify("Add or pick an opportunity first", severity="warning")
            return
        created: list[str] = []

        def add(wb: Workbook) -> Workbook:
            wb, new_id = op.create(wb, "solution", title, opportunity=opportunity)
            created.append(new_id)
            return wb

        if self.apply(add, "Solution added"):
            event.input.value = ""
            self.refresh_state()
            self.query_one("#solution-select", Select).value = created[0]
            self.query_one("#experiment").focus()

    @on(Input.Submitted, "#experiment, #ice-impact, #ice-confidence")
    def advance(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#ice-ease")
    def add_experiment(self) -> None:
        title = self.value("experiment").strip()
        solution = self.selected("solution-select")
        if not title or not solution:
            self.notify("Name the experiment and pick a solution first", severity="warning")
            return
        try:
            scores = [self._score(name) for name in ("impact", "confidence", "ease")]
        except WorkbookError as error:
            self.notify(error.message, severity="error", markup=False)
            return

        def add(wb: Workbook) -> Workbook:
            wb, _ = op.create(
                wb,
                "experiment",
                title,
                solution=solution,
                impact=scores[0],
                confidence=scores[1],
                ease=scores[2],
            )
            return wb

        if self.apply(add, "Experiment added"):
            self.clear("experiment", "ice-impact", "ice-confidence", "ice-ease")
            self.refresh_state()
            self.query_one("#experiment").focus()

    def _score(self, name: str) -> int | None:
        text = self.value(f"ice-{name}").strip()
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= 10:
            raise WorkbookError(f"{name} is a whole number from 1 to 10, got {text!r}")
        return int(text)


# --- 10. Review --------------------------------------------------------------------------


class ReviewStep(StepPanel):
    STEP = "review"
    QUESTION = "What did we agree, and what is still open?"
    HINT = "Press w to write the session summary next to the workbook."

    def compose(self) -> ComposeResult:
        yield Label("What was agreed", classes="field-label")
        yield Static(id="review-graph")
        yield Label("Open coaching findings", classes="field-label")
        yield Static(id="review-findings")
        yield Label("Decisions and parking lot", classes="field-label")
        yield Static(id="review-log")
        yield Button("Write summary (w)", id="write-summary", variant="primary")

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one("#write-summary").focus()

    def on_resize(self, event: events.Resize) -> None:
        self._draw_graph()
        # The redrawn tree has another height: the focused button may have moved off.
        focused = self.screen.focused
        if focused is not None:
            self.call_after_refresh(focused.scroll_visible, animate=False)

    def _draw_graph(self) -> None:
        """The agreed tree drawn to the panel's width (a wider drawing would wrap)."""
        from ...graph.build import build_graph
        from ...graph.text import draw
        from ...styling import styled_drawing

        # Less the vertical scrollbar, which a tree taller than the panel brings.
        width = max(40, self.size.width - 2) if self.size.width else 96
        drawing = draw(build_graph(self.wb), width=width)
        self.query_one("#review-graph", Static).update(styled_drawing(drawing))

    def refresh_state(self) -> None:
        from ...checks import run_checks

        self._draw_graph()
        findings = [
            f
            for f in run_checks(self.wb, today=self.host.today())
            if f.severity in ("error", "warning")
        ]
        text = Text()
        for finding in findings[:12]:
            text.append(f"{finding.severity}: ", style="bold")
            text.append_text(line(f"{finding.entity}: {finding.message}"))
            text.append("\n")
        if len(findings) > 12:
            text.append(f"... and {len(findings) - 12} more (outcomes check)\n", style="dim")
        self.query_one("#review-findings", Static).update(
            text or Text("None: this workbook passes the coaching checks.", "green")
        )
        log = Text()
        state = self.wb.session
        for decision in state.decisions if state else ():
            log.append("decided: ", style="bold")
            log.append_text(line(decision.text))
            log.append("\n")
        for item in state.parking_lot if state else ():
            log.append("parked: ", style="bold")
            log.append_text(line(item.text))
            log.append("\n")
        self.query_one("#review-log", Static).update(log or Text("—", "dim"))


STEP_PANELS: dict[str, type[StepPanel]] = {
    panel.STEP: panel
    for panel in (
        ContextStep,
        TranslateStep,
        ScopeStep,
        SelfCheckStep,
        MetricStep,
        GuardrailStep,
        GoalStep,
        NegotiateStep,
        ExploreStep,
        ReviewStep,
    )
}

"""The context step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from ....model import operations as op
from ...widgets.choice import Choice
from ...widgets.entity_labels import line
from .step_panel import NEW, StepPanel, labelled_options


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
            select.set_options(labelled_options([*options, ("+ a new business outcome", NEW)]))
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

"""The session screen: a big step banner, one question, the step's panel, coaching, a timebox."""

from __future__ import annotations

from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Select, Static

from ...model import operations as op
from ...model.session import SESSION_STEPS, STEP_TITLES
from ...model.workbook import Workbook
from ..widgets.choice import Choice
from .dialogs import TextPrompt
from .host import SessionHost, line
from .steps import STEP_PANELS, StepPanel


class SessionScreen(Screen[None]):
    """One step at a time, for a room to read from the back."""

    CSS_PATH = "session.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_step", "Next", id="session.next", priority=True),
        Binding("ctrl+b", "previous_step", "Back", id="session.back", priority=True),
        Binding("ctrl+k", "skip_step", "Skip", id="session.skip", priority=True),
        Binding("ctrl+l", "park", "Park it", id="session.park", priority=True),
        Binding("ctrl+d", "decide", "Decision", id="session.decide", priority=True),
        Binding("ctrl+t", "timebox", "Timebox", id="session.timebox", priority=True),
        Binding("ctrl+o", "next_outcome", "Next outcome", id="session.next_outcome", priority=True),
        Binding("ctrl+x", "leave", "Leave", id="session.leave", priority=True),
        Binding("w", "write_summary", "Write summary", id="session.summary", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.outcome_id = ""
        self.remaining = 0
        self.timer: Timer | None = None
        self.panel: StepPanel | None = None
        # Unsubmitted text of steps left, by (step, outcome): field id -> text.
        self._drafts: dict[tuple[str, str], dict[str, str]] = {}

    @property
    def host(self) -> SessionHost:
        return cast(SessionHost, self.app)

    @property
    def wb(self) -> Workbook:
        return self.host.workbook

    def compose(self) -> ComposeResult:
        with Horizontal(id="banner"):
            yield Static(id="step-title")
            yield Static(id="counts")
            yield Static(id="timebox")
        yield Static(id="progress")
        yield Static(id="question")
        yield Static(id="hint")
        with Horizontal(id="outcome-bar"):
            yield Static("Outcome:", id="outcome-label")
            yield Choice([], prompt="no product outcome yet", id="outcome-select")
        yield Vertical(id="panel-area")
        yield Static(id="coach")
        yield Footer()

    def on_mount(self) -> None:
        state = self.wb.session
        if state is not None and state.outcomes:
            self.outcome_id = state.outcomes[0]
        self.show_step()

    # --- step display ----------------------------------------------------------------

    @property
    def step(self) -> str:
        state = self.wb.session
        return state.step if state else "context"

    def show_step(self) -> None:
        step = self.step
        panel_class = STEP_PANELS[step]
        index = SESSION_STEPS.index(step)
        self.query_one("#step-title", Static).update(
            Text(
                f" STEP {index + 1} OF {len(SESSION_STEPS)} · {STEP_TITLES[step].upper()} ",
                style="bold reverse",
            )
        )
        self.query_one("#question", Static).update(Text(panel_class.QUESTION, style="bold"))
        self.query_one("#hint", Static).update(Text(panel_class.HINT, style="italic"))
        self._show_progress()
        self._show_outcomes(panel_class.PER_OUTCOME)
        self._keep_drafts()
        area = self.query_one("#panel-area", Vertical)
        area.remove_children()
        self.panel = panel_class(self.outcome_id)
        self.panel.put_back(self._drafts.pop((step, self.outcome_id), {}))
        area.mount(self.panel)
        coach = self.query_one("#coach", Static)
        coach.update("")
        coach.set_class(False, "flagged")
        self._restart_timebox()

    def _keep_drafts(self) -> None:
        """Keep the text typed in the panel being left and not submitted, and say so."""
        panel = self.panel
        if panel is None:
            return
        key = (panel.STEP, panel.outcome_id)
        drafts = panel.drafts()
        if not drafts:
            self._drafts.pop(key, None)
            return
        self._drafts[key] = drafts
        if not panel.is_mounted:
            return  # passed through too fast to be seen: already said when it was left
        self.notify(
            f"What you typed in {STEP_TITLES[panel.STEP]} and did not submit (Enter) is "
            "kept here, not saved: it is back in its field when you return to the step.",
            title="Not submitted yet",
            severity="warning",
            markup=False,
            timeout=8,
        )

    def _show_progress(self) -> None:
        state = self.wb.session
        text = Text()
        for step in SESSION_STEPS:
            if state is not None and step == state.step:
                text.append(f"▶{STEP_TITLES[step]}", style="bold reverse")
            elif state is not None and state.skip_reason(step) is not None:
                text.append(f"↷{STEP_TITLES[step]}", style="dim strike")
            elif state is not None and step in state.done:
                text.append(f"✓{STEP_TITLES[step]}", style="green")
            else:
                text.append(f"·{STEP_TITLES[step]}", style="dim")
            text.append(" ")
        self.query_one("#progress", Static).update(text)
        counts = Text()
        if state is not None:
            counts.append(f" parked {len(state.parking_lot)} · decided {len(state.decisions)} ")
        self.query_one("#counts", Static).update(counts)

    def _show_outcomes(self, per_outcome: bool) -> None:
        bar = self.query_one("#outcome-bar")
        bar.display = per_outcome
        state = self.wb.session
        outcomes = [o for o in (state.outcomes if state else ()) if o in self.wb.product_outcomes]
        if self.outcome_id not in outcomes:
            self.outcome_id = outcomes[0] if outcomes else ""
        select = self.query_one("#outcome-select", Select)
        with self.prevent(Select.Changed):
            select.set_options([(line(self.wb.product_outcomes[o].title), o) for o in outcomes])
            if self.outcome_id:
                select.value = self.outcome_id

    @on(Select.Changed, "#outcome-select")
    def change_outcome(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.outcome_id:
            self.outcome_id = event.value
            self.show_step()

    def workbook_changed(self) -> None:
        """Called by the host after every applied change."""
        self._show_progress()
        # A panel just swapped in (next pressed again before the swap finished) is
        # not mounted yet: its widgets are not all there (the explore ranking has no
        # columns). It reads the workbook as it is when it mounts, so skip it here.
        if self.panel is not None and self.panel.is_mounted:
            self.panel.refill()

    # --- navigation --------------------------------------------------------------------

    def _go(self, step: str, completed: bool = True) -> None:
        if self.host.apply(lambda wb: op.go_to_step(wb, step, completed)):
            self.show_step()

    def action_next_step(self) -> None:
        index = SESSION_STEPS.index(self.step)
        if index + 1 < len(SESSION_STEPS):
            self._go(SESSION_STEPS[index + 1])
        else:
            self.notify("This is the last step: press w to write the summary")

    def action_previous_step(self) -> None:
        index = SESSION_STEPS.index(self.step)
        if index > 0:
            self._go(SESSION_STEPS[index - 1], completed=False)

    def action_next_outcome(self) -> None:
        state = self.wb.session
        outcomes = list(state.outcomes) if state else []
        if len(outcomes) < 2:
            return
        position = outcomes.index(self.outcome_id) if self.outcome_id in outcomes else -1
        self.outcome_id = outcomes[(position + 1) % len(outcomes)]
        self.show_step()

    def action_skip_step(self) -> None:
        step = self.step
        index = SESSION_STEPS.index(step)
        if index + 1 >= len(SESSION_STEPS):
            return
        following = SESSION_STEPS[index + 1]

        def skip(reason: str | None) -> None:
            if reason and self.host.apply(
                lambda wb: op.skip_step(wb, step, reason, following), f"Skipped {STEP_TITLES[step]}"
            ):
                self.show_step()

        self.app.push_screen(TextPrompt(f"Why skip {STEP_TITLES[step]}?"), skip)

    def action_park(self) -> None:
        when = self.host.today()

        def park(text: str | None) -> None:
            if text and self.host.apply(lambda wb: op.park(wb, text, when), "Parked"):
                self._show_progress()

        self.app.push_screen(TextPrompt("Park this point for later:"), park)

    def action_decide(self) -> None:
        when = self.host.today()

        def decide(text: str | None) -> None:
            if text and self.host.apply(
                lambda wb: op.record_decision(wb, text, when), "Decision logged"
            ):
                self.workbook_changed()

        self.app.push_screen(TextPrompt("Decision:"), decide)

    def action_timebox(self) -> None:
        state = self.wb.session
        current = str(state.timebox_minutes) if state else "10"

        def set_minutes(text: str | None) -> None:
            if text is None:
                return
            if not text.isdigit():
                self.notify("Minutes as a whole number, e.g. 15", severity="warning")
                return
            if self.host.apply(lambda wb: op.set_timebox(wb, int(text)), "Timebox set"):
                self._restart_timebox()

        self.app.push_screen(TextPrompt("Minutes per step:", current), set_minutes)

    def action_leave(self) -> None:
        """Back to the workbench, or out of the standalone session app."""
        leave = getattr(self.app, "leave_session", None)
        if leave is not None:
            leave()
        else:
            self.app.exit()

    def action_write_summary(self) -> None:
        write = getattr(self.app, "write_summary", None)
        if write is not None:
            write()

    # --- timebox ---------------------------------------------------------------------------

    def _restart_timebox(self) -> None:
        state = self.wb.session
        self.remaining = (state.timebox_minutes if state else 10) * 60
        if self.timer is not None:
            self.timer.stop()
        if getattr(self.app, "timebox_running", True):
            self.timer = self.set_interval(1, self._tick)
        self._show_time()

    def _tick(self) -> None:
        if self.remaining > 0:
            self.remaining -= 1
            if self.remaining == 0:
                self.app.bell()
                self.notify(
                    "Time is up for this step. Wrap up, park the rest, or take more time (ctrl+t).",
                    title="Timebox",
                    timeout=10,
                )
        self._show_time()

    def _show_time(self) -> None:
        minutes, seconds = divmod(self.remaining, 60)
        box = self.query_one("#timebox", Static)
        box.update(Text(f" time {minutes:02d}:{seconds:02d} ", style="bold"))
        box.set_class(self.remaining == 0, "expired")

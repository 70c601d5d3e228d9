"""The session screen: a big step banner, one question, the step's panel, coaching, a timebox."""

from __future__ import annotations

import re
from typing import ClassVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Select, Static

from ...model import live_room as rooms
from ...model import operations as op
from ...model.session_state import DEFAULT_TIMEBOX_MINUTES, SESSION_STEPS, STEP_TITLES
from ...model.workbook import Workbook
from ...safety import one_line
from ..host import Change, Host
from ..parts.findings import CoachingStrip
from ..widgets.answer import LongAnswer
from ..widgets.big_text import big, big_width
from ..widgets.choice import Choice
from ..widgets.entity_labels import line
from .prompts import TextPrompt
from .room_link import CONTRIBUTE, DRIVE, RoomLink, facilitator_name, may
from .steps import STEP_PANELS, StepPanel

# Who may run each of the screen's actions (others are open to everyone).
_ACTION_NEEDS = {
    "next_step": DRIVE,
    "previous_step": DRIVE,
    "skip_step": DRIVE,
    "timebox": DRIVE,
    "write_summary": DRIVE,
    "park": CONTRIBUTE,
    "decide": CONTRIBUTE,
}

# Below this height the screen drops its spacing and uses one-line fields, so that a
# whole step (question, fields, table, footer) fits at 80x24; a projector keeps the
# tall, spaced-out rendering.
SHORT_HEIGHT = 28
# Picked out in the question in projector mode: the words a room must not miss.
KEY_TERMS = (
    r"\b(outcomes?|metrics?|targets?|guardrails?|counter-metrics?|scope|behaviour|"
    r"customers?|needs|opportunit(y|ies)|experiments?|ideas|agree|leadership|team|"
    r"business|product|learning goal|performance goal|value|self-check|measure)\b"
)
# Below this width the footer drops its padding and the palette key, so every key fits.
NARROW_WIDTH = 100


# Keys a browser takes for itself before the page sees them (Chromium and Firefox reserve
# new window, new tab and close tab), each with the key of the same action that a served
# session's screen shows instead.
BROWSER_KEYS: dict[str, str] = {"ctrl+n": "ctrl+g", "ctrl+t": "f9"}


class SessionScreen(Screen[None]):
    """One step at a time, for a room to read from the back."""

    CSS_PATH = "session.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A browser keeps ctrl+n and ctrl+t (new window, new tab) from the page: the second
        # key of each reaches a served session (BROWSER_KEYS, docs/session.md).
        Binding("ctrl+n,ctrl+g", "next_step", "Next", id="session.next", priority=True),
        Binding("ctrl+b", "previous_step", "Back", id="session.back", priority=True),
        Binding("ctrl+k", "skip_step", "Skip", id="session.skip", priority=True),
        Binding("ctrl+l", "park", "Park", id="session.park", priority=True),
        Binding("ctrl+d", "decide", "Decide", id="session.decide", priority=True),
        # The keys agree with docs/keys.md: ctrl+o is the text box's editor and ctrl+t the
        # display (here: projector mode) everywhere; ctrl+f jumps to another entry (outcome).
        Binding("ctrl+r", "timebox", "Time", id="session.timebox", priority=True),
        Binding("ctrl+f", "next_outcome", "Outcome", id="session.next_outcome", priority=True),
        Binding(
            "ctrl+t,f9",
            "projector",
            "Projector",
            show=False,  # the footer of an 80-column screen has no room left for it
            id="session.projector",
            priority=True,
            tooltip="Big, high-contrast step title and question, for the back of the room",
        ),
        Binding("ctrl+x", "leave", "Leave", id="session.leave", priority=True),
        Binding("w", "write_summary", "Write summary", id="session.summary", show=False),
    ]

    def __init__(self, projector: bool = False) -> None:
        super().__init__()
        self.projector = projector
        self.outcome_id = ""
        self.timer: Timer | None = None
        # A host without a room of its own (the workbench) times the step here alone.
        self._own_room: RoomLink | None = None
        self._rang_for: str = ""
        self.panel: StepPanel | None = None
        # Unsubmitted text of steps left, by (step, outcome): field id -> text.
        self._drafts: dict[tuple[str, str], dict[str, str]] = {}
        # The step on screen: a change that moves the room elsewhere shows the new step.
        self._shown_step = ""

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    @property
    def wb(self) -> Workbook:
        return self.host.workbook

    @property
    def room(self) -> RoomLink:
        link = getattr(self.app, "room", None)
        if isinstance(link, RoomLink):
            return link
        if self._own_room is None:
            self._own_room = RoomLink(None, "facilitator", facilitator_name(self.wb))
        return self._own_room

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Steps, the timebox and the summary are the facilitator's; viewers only watch.

        Switching outcome is offered only where it does something (a step per outcome,
        more than one outcome): the footer has no room for keys that do nothing.
        """
        if action == "next_outcome":
            state = self.wb.session
            return STEP_PANELS[self.step].PER_OUTCOME and len(state.outcomes if state else ()) > 1
        needs = _ACTION_NEEDS.get(action)
        return needs is None or may(self.app, needs)

    def compose(self) -> ComposeResult:
        with Horizontal(id="banner"):
            yield Static(id="step-title")
            yield Static(id="counts")
            yield Static(id="timebox")
        yield Static(id="big-title")
        yield Static(id="progress")
        yield Static(id="question")
        yield Static(id="hint")
        with Horizontal(id="outcome-bar"):
            yield Static("Outcome:", id="outcome-label")
            yield Choice([], prompt="no product outcome yet", id="outcome-select")
        yield Vertical(id="panel-area")
        yield CoachingStrip(id="coach")
        yield Static(id="room")
        yield Footer()

    def on_mount(self) -> None:
        state = self.wb.session
        if state is not None and state.outcomes:
            self.outcome_id = state.outcomes[0]
        self.show_step()
        # At once, not queued: a key pressed next acts on the step the change shows.
        self.host.workbook_changed.subscribe(self, self._changed, immediate=True)

    def _changed(self, change: Change) -> None:
        """Every edit, undo and redo, here or by another participant (one change signal)."""
        if not self.query("#progress"):
            return  # it reads the workbook as it is once its parts are there
        if self.step != self._shown_step:
            self.show_step()
        else:
            self.workbook_changed()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Lay the screen out for its size: nothing essential may fall off at 80x24."""
        if not self.query("#progress"):
            return  # a resize that arrives before the screen's parts are there (or after)
        width, height = self.size
        short = height < SHORT_HEIGHT
        self.set_class(short, "-short")
        for field in self.query("Input, Select, Button, LongAnswer"):
            if isinstance(field, (Input, Select, Button, LongAnswer)):
                field.compact = short
        narrow = width < NARROW_WIDTH
        footer = self.query_one(Footer)
        if footer.compact != narrow:
            footer.compact = narrow
            footer.show_command_palette = not narrow
            footer.refresh(recompose=True)
        self._show_progress()
        self._show_question()
        # A field focused before the layout settled was scrolled to where it then was.
        focused = self.focused
        if focused is not None:
            self.call_after_refresh(focused.scroll_visible, animate=False)

    # --- step display ----------------------------------------------------------------

    def action_projector(self) -> None:
        """Projector mode on or off: the step title in big letters, the question's key
        terms picked out, high contrast; the same keys and fields as before."""
        self.projector = not self.projector
        self._fit()

    def _show_question(self) -> None:
        panel_class = STEP_PANELS[self.step]
        self.set_class(self.projector, "-projector")
        question = Text(panel_class.QUESTION, style="bold")
        big_title = self.query_one("#big-title", Static)
        if self.projector:
            for term in re.finditer(KEY_TERMS, panel_class.QUESTION, flags=re.IGNORECASE):
                question.stylize("bold reverse", term.start(), term.end())
            title = STEP_TITLES[self.step].upper()
            # Big letters while they fit beside the margins; else the banner says it.
            fits = big_width(title) <= self.size.width - 4
            big_title.display = fits
            big_title.update(big(title) if fits else "")
        else:
            big_title.display = False
        self.query_one("#question", Static).update(question)

    @property
    def step(self) -> str:
        state = self.wb.session
        return state.step if state else "context"

    def show_step(self) -> None:
        step = self.step
        self._shown_step = step
        panel_class = STEP_PANELS[step]
        index = SESSION_STEPS.index(step)
        self.query_one("#step-title", Static).update(
            Text(
                f" STEP {index + 1} OF {len(SESSION_STEPS)} · {STEP_TITLES[step].upper()} ",
                style="bold reverse",
            )
        )
        self._show_question()
        self.query_one("#hint", Static).update(Text(panel_class.HINT, style="italic"))
        self._show_progress()
        self._show_outcomes(panel_class.PER_OUTCOME)
        self._keep_drafts()
        area = self.query_one("#panel-area", Vertical)
        area.remove_children()
        self.panel = panel_class(self.outcome_id)
        self.panel.put_back(self._drafts.pop((step, self.outcome_id), {}))
        self.panel.disabled = not may(self.app, CONTRIBUTE)
        area.mount(self.panel)
        self.call_after_refresh(self._fit)
        self.refresh_bindings()
        self.query_one(CoachingStrip).clear()
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

    def _progress(self, letters: int | None) -> Text:
        """Every step with its mark; other steps than the current cut to `letters`."""
        state = self.wb.session
        text = Text()
        for step in SESSION_STEPS:
            title = STEP_TITLES[step]
            if state is not None and step == state.step:
                text.append(f"▶{title}", style="bold reverse")
                text.append(" ")
                continue
            title = title[:letters]
            if state is not None and state.skip_reason(step) is not None:
                text.append(f"↷{title}", style="dim strike")
            elif state is not None and step in state.done:
                text.append(f"✓{title}", style="green")
            else:
                text.append(f"·{title}", style="dim")
            text.append(" ")
        text.rstrip()
        return text

    def _show_progress(self) -> None:
        progress = self.query_one("#progress", Static)
        space = self.size.width - 2 if self.size.width else 1_000  # margin 0 1
        # The whole line on one row: full titles if they fit, else the others shortened.
        for letters in (None, 4, 3, 0):
            text = self._progress(letters)
            if cell_len(text.plain) <= space:
                break
        progress.update(text)
        state = self.wb.session
        counts = Text()
        if state is not None:
            counts.append(f" parked {len(state.parking_lot)} · decided {len(state.decisions)} ")
        self.query_one("#counts", Static).update(counts)
        self._show_presence()

    def _show_presence(self) -> None:
        """Who is connected, unless this is one person alone at their own screen."""
        here = self.room.here()
        strip = self.query_one("#room", Static)
        strip.display = len(here) > 1 or self.room.role != "facilitator"
        if not strip.display:
            return
        text = Text(f"Here ({len(here)}): ", style="bold")
        for n, person in enumerate(here):
            if n:
                text.append(", ")
            style = "bold underline" if person.client == self.room.client else ""
            text.append_text(line(person.name, style))
            if person.role != "participant":
                text.append(f" ({person.role})", style="italic")
        if self.room.role != "facilitator":
            text.append(f"   · you are a {self.room.role}", style="italic")
        strip.update(text)

    def room_changed(self) -> None:
        """Called by the host when the room's side file changed (time, presence)."""
        if not self.is_mounted or not self.query("#progress"):
            return  # it shows the room as it is once its parts are there
        self._show_progress()
        self._show_time()

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
        """The same step with the workbook as it now is."""
        self._show_progress()
        # A panel just swapped in (next pressed again before the swap finished) is
        # not mounted yet: its widgets are not all there (the explore ranking has no
        # columns). It reads the workbook as it is when it mounts, so skip it here.
        if self.panel is not None and self.panel.is_mounted:
            self.panel.refill()

    # --- navigation --------------------------------------------------------------------

    def _go(self, step: str, completed: bool = True) -> None:
        if not may(self.app, DRIVE):
            return
        self.host.apply(
            lambda wb: op.go_to_step(wb, step, completed), label=f"Go to {STEP_TITLES[step]}"
        )

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
            if reason:
                self.host.apply(
                    lambda wb: op.skip_step(wb, step, reason, following),
                    f"Skipped {STEP_TITLES[step]}",
                )

        self.app.push_screen(TextPrompt(f"Why skip {STEP_TITLES[step]}?"), skip)

    def action_park(self) -> None:
        when = self.host.today()

        def park(text: str | None) -> None:
            if text:
                self.host.apply(lambda wb: op.park(wb, text, when), "Parked")

        self.app.push_screen(TextPrompt("Park this point for later:"), park)

    def action_decide(self) -> None:
        when = self.host.today()

        def decide(text: str | None) -> None:
            if text:
                self.host.apply(lambda wb: op.record_decision(wb, text, when), "Decision logged")

        self.app.push_screen(TextPrompt("Decision:"), decide)

    def action_timebox(self) -> None:
        step = self.step

        def set_minutes(text: str | None) -> None:
            if text is None:
                return
            if not text.isdigit() or not 0 < int(text) <= rooms.MAX_MINUTES:
                self.notify(
                    f"Minutes as a whole number from 1 to {rooms.MAX_MINUTES}, e.g. 15",
                    severity="warning",
                )
                return
            now = self.room.clock()
            problem = self.room.write(lambda room: rooms.set_minutes(room, step, int(text), now))
            if problem:
                self.notify(one_line(problem), title="Not saved", severity="error", markup=False)
                return
            self.notify(f"{STEP_TITLES[step]}: {text} minutes, from now", timeout=3)
            self._show_time()

        minutes = str(self._minutes(step))
        self.app.push_screen(TextPrompt(f"Minutes for {STEP_TITLES[step]}:", minutes), set_minutes)

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

    def _minutes(self, step: str) -> int:
        state = self.wb.session
        return self.room.room.minutes(
            step, state.timebox_minutes if state else DEFAULT_TIMEBOX_MINUTES
        )

    def _restart_timebox(self) -> None:
        """The facilitator's arrival at a step starts its timebox for the whole room.

        The deadline is stored in the room (absolute time), so every screen counts
        down to the same moment and a restarted process resumes it; a step already
        being timed (the facilitator's screen reopened) keeps its deadline.
        """
        running = getattr(self.app, "timebox_running", True)
        step = self.step
        timebox = self.room.room.timebox
        if running and may(self.app, DRIVE) and (timebox is None or timebox.step != step):
            minutes, now = self._minutes(step), self.room.clock()
            problem = self.room.write(lambda room: rooms.time_step(room, step, minutes, now))
            if problem:
                self.notify(one_line(problem), title="Timebox", severity="warning", markup=False)
        if self.timer is None and running:
            self.timer = self.set_interval(1, self._show_time)
        self._show_time()

    def _show_time(self) -> None:
        step = self.step
        running = getattr(self.app, "timebox_running", True)
        remaining = self.room.room.remaining(step, self.room.clock()) if running else None
        box = self.query_one("#timebox", Static)
        banner = self.query_one("#banner")
        expired = remaining is not None and remaining <= 0
        if remaining is None:
            box.update(Text(f" time {self._minutes(step):02d}:00 ", style="bold"))
        elif expired:
            minutes, seconds = divmod(-remaining, 60)
            box.update(Text(f" TIME UP +{minutes:02d}:{seconds:02d} ", style="bold blink"))
        else:
            minutes, seconds = divmod(remaining, 60)
            box.update(Text(f" time {minutes:02d}:{seconds:02d} ", style="bold"))
        box.set_class(expired, "expired")
        banner.set_class(expired, "time-up")
        if expired and self._rang_for != step:
            self._rang_for = step
            self.app.bell()
            self.notify(
                "Time is up for this step. Wrap up, park the rest, or give it more minutes"
                + (" (ctrl+r)." if may(self.app, DRIVE) else "."),
                title="Timebox",
                severity="warning",
                timeout=10,
            )
        elif not expired and self._rang_for == step:
            self._rang_for = ""

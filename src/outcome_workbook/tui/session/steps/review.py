"""The review step of the guided session."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Button, Label, Static

from ...widgets.entity_labels import line
from ..room_link import DRIVE, may
from .step_panel import StepPanel


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
        # Writing the summary is the facilitator's: other screens have no button for it.
        button = self.query_one("#write-summary", Button)
        button.display = may(self.app, DRIVE)
        self.refresh_state()
        if button.display:
            button.focus()

    @on(Button.Pressed, "#write-summary")
    async def write_summary(self) -> None:
        """A click (a browser's natural way) writes it, as w does."""
        await self.app.run_action("write_summary", self.screen)

    def on_resize(self, event: events.Resize) -> None:
        self._draw_graph()
        # The redrawn tree has another height: the focused button may have moved off.
        focused = self.screen.focused
        if focused is not None:
            self.call_after_refresh(focused.scroll_visible, animate=False)

    def _draw_graph(self) -> None:
        """The agreed tree drawn to the panel's width (a wider drawing would wrap)."""
        from ....graph.build import build_graph
        from ....graph.drawing import draw
        from ....styling import styled_drawing

        # Less the vertical scrollbar, which a tree taller than the panel brings.
        width = max(40, self.size.width - 2) if self.size.width else 96
        drawing = draw(build_graph(self.wb), width=width)
        self.query_one("#review-graph", Static).update(styled_drawing(drawing))

    def refresh_state(self) -> None:
        from ....checks import run_checks

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

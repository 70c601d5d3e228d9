"""What every step panel shares: the host, the outcome in focus, drafts, coaching."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Select

from ....model.entities import ProductOutcome
from ....model.workbook import Workbook
from ...host import Host
from ...parts.findings import CoachingStrip
from ...widgets.answer import LongAnswer
from ...widgets.entity_labels import line
from ..coaching import coaching_for
from ..room_link import RoomLink

if TYPE_CHECKING:
    from ....checks import Finding


NEW = "__new__"
# The fields a person types an answer into: one-line, or a long answer over several lines.
FIELDS = "Input, LongAnswer"


def labelled_options(pairs: list[tuple[str, str]]) -> list[tuple[Text, str]]:
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
        if isinstance(message, Input.Submitted | LongAnswer.Submitted) and message.input.id:
            self._shown[message.input.id] = message.input.value
        if isinstance(message, events.Mount) and self._restore:
            for widget_id, text in self._restore.items():
                for field in self.query(f"#{widget_id}").results():
                    if isinstance(field, Input | LongAnswer):
                        field.value = text
            self._restore = {}

    def on_resize(self, event: events.Resize) -> None:
        """The panel laid out or grown (a long answer filled after mount) can leave the
        field with the cursor where it was before: out of sight. Bring it back."""
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors:
            focused.scroll_visible(animate=False)

    def put_back(self, drafts: dict[str, str]) -> None:
        """Text to put in these fields once the panel is filled (see `drafts`)."""
        self._restore = dict(drafts)

    def refill(self) -> None:
        """`refresh_state` from outside the panel (the host's change, another client's save)."""
        before = self._values()
        self.refresh_state()
        self._note_set(before)

    def _fields(self) -> list[Input | LongAnswer]:
        return [f for f in self.query(FIELDS) if isinstance(f, Input | LongAnswer) and f.id]

    def _values(self) -> dict[str, str]:
        return {field.id: field.value for field in self._fields() if field.id}

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
            for field in self._fields()
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

    def person(self) -> str:
        """Who is at this screen, by the name the room knows them by (scores, votes)."""
        link = getattr(self.screen, "room", None)
        return link.name if isinstance(link, RoomLink) else ""

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
        self.screen.query_one(CoachingStrip).show(findings)

    def field(self, widget_id: str) -> Input | LongAnswer:
        """The one-line field or long answer with this id."""
        found = self.query_one(f"#{widget_id}")
        assert isinstance(found, Input | LongAnswer), widget_id
        return found

    def value(self, widget_id: str) -> str:
        return self.field(widget_id).value

    def clear(self, *widget_ids: str) -> None:
        for widget_id in widget_ids:
            self.field(widget_id).value = ""

    def selected(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else ""

"""The detail form: every editable field of the selected entity, generated from the field specs.

Typing only validates (cheap, on the UI thread); a value is applied through
the model's operations when the field is submitted, loses focus, or (for a
choice) changes. After an edit elsewhere the form updates in place, leaving
the field being typed in alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Sparkline, Static, TextArea
from textual.widgets._select import InvalidSelectValueError

from ...model import operations
from ...model.agreement import agreement_of
from ...model.entities import (
    ENTITY_CLASSES,
    KIND_LABELS,
    SELF_CHECK_QUESTIONS,
    Entity,
    Metric,
    ProductOutcome,
    WorkbookMeta,
)
from ...model.errors import WorkbookError
from ...model.fields import FieldSpec, format_value, parse_text, spec_map
from ...model.measures import measured_version
from ...model.relations import REFERENCE_FIELDS, is_parent_field
from ...model.workbook import Workbook
from ...safety import inert
from ..agreement_view import state_text
from ..host import Host
from ..outline_shape import Item
from .choice import Choice, LazyChoice
from .entity_labels import clip, entity_title, plural

# Text fields long enough to deserve several lines.
LONG_FIELDS = {
    "description",
    "why_now",
    "constraints",
    "learning_goal",
    "scope_why",
    "hypothesis",
    "result",
    "why",
    "definition",
    "ignore_reason",
    "notes",
}
# Shown as summaries with their own screens, never as plain fields.
SPECIAL_FIELDS = {"id", "versions", "negotiation", "signoff", "notes", "self_check", "votes"}
# Shown after the fields that say what the entity is.
LAST_FIELDS = {"ignore", "ignore_reason"}
META_FIELDS = ("title", "team", "north_star", "ice")
ANSWER_LABELS = {"": "not answered", "yes": "yes", "no": "no", "unsure": "unsure"}


@dataclass(frozen=True)
class Target:
    """Which value a field edits: an entity field, a self-check answer, or a workbook field."""

    scope: str  # "entity", "self_check" or "meta"
    name: str
    spec: FieldSpec


def shown(value: Any, multiline: bool = False) -> str:
    """A field's text for an editor: control characters as visible stand-ins, never raw.

    Committing the shown text unchanged keeps the stored value; typing over it stores
    what was typed.
    """
    if multiline:
        return inert(value or "")
    return inert(format_value(value), keep_newlines=False)


class LongText(TextArea):
    """A TextArea that reports when focus leaves it, so its value can be applied."""

    class Left(Message):
        def __init__(self, area: LongText) -> None:
            self.area = area
            super().__init__()

        @property
        def control(self) -> LongText:
            return self.area

    def on_blur(self, _event: events.Blur) -> None:
        self.post_message(self.Left(self))


class FieldRow(Vertical):
    """Label, editor and the validation message for one field."""

    DEFAULT_CSS = """
    FieldRow { height: auto; margin-bottom: 1; }
    FieldRow > .field-label { color: $text-muted; }
    FieldRow > .field-error { color: $error; height: auto; display: none; }
    FieldRow.-invalid > .field-error { display: block; }
    FieldRow > LongText { height: auto; max-height: 6; min-height: 2; }
    FieldRow > Input, FieldRow > LongText, FieldRow > Select { background: $boost; }
    """

    def __init__(self, target: Target, editor: Widget, label: str) -> None:
        super().__init__(classes="field-row")
        self.target = target
        self.editor = editor
        self.label_text = label
        self.error_message = ""

    def compose(self) -> ComposeResult:
        yield Label(Text(self.label_text), classes="field-label")
        yield self.editor
        yield Static("", classes="field-error")

    def show_error(self, message: str) -> None:
        if message == self.error_message:
            return  # most keystrokes change nothing here: skip the relayout
        self.error_message = message
        error = self.query_one(".field-error", Static)
        error.update(Text(inert(message)))
        self.set_class(bool(message), "-invalid")


class DetailForm(VerticalScroll, can_focus=False):
    """The form for one outline row (an entity, or the workbook itself)."""

    DEFAULT_CSS = """
    DetailForm { padding: 0 1; }
    DetailForm > .detail-heading { text-style: bold; margin-bottom: 1; }
    DetailForm > .detail-summary { margin-bottom: 1; color: $text-muted; }
    DetailForm > .detail-chart { height: 3; margin-bottom: 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.workbook: Workbook | None = None
        self.item: Item | None = None
        self.read_only = False
        self._wanted: tuple[Workbook, Item | None, bool] | None = None
        self._building = False

    # --- building ------------------------------------------------------------------

    def show(self, workbook: Workbook, item: Item | None, read_only: bool = False) -> None:
        """Show `item` from `workbook`; update in place when it is already shown.

        Rebuilds run one at a time, always for the latest request, so holding
        an arrow key in the outline never mounts half-removed forms.
        """
        self._wanted = (workbook, item, read_only)
        if not self._building:
            self._building = True
            self.call_later(self._build_latest)

    async def _build_latest(self) -> None:
        try:
            while self._wanted is not None:
                workbook, item, read_only = self._wanted
                self._wanted = None
                same = (
                    item is not None
                    and self.item == item
                    and self.workbook is not None
                    and self._exists(workbook, item) == self._exists(self.workbook, item)
                    and self.read_only == read_only
                )
                before = (self.workbook, self.item, self.read_only)
                self.workbook = workbook
                self.read_only = read_only
                if same and self.children and self._refresh_values():
                    continue
                if self._show_in_place(before, workbook, item):
                    continue
                self.item = item
                await self.remove_children()
                if item is not None:
                    await self.mount_all(self._widgets_for(workbook, item))
        finally:
            self._building = False

    def _layout(self, wb: Workbook | None, item: Item | None, read_only: bool) -> tuple[Any, ...]:
        """What decides which widgets the form is made of: another entry with the same
        layout is shown by filling the same widgets, not by mounting new ones (moving
        down a list of outcomes must not rebuild the form on every key)."""
        if wb is None or item is None or item.kind == "workbook":
            return ()
        entity = wb.find(item.entity_id)
        if entity is None:
            return ()
        return (
            item.kind,
            item.link,
            read_only,
            bool(self._chart_data(wb, entity)),
            bool(entity.notes),
        )

    def _show_in_place(
        self, before: tuple[Workbook | None, Item | None, bool], wb: Workbook, item: Item | None
    ) -> bool:
        """Show `item` in the widgets already mounted for `before`'s entry (False: they
        do not fit, build anew)."""
        layout = self._layout(wb, item, self.read_only)
        if not layout or not self.children or layout != self._layout(*before):
            return False
        assert item is not None
        entity = wb.find(item.entity_id)
        assert entity is not None
        self.item = item
        for row in self.query(FieldRow):
            editor = row.editor
            if isinstance(editor, LazyChoice):
                kinds = self._reference_kinds(row.target)
                value = self._current(wb, row.target)
                editor.reset(
                    partial(self._reference_options, kinds, value),
                    self._reference_options(kinds, value, only_value=True),
                )
        if not self._refresh_values(include_focused=True):
            self.item = before[1]
            return False
        for row in self.query(FieldRow):
            row.show_error("")
        self.query_one(".detail-heading", Static).update(self._heading(item))
        chart = self._chart_data(wb, entity)
        if chart is not None:
            text, data = chart
            self.query_one(".detail-values", Static).update(text)
            self.query_one(".detail-chart", Sparkline).data = data
        if entity.notes:
            self.query_one(".detail-notes", Static).update(self._notes(entity))
        self.scroll_home(animate=False)
        return True

    @staticmethod
    def _exists(workbook: Workbook, item: Item) -> bool:
        return item.kind == "workbook" or workbook.find(item.entity_id) is not None

    def _widgets_for(self, wb: Workbook, item: Item) -> list[Widget]:
        if item.kind == "workbook":
            heading = Text("Workbook", style="bold")
            rows = [
                self._row(Target("meta", n, spec_map(WorkbookMeta)[n]), wb) for n in META_FIELDS
            ]
            return [Static(heading, classes="detail-heading"), *rows]
        entity = wb.find(item.entity_id)
        if entity is None:
            return [Static(Text(f"{item.entity_id} is not in the workbook"))]
        widgets: list[Widget] = [Static(self._heading(item), classes="detail-heading")]
        summary = self._summary(wb, item.kind, entity)
        if summary is not None:
            widgets.append(Static(summary, classes="detail-summary"))
        widgets += self._chart(wb, entity)
        cls = ENTITY_CLASSES[item.kind]
        specs = sorted(spec_map(cast(type, cls)).values(), key=lambda s: s.name in LAST_FIELDS)
        for spec in specs:
            if spec.name in SPECIAL_FIELDS or spec.type in ("record", "records", "map"):
                continue
            widgets.append(self._row(Target("entity", spec.name, spec), wb))
        if isinstance(entity, ProductOutcome):
            self_check_specs = spec_map(cast(type, type(entity.self_check)))
            for name, question in SELF_CHECK_QUESTIONS.items():
                target = Target("self_check", name, self_check_specs[name])
                widgets.append(self._row(target, wb, label=question))
            widgets.append(
                self._row(
                    Target("self_check", "notes", self_check_specs["notes"]), wb, "self-check notes"
                )
            )
        if entity.notes:
            widgets.append(Static(self._notes(entity), classes="detail-summary detail-notes"))
        return widgets

    @staticmethod
    def _heading(item: Item) -> Text:
        heading = Text(KIND_LABELS.get(item.kind, item.kind).capitalize(), style="bold")
        heading.append(f"  id: {item.entity_id}", style="dim")
        if item.link:
            heading.append("  (listed here as a link)", style="dim italic")
        return heading

    def _summary(self, wb: Workbook, kind: str, entity: Entity) -> Text | None:
        if isinstance(entity, Metric):
            text = Text()
            version = entity.latest()
            count = plural(len(entity.versions), "version")
            if version is None:
                text.append(f"{count}; no definition yet", style="italic")
            else:
                text.append(f"{version.status} definition ({count}): ", style="dim")
                text.append(clip(version.definition, 200))
            users = wb.metric_users(entity.id)
            if users:
                text.append("\nused by: ", style="dim")
                text.append(", ".join(users))
            return text
        if isinstance(entity, ProductOutcome):
            text = state_text(agreement_of(wb, entity))
            text.append("\nnegotiation: ", style="dim")
            text.append(plural(len(entity.negotiation), "entry", "entries"))
            text.append(" (n: open it, sign, withdraw)", style="dim")
            guards = wb.guardrails_of(entity.id)
            text.append("\nguardrails: ", style="dim")
            text.append(", ".join(g.id for g in guards) if guards else "none")
            return text
        return None

    def _chart(self, wb: Workbook, entity: Entity) -> list[Widget]:
        """The measured values of a metric (or of an outcome's metric): a line and a sparkline."""
        chart = self._chart_data(wb, entity)
        if chart is None:
            return []
        text, data = chart
        return [
            Static(text, classes="detail-values"),
            Sparkline(data, classes="detail-chart"),
        ]

    def _chart_data(self, wb: Workbook, entity: Entity) -> tuple[Text, list[float]] | None:
        from ..parts.metric_versions import values_text

        metric_id = entity.metric if isinstance(entity, ProductOutcome) else entity.id
        metric = wb.metrics.get(metric_id) if metric_id else None
        version = measured_version(metric) if metric is not None else None
        if metric is None or version is None or not version.values:
            return None
        text = values_text(wb, metric)
        return text or Text(""), [float(v.value) for v in version.values]

    def _notes(self, entity: Entity) -> Text:
        text = Text("notes (o: add, edit or remove):", style="dim")
        for note in entity.notes:
            text.append(f"\n[{note.kind}] ", style="dim")
            text.append(clip(note.text, 200))
        return text

    def _current(self, wb: Workbook, target: Target) -> Any:
        if target.scope == "meta":
            return getattr(wb.meta, target.name)
        assert self.item is not None
        entity = wb.get(self.item.entity_id)
        if target.scope == "self_check":
            return getattr(cast(ProductOutcome, entity).self_check, target.name)
        return getattr(entity, target.name)

    def _reference_kinds(self, target: Target) -> tuple[str, ...]:
        if target.scope == "meta":
            return ("north_star",) if target.name == "north_star" else ()
        if target.scope != "entity" or self.item is None:
            return ()
        return REFERENCE_FIELDS.get(self.item.kind, {}).get(target.name, ())

    def _reference_options(
        self, kinds: tuple[str, ...], value: str, only_value: bool = False
    ) -> list[tuple[Text, str]]:
        """What a reference field may point at, from the workbook shown now (or only the
        value it holds, until the list opens)."""
        wb = self.workbook
        assert wb is not None
        if only_value:
            listed = bool(value) and wb.kind_of(value) in kinds
            options = [(entity_title(wb, value), value)] if listed else []
        else:
            options = [
                (entity_title(wb, eid), eid) for kind in kinds for eid in sorted(wb.section(kind))
            ]
        if value and wb.find(value) is None:
            options.append((Text(f"{value} (missing)"), value))
        return options

    def _row(self, target: Target, wb: Workbook, label: str = "") -> FieldRow:
        value = self._current(wb, target)
        spec = target.spec
        editor_id = f"field-{target.scope}-{target.name}".replace("_", "-")
        ref_kinds = self._reference_kinds(target)
        editor: Widget
        if ref_kinds and spec.type == "str":
            editor = LazyChoice(
                partial(self._reference_options, ref_kinds, value),
                self._reference_options(ref_kinds, value, only_value=True),
                value=value or Select.NULL,
                allow_blank=True,
                id=editor_id,
                prompt="(none)",
                compact=True,
            )
        elif spec.type == "choice":
            # "agreed" is what both sides' signatures say, never a value to pick.
            choices = [c for c in spec.choices if c != "agreed" or value == "agreed"]
            options = [(Text(ANSWER_LABELS.get(c, c) if c == "" else c), c) for c in choices]
            editor = Choice(options, value=value, allow_blank=False, id=editor_id, compact=True)
        elif spec.type == "str" and target.name in LONG_FIELDS:
            editor = LongText(shown(value, True), id=editor_id, soft_wrap=True, compact=True)
        else:
            placeholder = {
                "date": "YYYY-MM-DD",
                "strings": "comma-separated",
                "int": "a whole number",
                "number": "a number",
            }.get(spec.type, "")
            editor = Input(shown(value), placeholder=placeholder, id=editor_id, compact=True)
        editor.disabled = self.read_only
        return FieldRow(target, editor, label or spec.label)

    def show_stored_values(self) -> None:
        """Every field, the focused one too, back to what the workbook holds.

        After an edit was asked about and declined (or made), the field must not
        keep showing what was typed as if it were stored.
        """
        if self.workbook is not None and self.item is not None and self.children:
            self._refresh_values(include_focused=True)
            for row in self.query(FieldRow):
                row.show_error("")

    def _refresh_values(self, include_focused: bool = False) -> bool:
        """Bring every field not being typed in up to date with the workbook.

        False when a choice list is out of date (a new entity to point at): the
        form must then be rebuilt with fresh options.
        """
        assert self.workbook is not None
        for row in self.query(FieldRow):
            editor = row.editor
            if editor.has_focus and not include_focused:
                continue
            value = self._current(self.workbook, row.target)
            # Set quietly: a value shown is not a value typed (nothing to apply).
            if isinstance(editor, Input):
                text = shown(value)
                if editor.value != text:
                    with editor.prevent(Input.Changed):
                        editor.value = text
                    row.show_error("")
            elif isinstance(editor, LongText):
                if editor.text != shown(value, True):
                    editor.load_text(shown(value, True))
            elif isinstance(editor, Select):
                wanted = value if value or row.target.spec.type == "choice" else Select.NULL
                if editor.value != wanted:
                    with editor.prevent(Select.Changed):
                        if wanted is Select.NULL:
                            editor.clear()
                        else:
                            try:
                                editor.value = wanted
                            except InvalidSelectValueError:
                                return False
        summaries = [w for w in self.query(".detail-summary") if not w.has_class("detail-notes")]
        summary_text: Text | None = None
        if self.item is not None and self.item.kind != "workbook":
            entity = self.workbook.find(self.item.entity_id)
            if entity is not None:
                summary_text = self._summary(self.workbook, self.item.kind, entity)
        if summaries and summary_text is not None and isinstance(summaries[0], Static):
            summaries[0].update(summary_text)
            return True
        for summary in summaries:
            summary.remove()
        if summary_text is not None:
            heading = self.query(".detail-heading").first()
            self.mount(Static(summary_text, classes="detail-summary"), after=heading)
        return True

    # --- validating and applying ---------------------------------------------------------

    def _row_of(self, widget: Widget) -> FieldRow | None:
        for ancestor in widget.ancestors_with_self:
            if isinstance(ancestor, FieldRow):
                return ancestor
        return None

    @on(Input.Changed)
    def _validate(self, event: Input.Changed) -> None:
        row = self._row_of(event.input)
        if row is None:
            return
        try:
            parse_text(row.target.spec, event.value)
        except WorkbookError as error:
            row.show_error(error.message)
        else:
            row.show_error("")

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _commit_input(self, event: Input.Submitted | Input.Blurred) -> None:
        row = self._row_of(event.input)
        if row is not None:
            self._commit(row, event.value)

    @on(LongText.Left)
    def _commit_text(self, event: LongText.Left) -> None:
        row = self._row_of(event.area)
        if row is not None:
            self._commit(row, event.area.text)

    @on(Select.Changed)
    def _commit_choice(self, event: Select.Changed) -> None:
        row = self._row_of(event.select)
        if row is None:
            return
        value = "" if event.value is Select.NULL else str(event.value)
        self._commit(row, value)

    def _commit(self, row: FieldRow, text: str) -> None:
        if self.workbook is None or self.item is None or self.read_only:
            return
        target = row.target
        if text == shown(self._current(self.workbook, target), isinstance(row.editor, LongText)):
            row.show_error("")  # untouched: keep the stored text, control characters and all
            return
        try:
            value = parse_text(target.spec, text)
        except WorkbookError as error:
            row.show_error(error.message)
            return
        if target.scope == "entity" and self.workbook.find(self.item.entity_id) is None:
            return
        if value == self._current(self.workbook, target):
            row.show_error("")
            return
        host = cast(Host, self.app)
        entity_id = self.item.entity_id
        before = self.workbook
        label = f"edit {target.spec.label}"
        if target.scope == "meta":
            ok = host.apply_edit(label, operations.set_meta, target.name, value)
        elif target.scope == "self_check":
            ok = host.apply_edit(
                label, operations.set_self_check, entity_id, target.name, value, focus=entity_id
            )
        elif is_parent_field(self.item.kind, target.name) and value:
            ok = host.apply_edit(label, operations.move, entity_id, value, focus=entity_id)
        else:
            ok = host.apply_edit(
                label, operations.set_field, entity_id, target.name, value, focus=entity_id
            )
        if ok:
            row.show_error("")
            if target.scope == "entity" and target.name == "title" and isinstance(value, str):
                from .. import editing

                old_title = self._current(before, target) if before.find(entity_id) else ""
                editing.offer_rename(self.app, entity_id, str(old_title), value)
            return
        row.show_error(getattr(self.app, "last_error", "") or "not applied")
        if isinstance(row.editor, Select):
            # A refused choice must not stay on show as if it had been taken.
            current = self._current(self.workbook, target)
            with row.editor.prevent(Select.Changed):
                row.editor.value = (
                    current if current or target.spec.type == "choice" else Select.NULL
                )

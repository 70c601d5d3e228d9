"""Dialogs that add, link, rename and delete entities, each applying model operations.

Shared by every screen (and by the guided session): given the host app and
the selected outline row, each function opens the right dialog. Sequences of
operations that belong together (a metric created and attached to its
outcome) run as one edit, so one undo takes them back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, cast

from rich.text import Text
from textual.app import App

from ..model import operations, scores
from ..model.agreement import agreement_of
from ..model.entities import (
    ASSUMPTION_TYPES,
    ENTRY_KINDS,
    EXPERIMENT_STATUSES,
    GUARDRAIL_RULES,
    KIND_LABELS,
    METRIC_KINDS,
    NOTE_KINDS,
    ProductOutcome,
)
from ..model.errors import WorkbookError
from ..model.fields import parse_text, spec_map
from ..model.ids import slugify, unique_id
from ..model.relations import DRIVE_KINDS, relation_to
from ..model.workbook import Workbook
from .agreement_view import terms_line
from .host import Host
from .outline_shape import Item
from .screens.form_dialogs import ChoiceDialog, ConfirmDialog, FormDialog, FormField
from .widgets.entity_labels import clip, entity_title

# What may be added under each kind of outline row, in menu order.
ADDABLE: dict[str, tuple[str, ...]] = {
    "workbook": ("north_star", "business_outcome", "product_outcome", "metric"),
    "north_star": ("business_outcome", "product_outcome"),
    "business_outcome": ("product_outcome",),
    "product_outcome": ("metric", "guardrail", "opportunity"),
    "opportunity": ("opportunity", "solution"),
    "solution": ("experiment",),
}


def _host(app: App[Any]) -> Host:
    return cast(Host, app)


def _submitter(
    app: App[Any], label: str, build: Callable[[dict[str, str]], tuple[Callable[..., Any], str]]
) -> Callable[[dict[str, str]], str | None]:
    """Wrap `build(values) -> (operation, focus)` as a form dialog's submit callback."""

    def submit(values: dict[str, str]) -> str | None:
        try:
            operation, focus = build(values)
            _host(app).edit(label, operation, focus=focus)
        except WorkbookError as error:
            return error.message
        return None

    return submit


def _options(wb: Workbook, *kinds: str, exclude: set[str] | None = None) -> list[tuple[Text, str]]:
    return [
        (entity_title(wb, eid), eid)
        for kind in kinds
        for eid in sorted(wb.section(kind))
        if not exclude or eid not in exclude
    ]


def _number(text: str, name: str, kind: str = "number") -> Any:
    spec = spec_map_for(kind)
    return parse_text(spec, text, name)


def spec_map_for(kind: str) -> Any:
    from ..model.entities import Experiment, Guardrail

    return spec_map(Guardrail)["value"] if kind == "number" else spec_map(Experiment)["impact"]


def add_under(app: App[Any], item: Item | None) -> None:
    """Ask what to add under the selected row, then ask for its details."""
    parent = item or Item("workbook", "")
    kinds = ADDABLE.get(parent.kind if not parent.link else "", ())
    if parent.kind == "product_outcome" and not parent.link:
        outcome = _host(app).workbook.product_outcomes.get(parent.entity_id)
        if outcome is not None and outcome.metric:
            kinds = tuple(k for k in kinds if k != "metric")
    if not kinds:
        app.notify("Nothing goes under this entry; select its parent to add beside it.")
        return
    if len(kinds) == 1:
        open_add_form(app, parent, kinds[0])
        return
    choices = [(k, KIND_LABELS[k]) for k in kinds] + [("cancel", "Cancel")]
    where = "the workbook" if parent.kind == "workbook" else _title(app, parent.entity_id)

    def chosen(kind: str | None) -> None:
        if kind and kind != "cancel":
            open_add_form(app, parent, kind)

    app.push_screen(ChoiceDialog("Add", Text(f"Add what under {where}?"), choices), chosen)


def _title(app: App[Any], entity_id: str) -> str:
    entity = _host(app).workbook.find(entity_id)
    return clip(entity.title, 50) if entity else entity_id


def open_add_form(app: App[Any], parent: Item, kind: str) -> None:
    """The form for a new entity of `kind` under `parent`."""
    pid = parent.entity_id
    label = f"add {KIND_LABELS[kind]}"
    title = FormField("title", "Title")
    fields: list[FormField]
    build: Callable[[dict[str, str]], tuple[Callable[..., Any], str]]

    if kind == "guardrail":
        open_guardrail_form(app, pid)
        return
    if kind == "metric":
        fields = [
            title,
            FormField("definition", "Definition (what exactly is counted, and when)", "text"),
            FormField("kind", "Kind", "select", "behaviour", [(k, k) for k in METRIC_KINDS]),
        ]

        def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
            def run(w: Workbook) -> tuple[Workbook, str]:
                title, definition, kind = values["title"], values["definition"], values["kind"]
                if parent.kind == "product_outcome":
                    return operations.define_metric(w, pid, title, definition, kind)
                return operations.add_metric(w, title, definition, kind)

            return _run_focused(run)

    else:
        extra: dict[str, Any] = {}
        fields = [title]
        if kind == "north_star":
            fields.append(FormField("definition", "Definition", "text"))
        elif kind in ("business_outcome", "product_outcome", "opportunity", "solution"):
            fields.append(FormField("description", "Description", "text"))
        elif kind == "experiment":
            fields.append(FormField("hypothesis", "Hypothesis (we believe … will …)", "text"))
            fields.append(
                FormField(
                    "assumption",
                    "Assumption tested",
                    "select",
                    "desirability",
                    [(a, a) for a in ASSUMPTION_TYPES],
                )
            )
        under = relation_to(kind, parent.kind)  # the field that places it under `parent`
        if under is not None:
            extra[under.field] = (pid,) if under.many else pid

        def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
            given = {k: v for k, v in values.items() if k != "title" and v}

            def run(w: Workbook) -> tuple[Workbook, str]:
                return operations.create(w, kind, values["title"], **extra, **given)

            return _run_focused(run)

    where = "" if parent.kind == "workbook" else f" under {_title(app, pid)}"
    app.push_screen(
        FormDialog(f"New {KIND_LABELS[kind]}{where}", fields, _submitter(app, label, build))
    )


def _run_focused(run: Callable[[Workbook], tuple[Workbook, str]]) -> tuple[Callable[..., Any], str]:
    """An operation returning (workbook, new id): the app focuses the new id once applied."""
    return run, ""


def open_guardrail_form(app: App[Any], outcome_id: str, guardrail_id: str = "") -> None:
    """Attach a counter-metric (existing or new) to a product outcome, or edit one."""
    wb = _host(app).workbook
    outcome = wb.product_outcomes.get(outcome_id)
    if outcome is None:
        return
    rules = [(r, r) for r in GUARDRAIL_RULES]
    if guardrail_id:
        guard = wb.guardrails[guardrail_id]
        fields = [
            FormField("rule", "Rule", "select", guard.rule, rules),
            FormField(
                "value",
                "Threshold (optional)",
                value="" if guard.value is None else f"{guard.value:g}",
            ),
            FormField("why", "Why this guardrail", "text", guard.why),
        ]

        def build_edit(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
            value = _number(values["value"], "threshold")

            def run(w: Workbook) -> Workbook:
                w = operations.set_field(w, guardrail_id, "rule", values["rule"])
                w = operations.set_field(w, guardrail_id, "value", value)
                return operations.set_field(w, guardrail_id, "why", values["why"])

            return run, guardrail_id

        app.push_screen(
            FormDialog("Edit guardrail", fields, _submitter(app, "edit guardrail", build_edit))
        )
        return
    used = {outcome.metric, *(g.metric for g in wb.guardrails_of(outcome_id))}
    metric_options: list[tuple[Text | str, str]] = [(Text("(a new metric, below)"), "")]
    metric_options += _options(wb, "metric", exclude=used)
    fields = [
        FormField("metric", "Counter-metric", "select", "", metric_options),
        FormField("new_title", "…or a new metric: title"),
        FormField("new_definition", "…and its definition", "text"),
        FormField(
            "new_kind", "…and its kind", "select", "sentiment", [(k, k) for k in METRIC_KINDS]
        ),
        FormField("rule", "Rule", "select", "not-below", rules),
        FormField("value", "Threshold (optional)"),
        FormField("why", "Why it must not get worse", "text"),
    ]

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        value = _number(values["value"], "threshold")

        def run(w: Workbook) -> tuple[Workbook, str]:
            return operations.guard_outcome(
                w,
                outcome_id,
                values["metric"],
                title=values["new_title"],
                definition=values["new_definition"],
                kind=values["new_kind"],
                rule=values["rule"],
                value=value,
                why=values["why"],
            )

        return _run_focused(run)

    app.push_screen(
        FormDialog(
            f"Guardrail for {clip(outcome.title, 50)}",
            fields,
            _submitter(app, "attach guardrail", build),
            intro="A counter-metric that must not get worse while the outcome improves.",
        )
    )


def confirm_delete(app: App[Any], entity_id: str) -> None:
    """Show everything a delete takes with it, and delete only on yes."""
    host = _host(app)
    wb = host.workbook
    try:
        plan = operations.delete_plan(wb, entity_id)
    except WorkbookError as error:
        app.notify(error.message, severity="error", title="Cannot delete")
        return
    body = Text("This removes:\n")
    for eid in plan:
        kind = wb.kind_of(eid) or ""
        body.append(f"  {KIND_LABELS.get(kind, kind)}: ", style="dim")
        body.append_text(entity_title(wb, eid))
        body.append("\n")
    body.append("Links to these from elsewhere are removed too. Undo brings everything back.")

    def answered(yes: bool | None) -> None:
        if yes:
            parent = _parent_focus(wb, entity_id)
            if host.apply_edit(f"delete {entity_id}", operations.delete, entity_id, focus=parent):
                count = len(plan)
                gone = f"{entity_id} and {count - 1} more" if count > 1 else entity_id
                app.notify(f"Deleted {gone}. ctrl+z brings it back.", timeout=3)

    app.push_screen(ConfirmDialog(f"Delete {entity_id}?", body, yes="Delete"), answered)


def _parent_focus(wb: Workbook, entity_id: str) -> str:
    from .outline_shape import home_path

    path = home_path(wb, entity_id) or []
    return path[-2] if len(path) > 1 else ""


def rename_form(app: App[Any], entity_id: str) -> None:
    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        new_id = values["id"].strip()

        def run(w: Workbook) -> Workbook:
            return operations.rename(w, entity_id, new_id)

        return run, new_id

    app.push_screen(
        FormDialog(
            f"Rename {entity_id}",
            [FormField("id", "New id (lowercase letters, digits, hyphens)", value=entity_id)],
            _submitter(app, f"rename {entity_id}", build),
            intro="Every reference is updated; the old id is retired and not reused.",
        )
    )


def offer_rename(app: App[Any], entity_id: str, old_title: str, new_title: str) -> None:
    """After a title is reframed, offer the id that goes with it, when the id came from the
    old title: an id frozen from a rejected first draft misleads every later reader."""
    wb = _host(app).workbook
    if slugify(old_title) != entity_id or wb.find(entity_id) is None:
        return
    new_id = unique_id(new_title, wb.taken_ids() - {entity_id})
    if new_id == entity_id:
        return
    body = Text(f"The id {entity_id} was made from the old title. Rename it to {new_id}? ")
    body.append("Every reference follows; the old id is retired.", style="dim")

    def answered(yes: bool | None) -> None:
        if yes:
            _host(app).apply_edit(
                f"rename {entity_id}", operations.rename, entity_id, new_id, focus=new_id
            )

    app.push_screen(
        ConfirmDialog("Rename the id too?", body, yes="Rename", no="Keep the id"), answered
    )


def link_form(app: App[Any], outcome_id: str) -> None:
    """Say that a product outcome also drives another business outcome (or the NSM)."""
    wb = _host(app).workbook
    outcome = wb.product_outcomes.get(outcome_id)
    if outcome is None:
        app.notify("Select a product outcome to link it.")
        return
    options = _options(wb, *DRIVE_KINDS, exclude=set(outcome.drives))
    if not options:
        app.notify("There is nothing else for it to drive yet.")
        return

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        return (lambda w: operations.link(w, outcome_id, values["target"])), outcome_id

    app.push_screen(
        FormDialog(
            f"{clip(outcome.title, 50)} also drives…",
            [FormField("target", "Business outcome or North Star", "select", "", options)],
            _submitter(app, "link", build),
        )
    )


def note_form(app: App[Any], entity_id: str) -> None:
    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        def run(w: Workbook) -> Workbook:
            return operations.add_note(
                w,
                entity_id,
                values["text"],
                values["kind"],
                values["url"],
                when=_host(app).today(),
                author=values["author"],
            )

        return run, entity_id

    app.push_screen(
        FormDialog(
            "Add a note",
            [
                FormField("kind", "Kind", "select", "note", [(k, k) for k in NOTE_KINDS]),
                FormField("text", "Text", "text"),
                FormField("url", "Link (optional)"),
                FormField("author", "Who (optional)", value=git_user_name()),
            ],
            _submitter(app, "add note", build),
            intro="Show the work: assumptions, research and evidence behind this choice.",
        )
    )


def negotiation_form(app: App[Any], outcome_id: str, side: str) -> None:
    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        target = _number(values["target"], "target asked for") if values["target"] else None
        deadline = parse_text(_date_spec(), values["deadline"], "deadline asked for")

        def run(w: Workbook) -> Workbook:
            return operations.add_negotiation_entry(
                w,
                outcome_id,
                side,
                values["kind"],
                values["text"],
                when=_host(app).today(),
                author=values["author"],
                target=target,
                deadline=deadline,
            )

        return run, outcome_id

    app.push_screen(
        FormDialog(
            f"{side.capitalize()} says…",
            [
                FormField("text", "What they bring to the table", "text"),
                FormField("kind", "Kind", "select", "proposal", [(k, k) for k in ENTRY_KINDS]),
                FormField("target", "Target they ask for (optional)"),
                FormField("deadline", "Deadline they ask for (optional)", placeholder="YYYY-MM-DD"),
                FormField("author", "Who (optional)", value=git_user_name()),
            ],
            _submitter(app, f"{side} entry", build),
        )
    )


def signoff_form(app: App[Any], outcome_id: str, side: str) -> None:
    wb = _host(app).workbook
    outcome = wb.product_outcomes.get(outcome_id)
    if outcome is None:
        return

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        when = parse_text(_date_spec(), values["date"], "date")

        def run(w: Workbook) -> Workbook:
            return operations.sign_off(w, outcome_id, side, values["name"], when)

        return run, outcome_id

    intro = Text(f"{side.capitalize()} signs these terms, as they stand now:\n", style="bold")
    intro.append_text(terms_line(agreement_of(wb, outcome)))
    intro.append(
        "\nThe signature records them; if any changes later, the agreement is reopened.",
        style="dim",
    )
    app.push_screen(
        FormDialog(
            f"{side.capitalize()} signs off",
            [
                FormField("name", "Name of who signs", value=git_user_name()),
                FormField("date", "Date (YYYY-MM-DD)", value=_host(app).today().isoformat()),
            ],
            _submitter(app, f"{side} sign-off", build),
            intro=intro,
        )
    )


def _date_spec() -> Any:
    from ..model.entities import Signature

    return spec_map(Signature)["date"]


@cache
def git_user_name() -> str:
    """`git config user.name`: the name a signature, a note or a version proposes ('' if none)."""
    import subprocess

    try:
        found = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=2, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def score_form(app: App[Any], experiment_id: str, by: str = "") -> None:
    """Impact, confidence and ease of an experiment, in one form.

    Without `by` it is the experiment's own score (the workbench); with `by` it is that
    person's score in the room (the session), prefilled with what they gave before and
    saved by `operations.score_as`, so the others' scores are untouched.
    """
    wb = _host(app).workbook
    experiment = wb.experiments.get(experiment_id)
    if experiment is None:
        return
    earlier = scores.score_of(experiment, by) if by else None
    shown = earlier if by else experiment
    when = _host(app).today() if by else None

    def text(value: int | None) -> str:
        return "" if value is None else str(value)

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        impact, confidence, ease = (
            _number(values[n], n, "int") for n in ("impact", "confidence", "ease")
        )

        def run(w: Workbook) -> Workbook:
            if by:
                return operations.score_as(w, experiment_id, by, impact, confidence, ease, when)
            return operations.score_experiment(w, experiment_id, impact, confidence, ease)

        return run, experiment_id

    title = clip(experiment.title, 50)
    app.push_screen(
        FormDialog(
            f"Score {title} as {by}" if by else f"Score {title}",
            [
                FormField("impact", "Impact (1-10)", value=text(getattr(shown, "impact", None))),
                FormField(
                    "confidence",
                    "Confidence (1-10)",
                    value=text(getattr(shown, "confidence", None)),
                ),
                FormField("ease", "Ease (1-10)", value=text(getattr(shown, "ease", None))),
            ],
            _submitter(app, f"score as {by}" if by else "score experiment", build),
        )
    )


def goal_form(app: App[Any], outcome_id: str) -> None:
    """The whole goal in one place: stage, learning goal, baseline, target, unit, deadline.

    The values are applied together, so the order they are filled in does not matter:
    moving to a performance goal sets the numbers first, then the stage.
    """
    wb = _host(app).workbook
    outcome = wb.product_outcomes.get(outcome_id)
    if outcome is None:
        return

    def text(value: object) -> str:
        if value is None:
            return ""
        return f"{value:g}" if isinstance(value, float | int) else str(value)

    numbers = ("baseline", "target", "unit", "deadline", "learning_goal")

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        parsed = {
            name: parse_text(spec_map(ProductOutcome)[name], values[name], name) for name in numbers
        }

        def run(w: Workbook) -> Workbook:
            if values["stage"] == "learning":
                w = operations.set_field(w, outcome_id, "stage", "learning")
            for name in numbers:
                w = operations.set_field(w, outcome_id, name, parsed[name])
            return operations.set_field(w, outcome_id, "stage", values["stage"])

        return run, outcome_id

    app.push_screen(
        FormDialog(
            f"Goal of {clip(outcome.title, 50)}",
            [
                FormField(
                    "stage",
                    "Stage",
                    "select",
                    outcome.stage,
                    [
                        ("learning: find out what moves the metric first", "learning"),
                        ("performance: a target by a deadline", "performance"),
                    ],
                ),
                FormField("learning_goal", "Learning goal", "text", outcome.learning_goal),
                FormField("baseline", "Baseline", value=text(outcome.baseline)),
                FormField("target", "Target", value=text(outcome.target)),
                FormField("unit", "Unit (%, per week...)", value=outcome.unit),
                FormField(
                    "deadline", "Deadline", value=text(outcome.deadline), placeholder="YYYY-MM-DD"
                ),
            ],
            _submitter(app, "set the goal", build),
            intro="A performance goal needs a baseline, a target and a deadline; "
            "fill them in any order.",
        )
    )


def experiment_form(app: App[Any], solution_id: str = "", experiment_id: str = "") -> None:
    """Add an experiment under a solution, or edit one: what it tests, its status and result."""
    wb = _host(app).workbook
    existing = wb.experiments.get(experiment_id) if experiment_id else None
    if not wb.solutions:
        app.notify("Add a solution first: an experiment tests an assumption behind one.")
        return
    solution = existing.solution if existing else (solution_id or next(iter(wb.solutions)))
    fields = [
        FormField("title", "Title", value=existing.title if existing else ""),
        FormField("hypothesis", "Hypothesis", "text", existing.hypothesis if existing else ""),
        FormField(
            "assumption",
            "Assumption type",
            "select",
            existing.assumption if existing else "desirability",
            [(a, a) for a in ASSUMPTION_TYPES],
        ),
        FormField("solution", "Solution it tests", "select", solution, _options(wb, "solution")),
    ]
    if existing is not None:
        fields += [
            FormField(
                "status", "Status", "select", existing.status, [(x, x) for x in EXPERIMENT_STATUSES]
            ),
            FormField("owner", "Owner (who runs it)", value=existing.owner),
            FormField("result", "Result (what you learned)", "text", existing.result),
        ]

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        if existing is None:

            def create(w: Workbook) -> tuple[Workbook, str]:
                return operations.create(
                    w,
                    "experiment",
                    values["title"],
                    solution=values["solution"],
                    hypothesis=values["hypothesis"],
                    assumption=values["assumption"],
                )

            return create, ""

        def edit(w: Workbook) -> Workbook:
            if values["solution"] != existing.solution:
                w = operations.move(w, existing.id, values["solution"])
            for name in ("title", "hypothesis", "assumption", "status", "owner", "result"):
                w = operations.set_field(w, existing.id, name, values[name])
            return w

        return edit, existing.id

    title = f"Edit {clip(existing.title, 50)}" if existing else "New experiment"
    label = "edit experiment" if existing else "add experiment"
    app.push_screen(FormDialog(title, fields, _submitter(app, label, build)))


def new_version_form(app: App[Any], metric_id: str) -> None:
    """A new metric version: definition, kind and (required) the reason for the change."""
    wb = _host(app).workbook
    metric = wb.metrics.get(metric_id)
    if metric is None:
        return
    latest = metric.latest()
    kind = latest.kind if latest else "behaviour"

    def build(values: dict[str, str]) -> tuple[Callable[..., Any], str]:
        def run(w: Workbook) -> Workbook:
            return operations.add_metric_version(
                w,
                metric_id,
                values["definition"],
                values["kind"],
                values["rationale"],
                when=_host(app).today(),
                author=values["author"],
                make_current=values["status"] == "current",
                title=values["title"],
            )

        return run, metric_id

    app.push_screen(
        FormDialog(
            f"New version of {clip(metric.title, 50)}",
            [
                FormField(
                    "title", "Title of the metric (what it measures now)", value=metric.title
                ),
                FormField("definition", "Definition", "text", latest.definition if latest else ""),
                FormField("kind", "Kind", "select", kind, [(k, k) for k in METRIC_KINDS]),
                FormField("rationale", "Why change it? (required: what did you learn?)", "text"),
                FormField("author", "Who (optional)", value=git_user_name()),
                FormField(
                    "status",
                    "Status",
                    "select",
                    "current",
                    [
                        ("current (supersedes the current one)", "current"),
                        ("proposed (to discuss first)", "proposed"),
                    ],
                ),
            ],
            _submitter(app, "new metric version", build),
            intro="Earlier versions stay in the history with their reasons.",
        )
    )

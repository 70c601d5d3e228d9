"""One-line labels for entities, always built as rich Text so user text stays literal."""

from __future__ import annotations

from rich.text import Text

from ...model import scores
from ...model.agreement import agreement_of
from ...model.entities import KIND_LABELS
from ...model.workbook import Workbook
from ...safety import inert, one_line
from ..findings import FindingSet
from ..outline_shape import UNPLACED, Item, metric_summary

GLYPHS = {
    "north_star": "★",
    "business_outcome": "◆",
    "product_outcome": "●",
    "metric": "≈",
    "guardrail": "⊘",
    "opportunity": "◇",
    "solution": "▸",
    "experiment": "⚑",
}
MAX_TEXT = 90


def plain(text: str, style: str = "") -> Text:
    """User text for a widget: control characters visible, never read as markup."""
    return Text(inert(text), style=style)


def line(text: str, style: str = "") -> Text:
    """User text on one line, for a row or a title."""
    return Text(one_line(text), style=style)


def clip(text: str, width: int = MAX_TEXT) -> str:
    flat = one_line(text)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def entity_title(wb: Workbook, entity_id: str) -> Text:
    """`title (id)` for lists and dialogs."""
    entity = wb.find(entity_id)
    if entity is None:
        return Text(f"{entity_id} (missing)", style="italic")
    text = Text(clip(entity.title, 50), no_wrap=True, overflow="ellipsis")
    text.append(f"  ({entity_id})", style="dim")
    return text


def _counts(wb: Workbook, item: Item) -> str:
    entity_id = item.entity_id
    if item.kind == "north_star":
        n_bo = len(wb.business_outcomes_under(entity_id))
        n_po = len(wb.outcomes_driving(entity_id))
        parts = [plural(n_bo, "business outcome")] if n_bo else []
        if n_po:
            parts.append(plural(n_po, "product outcome"))
        return ", ".join(parts)
    if item.kind == "business_outcome":
        return plural(len(wb.outcomes_driving(entity_id)), "product outcome")
    if item.kind == "product_outcome":
        outcome = wb.product_outcomes[entity_id]
        parts = [agreement_of(wb, outcome).label]
        guards = len(wb.guardrails_of(entity_id))
        opportunities = len(wb.opportunities_of(entity_id))
        if guards:
            parts.append(plural(guards, "guardrail"))
        if opportunities:
            parts.append(plural(opportunities, "opportunity", "opportunities"))
        return " · ".join(parts)
    if item.kind == "opportunity":
        n = len(wb.solutions_of(entity_id)) + len(wb.child_opportunities(entity_id))
        return plural(n, "branch", "branches") if n else ""
    if item.kind == "solution":
        n = len(wb.experiments_of(entity_id))
        return plural(n, "experiment") if n else ""
    if item.kind == "experiment":
        experiment = wb.experiments[entity_id]
        ice = f"ICE {scores.describe(experiment, wb.meta.ice).replace('-', '–')}"
        return f"{experiment.status} · {ice}"
    return ""


def _markers(text: Text, findings: FindingSet | None, entity_id: str) -> None:
    if findings is None:
        return
    counts = findings.counts(entity_id)
    if counts.get("error"):
        text.append(f" ✖{counts['error']}", style="bold red")
    if counts.get("warning"):
        text.append(f" ▲{counts['warning']}", style="bold yellow")
    if counts.get("hint"):
        text.append(f" •{counts['hint']}", style="cyan")


def outline_label(wb: Workbook, item: Item, findings: FindingSet | None = None) -> Text:
    """The outline row for `item`: glyph, title, counts, finding markers, link mark."""
    if item.kind == "workbook":
        text = Text(clip(wb.meta.title), style="bold")
        if wb.meta.team:
            text.append(f"  {clip(wb.meta.team, 30)}", style="dim")
        return text
    if item.kind == UNPLACED:
        return Text("Unused or not placed under anything", style="italic")
    entity = wb.find(item.entity_id)
    if entity is None:
        return Text(f"{item.entity_id} (missing)", style="italic red")
    text = Text()
    if item.link:
        text.append("↪ ", style="dim")
    text.append(f"{GLYPHS.get(item.kind, '·')} ")
    if item.kind == "metric":
        metric = wb.metrics[item.entity_id]
        text.append(clip(metric.title, 40), style="bold" if not item.link else "italic")
        text.append(f"  {clip(metric_summary(metric), 60)}", style="dim")
    elif item.kind == "guardrail":
        guard = wb.guardrails[item.entity_id]
        guard_metric = wb.metrics.get(guard.metric)
        name = guard_metric.title if guard_metric else guard.metric
        text.append("guardrail: ", style="dim")
        text.append(clip(name, 50))
        text.append(f" {guard.describe_rule()}", style="dim")
    else:
        text.append(clip(entity.title), style="italic" if item.link else "")
        counts = _counts(wb, item)
        if counts:
            text.append(f"  {counts}", style="dim")
    if item.link:
        text.append("  (link)", style="dim italic")
    _markers(text, findings, item.entity_id)
    return text


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)

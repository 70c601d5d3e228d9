"""Hypothesis strategies that build workbooks the way people do: through the operations.

Text is hostile on purpose: markup look-alikes, quotes, backslashes, TOML
delimiters, newlines, control characters and non-ASCII, so every layer that
stores or shows text meets it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

from outcome_workbook.model import operations as op
from outcome_workbook.model.entities import (
    ENTRY_KINDS,
    GUARDRAIL_RULES,
    METRIC_KINDS,
    NOTE_KINDS,
)
from outcome_workbook.model.errors import WorkbookError
from outcome_workbook.model.workbook import Workbook

T = TypeVar("T")


class Draw(Protocol):
    """What draws a value: `draw` inside an `@st.composite`, or `data.draw` in a test."""

    def __call__(self, strategy: st.SearchStrategy[T], /) -> T: ...


NASTY = [
    "[bold]",
    "[/",
    "[/bold]",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\n",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x07",
    "\x7f",
    "\u202e",
    "# not a comment",
    "[workbook]",
    "[[metric.x.versions]]",
    "key = value",
    "Überraschung ✓ 日本語 🚀",
    "<<<<<<< HEAD",
    " ",
]

_chars = st.characters(exclude_categories=["Cs"])
texts: st.SearchStrategy[str] = st.one_of(
    st.text(_chars, max_size=24),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=4).map("".join),
    st.tuples(st.text(_chars, max_size=8), st.sampled_from(NASTY)).map("".join),
)
titles = texts.filter(lambda s: bool(s.strip()))
dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e9, max_value=1e9),
)
ice = st.one_of(st.none(), st.integers(1, 10))


def _pick(draw: Draw, wb: Workbook, kind: str) -> str:
    ids = sorted(wb.section(kind))
    return draw(st.sampled_from(ids)) if ids else "missing"


def _any_id(draw: Draw, wb: Workbook) -> str:
    ids = sorted(entity.id for _, entity in wb.entities())
    return draw(st.sampled_from(ids)) if ids else "missing"


Action = Callable[[Draw, Workbook], Workbook]


def _create(kind: str, **fields: Callable[[Draw, Workbook], Any]) -> Action:
    def action(draw: Draw, wb: Workbook) -> Workbook:
        values = {name: make(draw, wb) for name, make in fields.items()}
        return op.create(wb, kind, draw(titles), **values)[0]

    return action


def _text_field(kind: str, name: str) -> Action:
    return lambda draw, wb: op.set_field(wb, _pick(draw, wb, kind), name, draw(texts))


ACTIONS: list[Action] = [
    _create("north_star", definition=lambda d, wb: d(texts)),
    _create("business_outcome", north_star=lambda d, wb: _pick(d, wb, "north_star")),
    _create("business_outcome", measure=lambda d, wb: d(texts)),
    _create(
        "product_outcome",
        drives=lambda d, wb: (_pick(d, wb, "business_outcome"),),
        description=lambda d, wb: d(texts),
    ),
    lambda d, wb: op.add_metric(
        wb, d(titles), d(titles), d(st.sampled_from(METRIC_KINDS)), d(texts), d(dates), d(texts)
    )[0],
    lambda d, wb: op.set_field(
        wb, _pick(d, wb, "product_outcome"), "metric", _pick(d, wb, "metric")
    ),
    lambda d, wb: op.attach_guardrail(
        wb,
        _pick(d, wb, "product_outcome"),
        _pick(d, wb, "metric"),
        d(st.sampled_from(GUARDRAIL_RULES)),
        d(st.one_of(st.none(), numbers)),
        d(texts),
    )[0],
    _create("opportunity", outcome=lambda d, wb: _pick(d, wb, "product_outcome")),
    _create("opportunity", parent=lambda d, wb: _pick(d, wb, "opportunity")),
    _create("solution", opportunity=lambda d, wb: _pick(d, wb, "opportunity")),
    _create(
        "experiment",
        solution=lambda d, wb: _pick(d, wb, "solution"),
        hypothesis=lambda d, wb: d(texts),
        impact=lambda d, wb: d(ice),
    ),
    _text_field("product_outcome", "scope"),
    _text_field("business_outcome", "why_now"),
    _text_field("experiment", "result"),
    lambda d, wb: op.set_field(wb, _any_id(d, wb), "title", d(titles)),
    lambda d, wb: op.set_field(wb, _pick(d, wb, "product_outcome"), "baseline", d(numbers)),
    lambda d, wb: op.set_goal(
        wb,
        _pick(d, wb, "product_outcome"),
        stage="performance",
        baseline=d(numbers),
        target=d(numbers),
        deadline=d(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1))),
        unit=d(texts),
    ),
    lambda d, wb: op.set_goal(
        wb, _pick(d, wb, "product_outcome"), stage="learning", learning_goal=d(texts)
    ),
    lambda d, wb: op.add_metric_version(
        wb,
        _pick(d, wb, "metric"),
        d(titles),
        d(st.sampled_from(METRIC_KINDS)),
        d(titles),
        d(dates),
        d(texts),
        d(st.booleans()),
    ),
    lambda d, wb: op.make_version_current(wb, _pick(d, wb, "metric"), d(st.integers(0, 4))),
    lambda d, wb: op.set_self_check(
        wb,
        _pick(d, wb, "product_outcome"),
        d(st.sampled_from(["behaviour", "without_helping", "single_feature", "guarded"])),
        d(st.sampled_from(["", "yes", "no", "unsure"])),
    ),
    lambda d, wb: op.add_negotiation_entry(
        wb,
        _pick(d, wb, "product_outcome"),
        d(st.sampled_from(["leadership", "team"])),
        d(st.sampled_from(ENTRY_KINDS)),
        d(titles),
        d(dates),
        d(texts),
    ),
    lambda d, wb: op.sign_off(
        wb, _pick(d, wb, "product_outcome"), d(st.sampled_from(["leadership", "team"])), d(titles)
    ),
    lambda d, wb: op.withdraw_sign_off(
        wb, _pick(d, wb, "product_outcome"), d(st.sampled_from(["leadership", "team"]))
    ),
    lambda d, wb: op.add_note(
        wb, _any_id(d, wb), d(titles), d(st.sampled_from(NOTE_KINDS)), d(texts), d(dates)
    ),
    lambda d, wb: op.score_experiment(wb, _pick(d, wb, "experiment"), d(ice), d(ice), d(ice)),
    lambda d, wb: op.link(wb, _pick(d, wb, "product_outcome"), _pick(d, wb, "north_star")),
    lambda d, wb: op.unlink(wb, _pick(d, wb, "product_outcome"), _pick(d, wb, "business_outcome")),
    lambda d, wb: op.move(wb, _pick(d, wb, "opportunity"), _pick(d, wb, "opportunity")),
    lambda d, wb: op.move(wb, _pick(d, wb, "solution"), _pick(d, wb, "opportunity")),
    lambda d, wb: op.delete(wb, _any_id(d, wb)),
    lambda d, wb: op.rename(
        wb, _any_id(d, wb), d(st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?", fullmatch=True))
    ),
    lambda d, wb: op.set_meta(wb, "team", d(texts)),
    lambda d, wb: op.set_meta(wb, "ice", d(st.sampled_from(["product", "mean"]))),
]


def apply_random_edits(draw: Draw, wb: Workbook, count: int) -> Workbook:
    """Apply `count` random operations; misuse (a random pick that makes no sense) is skipped."""
    for _ in range(count):
        action = draw(st.sampled_from(ACTIONS))
        with contextlib.suppress(WorkbookError):
            wb = action(draw, wb)
    return wb


@st.composite
def workbooks(draw: Draw, max_actions: int = 30) -> Workbook:
    """A valid workbook grown from nothing by random operations."""
    wb = op.new_workbook(draw(titles), team=draw(texts))
    # A skeleton first, so later actions have something to attach to.
    for kind in ("north_star", "business_outcome"):
        wb = op.create(wb, kind, draw(titles))[0]
    wb, metric = op.add_metric(wb, draw(titles), draw(titles), "behaviour")
    wb = op.create(wb, "product_outcome", draw(titles), metric=metric)[0]
    return apply_random_edits(draw, wb, draw(st.integers(min(5, max_actions), max_actions)))


@st.composite
def edits(draw: Draw, wb: Workbook, max_actions: int = 3) -> Workbook:
    return apply_random_edits(draw, wb, draw(st.integers(1, max_actions)))

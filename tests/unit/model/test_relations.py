"""The table of relations: every row names a real field and real kinds, and what is derived
from it (reference fields, parents, the parent an entity sits under) says what it did."""

from __future__ import annotations

import dataclasses

from outcome_workbook.graph.build import edges
from outcome_workbook.model import operations as op
from outcome_workbook.model.entities import ENTITY_CLASSES, KINDS
from outcome_workbook.model.relations import (
    PARENT_FIELDS,
    REFERENCE_FIELDS,
    RELATIONS,
    placing,
    relation_to,
)

from .builders import small_workbook


def test_every_row_names_a_field_of_its_kind_and_kinds_that_exist() -> None:
    for row in RELATIONS:
        names = {f.name for f in dataclasses.fields(ENTITY_CLASSES[row.source])}
        assert row.field in names
        assert row.targets and set(row.targets) <= set(KINDS)
    assert [kind for kind in KINDS if kind in REFERENCE_FIELDS] == list(REFERENCE_FIELDS)
    assert [r.field for r in RELATIONS if r.many] == ["drives"]


def test_derived_tables() -> None:
    assert REFERENCE_FIELDS["opportunity"] == {
        "outcome": ("product_outcome",),
        "parent": ("opportunity",),
    }
    assert PARENT_FIELDS == {
        "business_outcome": {"north_star": "north_star"},
        "guardrail": {"product_outcome": "outcome"},
        "opportunity": {"product_outcome": "outcome", "opportunity": "parent"},
        "solution": {"opportunity": "opportunity"},
        "experiment": {"solution": "solution"},
    }
    found = relation_to("product_outcome", "north_star")
    assert found is not None and (found.field, found.parent) == ("drives", False)
    assert relation_to("metric", "product_outcome") is None


def test_an_opportunity_with_both_parents_sits_under_the_narrower_everywhere() -> None:
    """A file can set both (the checks report it); the graph, `parent_of` and the outline
    all follow the parent opportunity."""
    wb = small_workbook()
    both = dataclasses.replace(wb.opportunities["skim"], outcome="employers-hire")
    assert both.parent == "unsure"
    sections = {**wb.sections, "opportunity": {**wb.opportunities, "skim": both}}
    wb = dataclasses.replace(wb, sections=sections)
    row = placing("opportunity", both)
    assert row is not None and row.field == "parent"
    assert op.parent_of(wb, "skim") == "unsure"
    assert [e for e in edges(wb) if e[0] == "skim"] == [("skim", "unsure", "addresses")]

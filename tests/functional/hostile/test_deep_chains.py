"""Walks over references stay iterative and linear: chains and loops 100,000 long.

Each walk (an opportunity's root, its top, the loops, what the outline cannot
place, the structural problems, the cycle check, the drawn tree) is timed in
CPU seconds against a budget that a quadratic walk would blow by orders of
magnitude (100,000 squared is 10^10 steps) and a recursive one would not
survive at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from outcome_workbook.checks.registry import run_checks
from outcome_workbook.graph.build import build_graph
from outcome_workbook.graph.drawing import draw
from outcome_workbook.model.entities import (
    BusinessOutcome,
    NorthStar,
    Opportunity,
    ProductOutcome,
    Solution,
    WorkbookMeta,
)
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store.codec import semantic_problems
from outcome_workbook.tui import outline_shape as outline

from .corpus import GOOD, assert_no_crash, run_cli

N = 100_000
T = TypeVar("T")


def timed(budget_s: float, work: Callable[[], T]) -> T:
    start = time.process_time()
    result = work()
    spent = time.process_time() - start
    assert spent < budget_s, f"{spent:.2f} s of CPU, over {budget_s} s"
    return result


def chain(n: int, loop: bool) -> Workbook:
    """o0 under the product outcome, each o{i} under o{i-1}; with `loop`, o0 under o{n-1}."""
    opportunities = {
        f"o{i}": Opportunity(
            id=f"o{i}",
            title=f"O{i}",
            outcome="po" if i == 0 and not loop else "",
            parent=f"o{i - 1}" if i else (f"o{n - 1}" if loop else ""),
        )
        for i in range(n)
    }
    return Workbook(
        meta=WorkbookMeta(title="Deep", north_star="ns"),
        sections={
            "north_star": {"ns": NorthStar(id="ns", title="NS")},
            "business_outcome": {"bo": BusinessOutcome(id="bo", title="BO", north_star="ns")},
            "product_outcome": {"po": ProductOutcome(id="po", title="PO", drives=("bo",))},
            "opportunity": opportunities,
            "solution": {"s": Solution(id="s", title="S", opportunity=f"o{n - 1}")},
        },
    )


@pytest.fixture(scope="module")
def deep() -> Workbook:
    return chain(N, loop=False)


@pytest.fixture(scope="module")
def ring() -> Workbook:
    return chain(N, loop=True)


def test_a_chain_100000_deep_is_walked_once(deep: Workbook) -> None:
    assert timed(1.0, lambda: deep.outcome_of_opportunity(f"o{N - 1}")) == "po"
    assert deep.opportunity_top(f"o{N - 1}") == "o0"
    assert timed(0.5, deep.opportunity_loops) == []
    assert timed(1.0, lambda: semantic_problems(deep, "deep.toml", {})) == []
    assert timed(1.5, lambda: outline.unplaced(deep)) == []
    findings = timed(1.0, lambda: run_checks(deep, select=["OW302"]))
    assert findings == []


def test_a_loop_100000_long_is_found_once_and_named_briefly(ring: Workbook) -> None:
    loops = timed(1.0, ring.opportunity_loops)
    assert len(loops) == 1 and len(loops[0]) == N and loops[0][0] == "o0"
    assert ring.outcome_of_opportunity("o5") == ""  # no outcome anywhere on the loop
    assert ring.opportunity_top("o5") == ""
    (problem,) = timed(1.0, lambda: semantic_problems(ring, "ring.toml", {}))
    assert problem.table_path == "opportunity.o0.parent"
    assert "more" in problem.message and len(problem.message) < 200
    unplaced = timed(1.5, lambda: outline.unplaced(ring))
    assert len(unplaced) == N + 1  # every opportunity, and the solution under them
    (finding,) = timed(1.0, lambda: run_checks(ring, select=["OW302"]))
    assert len(finding.message) < 300


def test_a_deep_chain_draws_in_lines_no_wider_than_the_screen() -> None:
    """Indenting every level would make the drawing grow with the square of the depth."""
    graph = build_graph(chain(5_000, loop=False))
    lines = timed(3.0, lambda: draw(graph, width=80))
    assert len(lines) >= 5_000
    assert max(len(line.text) for line in lines) <= 80
    assert any(line.text.startswith("» ") for line in lines), "deeper levels are marked"


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outside tester's case: a workbook whose opportunities chain 5,000 deep."""
    path = tmp_path_factory.mktemp("deep") / "deep.toml"
    head = GOOD.read_text(encoding="utf-8").split("[solution.one-click-installer]")
    parts = [
        head[0],
        '[opportunity.c0]\ntitle = "C0"\nparent = "firewall-prompts-scare-people"\n\n',
    ]
    parts += [
        f'[opportunity.c{i}]\ntitle = "C{i}"\nparent = "c{i - 1}"\n\n' for i in range(1, 5000)
    ]
    parts.append("[solution.one-click-installer]" + head[1])
    path.write_text("".join(parts), encoding="utf-8")
    return path


# The commands the tester timed (each hung past 15 s), and a budget of 2 s of CPU each.
TIMED = [
    ["validate"],
    ["check"],
    ["graph"],
    ["graph", "--format", "dot"],
    ["report"],
    ["fmt", "--check"],
]


@pytest.mark.parametrize("argv", TIMED, ids=" ".join)
def test_every_command_on_a_chain_5000_deep_is_done_within_2_s(
    chain_file: Path, argv: list[str]
) -> None:
    run = timed(2.0, lambda: run_cli([*argv, chain_file.name], chain_file.parent))
    assert_no_crash(run.text)
    assert run.code in (0, 1), run.text

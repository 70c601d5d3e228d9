"""Graph speed: build, each export and a focused drawing, on a workbook of N outcomes.

    python -m benchmarks.graph_speed --n 10 100 1000

`measure(workbook)` is what the benchmark suite calls; `synthetic_workbook(n)`
builds a deterministic workbook in memory (about 11 entities per outcome) for
when no generated file is given. Targets at 1,000 outcomes (~10,000 nodes):
build < 0.3 s, each export < 0.5 s, focused drawing < 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from outcome_workbook.model import (
    BusinessOutcome,
    Experiment,
    Guardrail,
    Metric,
    MetricVersion,
    NorthStar,
    Opportunity,
    ProductOutcome,
    Solution,
    Workbook,
    WorkbookMeta,
)

TARGETS = {"build_s": 0.3, "export_s": 0.5, "focus_text_s": 0.2}
_WORD_TEXT = (
    "new accounts start sessions share reports invite teammates connect devices finish setup "
    "return weekly trial convert review courses apply jobs hire graduates renew plans switch food"
)
_WORDS = tuple(_WORD_TEXT.split())


def _title(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize()


def synthetic_workbook(n: int, seed: int = 7) -> Workbook:
    """N product outcomes under N/10 business outcomes and one NSM, each with a 3-version metric,
    1-2 guardrails (sentiment metrics shared by ten outcomes), a two-level opportunity tree,
    two solutions and four scored experiments."""
    rng = random.Random(seed)
    day = date(2025, 1, 1)
    sections: dict[str, dict[str, Any]] = {
        kind: {}
        for kind in (
            "north_star",
            "business_outcome",
            "product_outcome",
            "metric",
            "guardrail",
            "opportunity",
            "solution",
            "experiment",
        )
    }
    sections["north_star"]["nsm"] = NorthStar(id="nsm", title="Weekly active teams")
    business = [f"bo-{i}" for i in range(max(n // 10, 1))]
    for bo in business:
        sections["business_outcome"][bo] = BusinessOutcome(
            id=bo, title=_title(rng, 5), north_star="nsm"
        )
    for i in range(n):
        po, metric = f"po-{i}", f"m-{i}"
        versions = tuple(
            MetricVersion(
                definition=_title(rng, 9),
                kind="behaviour",
                status="current" if v == 2 else "superseded",
                date=day + timedelta(days=i + v),
                rationale=_title(rng, 8),
            )
            for v in range(3)
        )
        sections["metric"][metric] = Metric(id=metric, title=_title(rng, 4), versions=versions)
        drives = tuple(sorted({rng.choice(business) for _ in range(rng.choice((1, 1, 2)))}))
        sections["product_outcome"][po] = ProductOutcome(
            id=po,
            title=_title(rng, 7),
            drives=drives,
            metric=metric,
            stage="performance",
            baseline=5.0,
            target=50.0,
            unit="%",
            deadline=day + timedelta(days=90),
            status="agreed",
        )
        shared = f"sentiment-{i // 10}"
        if shared not in sections["metric"]:
            sections["metric"][shared] = Metric(
                id=shared,
                title=_title(rng, 3),
                versions=(
                    MetricVersion(definition=_title(rng, 6), kind="sentiment", status="current"),
                ),
            )
        guards = [shared] + ([f"load-{i}"] if i % 2 else [])
        for metric_id in guards[1:]:
            sections["metric"][metric_id] = Metric(
                id=metric_id,
                title=_title(rng, 3),
                versions=(
                    MetricVersion(definition=_title(rng, 6), kind="other", status="current"),
                ),
            )
        for g, metric_id in enumerate(guards):
            gid = f"g-{i}-{g}"
            sections["guardrail"][gid] = Guardrail(
                id=gid, title=_title(rng, 4), outcome=po, metric=metric_id, value=4.0
            )
        top, nested = f"o-{i}-a", f"o-{i}-b"
        sections["opportunity"][top] = Opportunity(id=top, title=_title(rng, 6), outcome=po)
        sections["opportunity"][nested] = Opportunity(id=nested, title=_title(rng, 6), parent=top)
        for s in range(2):
            sid = f"s-{i}-{s}"
            sections["solution"][sid] = Solution(
                id=sid, title=_title(rng, 5), opportunity=nested if s else top
            )
            for e in range(2):
                eid = f"e-{i}-{s}-{e}"
                sections["experiment"][eid] = Experiment(
                    id=eid,
                    title=_title(rng, 6),
                    solution=sid,
                    impact=rng.randint(1, 10),
                    confidence=rng.randint(1, 10),
                    ease=rng.randint(1, 10),
                )
    meta = WorkbookMeta(title=f"Synthetic workbook, {n} outcomes", north_star="nsm")
    return Workbook(meta=meta, sections=sections)


def _best(action: Callable[[], object], repeat: int) -> float:
    """Best CPU time of this process: on a shared machine, wall time mostly measures neighbours."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def measure(
    workbook: Workbook | None = None, repeat: int = 3, path: Path | str | None = None
) -> dict[str, Any]:
    """CPU seconds (best of `repeat`): build, each export, the full and a focused drawing.

    Give a workbook, or the `path` of a workbook file (how the benchmark suite calls it).
    """
    if workbook is None:
        if path is None:
            raise ValueError("measure() needs a workbook or a path")
        from outcome_workbook.store import parse, read_bytes

        workbook = parse(read_bytes(Path(path)), str(path)).workbook
    from outcome_workbook.graph.build import build_graph
    from outcome_workbook.graph.dot import to_dot
    from outcome_workbook.graph.drawing import draw, draw_focus
    from outcome_workbook.graph.json_export import to_json
    from outcome_workbook.graph.mermaid import to_mermaid

    graph = build_graph(workbook)
    focus = sorted(workbook.product_outcomes)[0] if workbook.product_outcomes else "nsm"
    return {
        "outcomes": len(workbook.product_outcomes),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "build_s": _best(lambda: build_graph(workbook), repeat),
        "build_history_s": _best(lambda: build_graph(workbook, history=True), repeat),
        "export_mermaid_s": _best(lambda: to_mermaid(graph), repeat),
        "export_dot_s": _best(lambda: to_dot(graph), repeat),
        "export_json_s": _best(lambda: to_json(graph), repeat),
        "text_full_s": _best(lambda: draw(graph, width=100), repeat),
        "focus_text_s": _best(lambda: draw_focus(graph, focus, 2, width=100), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()
    results = [measure(synthetic_workbook(n)) for n in args.n]
    for result in results:
        print(
            " ".join(
                f"{key}={value:.4f}" if isinstance(value, float) else f"{key}={value}"
                for key, value in result.items()
            )
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump(results, stream, indent=2)


if __name__ == "__main__":
    main()

"""Generate a realistic, deterministic workbook of N product outcomes for benchmarks.

Usage: python -m benchmarks.generate N [-o PATH] [--seed S]

The workbook is built only through `model.operations` and written with
`WorkbookFile.create`, so it is exactly the product's own format. Then comments
are added where people put them (above some tables, after some values) by a
text edit that keeps the file valid TOML, as a hand edit in git would.

Shape, per product outcome: one metric with 3-6 versions (each with a
rationale), 1-2 guardrails on shared sentiment/health metrics, negotiation
entries from both sides, sign-offs on some, an opportunity solution tree (2-3
opportunities, 1-2 solutions each, 1-3 ICE-scored experiments each) and notes.
About N/10 business outcomes under one North Star Metric.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from outcome_workbook.model import operations as ops
from outcome_workbook.model.entities import KINDS, Entity
from outcome_workbook.model.workbook import Workbook
from outcome_workbook.store import WorkbookFile

START = date(2023, 1, 9)

SEGMENTS = (
    "new sign-ups",
    "small teams",
    "enterprise admins",
    "mobile shoppers",
    "returning customers",
    "trial users",
    "first-time buyers",
    "field technicians",
    "account owners",
    "students",
)
BEHAVIOURS = (
    ("complete their first order", "orders completed in the first week", "orders"),
    ("invite a teammate", "accounts with a second active member", "%"),
    ("connect an integration and use it", "weekly use of a connected integration", "%"),
    ("finish onboarding", "sign-ups reaching their first report", "%"),
    ("come back within a week", "visitors returning within 7 days", "%"),
    ("resolve issues without support", "issues closed without a ticket", "%"),
    ("reorder without reminders", "repeat orders placed unprompted", "orders"),
    ("share a dashboard", "dashboards viewed by someone other than the author", "%"),
    ("book a second session", "customers booking again within 30 days", "%"),
    ("find a match on the first search", "searches ending in a saved result", "%"),
)
BUSINESS = (
    ("Grow net revenue retention", "net revenue retention, trailing 12 months"),
    ("Reduce cost to serve", "support cost per active account"),
    ("Lift gross margin on orders", "gross margin per order"),
    ("Cut first-year churn", "logo churn within 12 months of purchase"),
    ("Win the mid-market segment", "share of new mid-market contracts"),
    ("Raise expansion revenue", "expansion revenue as a share of total"),
)
GUARD_METRICS = (
    ("Customer satisfaction (CSAT)", "mean CSAT from the in-app survey, 1-5", "sentiment"),
    ("Net Promoter Score", "quarterly NPS from the relationship survey", "sentiment"),
    ("Support tickets per account", "tickets opened per active account per week", "other"),
    ("Refund rate", "refunded orders as a share of all orders", "financial"),
    ("Page load time (p95)", "95th percentile time to interactive, seconds", "other"),
    ("Unsubscribe rate", "email unsubscribes per thousand sends", "behaviour"),
)
RATIONALES = (
    "the earlier window was too long to learn from within a quarter",
    "the count rewarded volume, not the moment customers get value",
    "the survey sample was too small to move week to week",
    "we measured adoption of one screen; customers succeed elsewhere too",
    "research showed people who do this in the first week stay",
    "leadership asked for a figure finance already tracks",
    "the proxy drifted from hires after the pricing change",
    "a shorter window gives a signal in days instead of months",
)
OPPORTUNITIES = (
    "people do not know where to start",
    "setup asks for data they do not have yet",
    "the value shows only after several visits",
    "teammates never see what was shared",
    "prices are unclear until checkout",
    "search results bury the best match",
    "reminders arrive at the wrong moment",
    "errors give no hint of what to do next",
)
SOLUTIONS = (
    "a guided first task",
    "sample data on the first screen",
    "a weekly digest of progress",
    "one-click invitations",
    "upfront price breakdown",
    "ranking by past choices",
    "reminders timed to usage",
    "inline fixes for common errors",
)
HYPOTHESES = (
    "if we show the next step, more people finish it",
    "people will try the product with sample data before importing their own",
    "a digest brings people back in the second week",
    "teammates who get a link join within a day",
    "clear prices reduce abandoned baskets",
)
PEOPLE = ("Ana", "Ben", "Chloe", "Dev", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jun")
NEGOTIATION = (
    ("leadership", "context", "the board expects this segment to carry next year's growth"),
    ("team", "insight", "interviews show people stall before they see any result"),
    ("team", "proposal", "aim at the behaviour first and keep revenue as the business outcome"),
    ("leadership", "counter-proposal", "we need a target we can report by the end of the half"),
    ("team", "concern", "a hard target now would be a guess; we want a learning goal first"),
    ("leadership", "agreement", "agreed: learning goal this quarter, performance goal next"),
)
COMMENTS_ABOVE = (
    "# Agreed in the quarterly planning session.",
    "# Revisit after the pricing change ships.",
    "# Owner changed in March; see the notes below.",
    "# Draft: not reviewed with leadership yet.",
)
COMMENTS_AFTER = (
    "# from the last survey",
    "# estimated, confirm with analytics",
    "# finance's figure",
    "# rounded",
)
# Single-line scalar keys a person would annotate; their values never span lines.
_ANNOTATED = re.compile(r"^(baseline|target|value|impact|confidence|ease|deadline) = [^\"'\[{]+$")


def _day(rng: random.Random, span: int = 700) -> date:
    return START + timedelta(days=rng.randrange(span))


def _new_entities(base: Workbook, built: Workbook) -> dict[str, dict[str, Entity]]:
    """Entities `built` has that `base` does not (the part one chunk added or changed)."""
    out: dict[str, dict[str, Entity]] = {}
    for kind in KINDS:
        old = base.section(kind)
        out[kind] = {
            eid: entity for eid, entity in built.section(kind).items() if old.get(eid) is not entity
        }
    return out


def _outcome(
    wb: Workbook, rng: random.Random, index: int, bo_id: str, guards: list[str]
) -> Workbook:
    """One product outcome with its metric history, guardrails, negotiation and tree."""
    segment = SEGMENTS[index % len(SEGMENTS)]
    verb, measure, unit = BEHAVIOURS[(index // len(SEGMENTS)) % len(BEHAVIOURS)]
    title = f"More {segment} {verb}"
    po_id = f"po-{index:04d}"
    metric_id = f"m-{index:04d}"
    who = rng.choice(PEOPLE)
    when = _day(rng)
    wb, _ = ops.add_metric(
        wb,
        f"{measure.capitalize()} ({segment})",
        f"{measure} among {segment}, 90-day window",
        kind="adoption",
        rationale="first cut from the kickoff",
        when=when,
        author=who,
        entity_id=metric_id,
    )
    for version in range(rng.randint(2, 5)):
        when += timedelta(days=rng.randint(7, 60))
        window = (30, 14, 7, 5, 3)[version]
        wb = ops.add_metric_version(
            wb,
            metric_id,
            f"{measure} among {segment}, {window}-day window",
            kind=rng.choice(("behaviour", "behaviour", "adoption", "sentiment")),
            rationale=rng.choice(RATIONALES),
            when=when,
            author=rng.choice(PEOPLE),
            make_current=rng.random() > 0.15,
        )
    performance = rng.random() < 0.4
    baseline = round(rng.uniform(5, 40), 1)
    fields: dict[str, Any] = {
        "description": f"{segment.capitalize()} who {verb} get value sooner and stay longer.",
        "drives": (bo_id,),
        "scope": segment,
        "learning_goal": f"learn what makes {segment} {verb}",
        "metric": metric_id,
        "unit": unit,
    }
    if performance:
        fields |= {
            "stage": "performance",
            "baseline": baseline,
            "target": round(baseline * rng.uniform(1.2, 2.5), 1),
            "deadline": _day(rng, 900) + timedelta(days=180),
        }
    wb, _ = ops.create(wb, "product_outcome", title, po_id, **fields)
    for question in ("behaviour", "without_helping", "single_feature", "guarded"):
        if rng.random() < 0.6:
            answer = rng.choice(("yes", "no", "unsure"))
            wb = ops.set_self_check(wb, po_id, question, answer)
    for guard in rng.sample(guards, rng.randint(1, 2)):
        wb, _ = ops.attach_guardrail(
            wb,
            po_id,
            guard,
            rule=rng.choice(("not-below", "not-above", "max-worsen-pct")),
            value=round(rng.uniform(1, 10), 1),
            why="keep the gain from costing customers elsewhere",
            entity_id=f"g-{index:04d}-{guard}",
        )
    for side, kind, text in NEGOTIATION[: rng.randint(2, len(NEGOTIATION))]:
        when += timedelta(days=rng.randint(1, 9))
        wb = ops.add_negotiation_entry(wb, po_id, side, kind, text, when, rng.choice(PEOPLE))
    if rng.random() < 0.35:
        wb = ops.sign_off(wb, po_id, "leadership", rng.choice(PEOPLE), when)
        if rng.random() < 0.7:
            wb = ops.sign_off(wb, po_id, "team", rng.choice(PEOPLE), when)
    wb = ops.add_note(
        wb, po_id, f"Interviews with {rng.randint(5, 15)} {segment}.", "research", when=when
    )
    for o in range(rng.randint(2, 3)):
        opp_id = f"o-{index:04d}-{o}"
        wb, _ = ops.create(
            wb, "opportunity", rng.choice(OPPORTUNITIES).capitalize(), opp_id, outcome=po_id
        )
        if rng.random() < 0.3:
            wb = ops.add_note(wb, opp_id, "Heard in most interviews.", "evidence")
        for s in range(rng.randint(1, 2)):
            sol_id = f"s-{index:04d}-{o}{s}"
            wb, _ = ops.create(
                wb, "solution", rng.choice(SOLUTIONS).capitalize(), sol_id, opportunity=opp_id
            )
            for e in range(rng.randint(1, 3)):
                wb, _ = ops.create(
                    wb,
                    "experiment",
                    f"Test {rng.choice(SOLUTIONS)}",
                    f"x-{index:04d}-{o}{s}{e}",
                    solution=sol_id,
                    hypothesis=rng.choice(HYPOTHESES),
                    status=rng.choice(("planned", "running", "validated", "invalidated")),
                    impact=rng.randint(1, 10),
                    confidence=rng.randint(1, 10),
                    ease=rng.randint(1, 10),
                )
    return wb


def build(n: int, seed: int = 1) -> Workbook:
    """A workbook of `n` product outcomes; the same `n` and `seed` give the same workbook."""
    rng = random.Random(seed)
    wb = ops.new_workbook("Company outcomes", team="Product")
    wb, nsm = ops.create(
        wb,
        "north_star",
        "Weekly active teams",
        "weekly-active-teams",
        definition="teams with at least two members doing real work in a week",
    )
    guards: list[str] = []
    for number, (title, definition, kind) in enumerate(GUARD_METRICS):
        wb, guard_id = ops.add_metric(
            wb, title, definition, kind, "company-wide health measure", START, "Ana", f"h-{number}"
        )
        guards.append(guard_id)
    bo_count = max(1, round(n / 10))
    bo_ids: list[str] = []
    for b in range(bo_count):
        title, measure = BUSINESS[b % len(BUSINESS)]
        wb, bo_id = ops.create(
            wb,
            "business_outcome",
            f"{title} ({b + 1})",
            f"bo-{b:03d}",
            description="Leadership's goal for the year.",
            measure=measure,
            owner=rng.choice(PEOPLE),
            north_star=nsm,
        )
        bo_ids.append(bo_id)
    # Build outcomes in chunks on a small workbook, then join the chunks: every
    # entity still goes through the operations, without paying for the whole
    # workbook on each call.
    base = wb
    sections: dict[str, dict[str, Entity]] = {kind: dict(base.section(kind)) for kind in KINDS}
    for b, bo_id in enumerate(bo_ids):
        chunk = base
        for index in range(b, n, bo_count):
            chunk = _outcome(chunk, rng, index, bo_id, guards)
        for kind, added in _new_entities(base, chunk).items():
            sections[kind].update(added)
    return Workbook(meta=base.meta, sections=sections)


def add_comments(text: str, seed: int = 1) -> str:
    """Put comments where people put them: above some tables and after some values."""
    rng = random.Random(seed + 1)
    out: list[str] = []
    for line in text.split("\n"):
        if line.startswith(("[product_outcome.", "[business_outcome.")) and rng.random() < 0.3:
            out.append(rng.choice(COMMENTS_ABOVE))
        elif _ANNOTATED.match(line) and rng.random() < 0.1:
            line = f"{line}  {rng.choice(COMMENTS_AFTER)}"
        out.append(line)
    return "\n".join(out)


def generate(n: int, path: Path, seed: int = 1) -> Path:
    """Write the workbook for `n` to `path` (which must not exist) and return the path."""
    workbook = build(n, seed)
    WorkbookFile.create(path, workbook)
    text = path.read_text(encoding="utf-8")
    path.write_text(add_comments(text, seed), encoding="utf-8")
    return path


def section_counts(sections: Mapping[str, Mapping[str, Entity]]) -> dict[str, int]:
    return {kind: len(sections.get(kind, {})) for kind in KINDS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("n", type=int, help="number of product outcomes")
    parser.add_argument("-o", "--output", type=Path, help="where to write (default: wb-N.toml)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    args = parser.parse_args(argv)
    path: Path = args.output or Path(f"wb-{args.n}.toml")
    if path.exists():
        if not args.force:
            print(f"{path} exists; use --force to overwrite it", file=sys.stderr)
            return 2
        path.unlink()
    generate(args.n, path, args.seed)
    print(f"{path}: {path.stat().st_size} bytes, {args.n} product outcomes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

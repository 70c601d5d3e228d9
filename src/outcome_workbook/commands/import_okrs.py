"""`outcomes import FILE.csv|FILE.md -o WORKBOOK.toml`: a draft workbook from a team's OKRs.

Each objective becomes a business outcome. Its key results are sorted with the coaching
checks' own reading of a statement: a financial result is a business outcome, an output
(something to ship) is kept as a proposed solution with OW101's question attached, and
everything else is a product outcome driving the objective. A key result whose words only
suggest work the team does (OW110's hint: "Increase unit test coverage to 80%") stays where
it would sit, with OW110's question in its description: only an error moves it. `outcomes
check` on the draft then says what to fix. Nothing is written unless the whole list reads cleanly.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from ..checks import heuristics
from ..checks.quote import because, quote
from ..checks.traps import output_question, unsure_question
from ..exit_codes import EXIT_BAD_INPUT, EXIT_OK
from ..model import operations as op
from ..model.workbook import Workbook
from ..safety import one_line
from .common import Located, title_from_name, write_new
from .okr_lists import Objective, read_list

PLACEHOLDER_OUTCOME = "A change in what customers do (to be named)"
PLACEHOLDER_NEED = "Customers struggle with something these solutions address (to be named)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .csv (objective,key_result) or .md list")
    parser.add_argument(
        "-o", "--output", required=True, metavar="WORKBOOK", help="the workbook to create"
    )
    parser.add_argument("--title", help="the workbook's title (default: from the list's name)")
    parser.add_argument("--team", default="", help="the team that owns the workbook")


@dataclass
class Tally:
    business: int = 0
    product: int = 0
    solutions: int = 0


def run(args: argparse.Namespace) -> int:
    target = Path(args.output)
    shown = one_line(str(target))
    if target.exists():
        print(f"outcomes import: {shown} exists; not overwriting it", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        objectives = read_list(args.file)
    except Located as bad:
        for line in bad.lines:
            print(line, file=sys.stderr)
        print(f"outcomes import: nothing was written to {shown}", file=sys.stderr)
        return EXIT_BAD_INPUT
    title = args.title or title_from_name(Path(args.file)) or "Imported OKRs"
    tally = Tally()
    if not write_new(target, lambda: build(objectives, title, args.team, tally)):
        return EXIT_BAD_INPUT
    print(
        f"created {shown} from {len(objectives)} objectives: {tally.business} business "
        f"outcomes, {tally.product} product outcomes, {tally.solutions} proposed solutions"
    )
    print(f"next: outcomes check {shown}  (what to fix in the draft)")
    return EXIT_OK


def build(objectives: list[Objective], title: str, team: str, tally: Tally) -> Workbook:
    """The draft workbook, made only through the model's operations."""
    wb = op.new_workbook(title, team=team)
    for objective in objectives:
        wb, business = op.create(
            wb, "business_outcome", objective.text, description="An imported objective."
        )
        tally.business += 1
        of_objective = f"A key result of the objective {quote(objective.text)}."
        products: list[str] = []
        outputs: list[tuple[str, heuristics.Match]] = []
        for key_result in objective.key_results:
            text = key_result.text
            output = heuristics.output_in_disguise(text)
            if output is not None and output.certain:
                outputs.append((text, output))
                continue
            description = of_objective if output is None else _unsure(of_objective, output)
            if heuristics.financial_metric(text) is not None:
                wb, _ = op.create(wb, "business_outcome", text, description=description)
                tally.business += 1
            else:
                wb, product = op.create(
                    wb, "product_outcome", text, description=description, drives=(business,)
                )
                products.append(product)
                tally.product += 1
        if outputs:
            wb = _keep_outputs(wb, business, products, outputs, of_objective, tally)
    return wb


def _unsure(of_objective: str, match: heuristics.Match) -> str:
    """A kept key result's description when its words may name work the team does (the
    question quotes the words, so the sentence before it does not)."""
    question = unsure_question(match.phrase)
    return f"{of_objective} It may name work the team does or produces. {question}"


def _keep_outputs(
    wb: Workbook,
    business: str,
    products: list[str],
    outputs: list[tuple[str, heuristics.Match]],
    of_objective: str,
    tally: Tally,
) -> Workbook:
    """Outputs become proposed solutions under one opportunity still to be named."""
    if not products:
        wb, product = op.create(
            wb,
            "product_outcome",
            PLACEHOLDER_OUTCOME,
            description="The key results name things to ship but no change in behaviour.",
            drives=(business,),
        )
        products.append(product)
        tally.product += 1
    wb, need = op.create(wb, "opportunity", PLACEHOLDER_NEED, outcome=products[0])
    for text, match in outputs:
        description = (
            f"{of_objective} It is an output, something to ship{because(match.phrase, text)}. "
            f"{output_question(match)}"
        )
        wb, _ = op.create(wb, "solution", text, opportunity=need, description=description)
        tally.solutions += 1
    return wb

"""How well the coaching checks read statements from public material (the public corpus).

Each statement of ``tests/data/checks/public_statements.csv`` is put into a workbook twice: as a
product outcome's title (the outcome has no metric), and as the definition of the current
version of the metric of an outcome whose own title is neutral. The real rules run
(``run_checks``), and their trap findings (OW101-OW106, and OW110, the hint for a possible
output) are compared with the statement's label.

The corpus is split once, by a hash of the text, into a development part (rules may be shaped
by it) and a test part (nothing is tuned on it). Only the development part's misses are ever
listed; the test part gives figures only.

    python -m benchmarks.checks_accuracy                        # the table, both parts
    python -m benchmarks.checks_accuracy --part dev --misses    # tuning: the development part
                                                                # alone, and its misses
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from outcome_workbook.checks import Finding, run_checks
from outcome_workbook.store import parse

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "checks" / "public_statements.csv"
# Development statements gathered after the split, from pages the corpus does not cite: they
# are development material whatever their hash, so the test part stays the one split once.
DEV_SUPPLEMENT = CORPUS.with_name("public_statements_dev.csv")

TRAPS: tuple[str, ...] = ("output", "easy", "ugc", "traction", "sentiment", "financial")
LABELS: tuple[str, ...] = (*TRAPS, "sound")
PLACEMENTS: tuple[str, ...] = ("title", "definition")

# The finding codes that name each trap.
CODE_TRAP: dict[str, str] = {
    "OW101": "output",
    "OW110": "output",
    "OW102": "easy",
    "OW103": "ugc",
    "OW104": "traction",
    "OW105": "sentiment",
    "OW106": "financial",
}

# The targets of issue 17.
MIN_PRECISION = 0.9
MIN_RECALL = 0.85
MIN_ERROR_PRECISION = 0.98
MAX_SOUND_FLAGGED = 0.05

# An outcome title that is no trap itself, for the definition placement.
NEUTRAL_TITLE = "Outcome under review"


@dataclass(frozen=True)
class Statement:
    text: str
    labels: frozenset[str]
    source: str
    dev_only: bool = False  # from the development supplement: never in the test part

    @property
    def part(self) -> str:
        """ "dev" or "test", fixed by the text alone so the split never moves."""
        if self.dev_only:
            return "dev"
        digest = hashlib.sha256(" ".join(self.text.split()).casefold().encode()).digest()
        return "test" if digest[0] % 2 else "dev"


def _rows(path: Path, dev_only: bool) -> list[Statement]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    statements = []
    for row in csv.DictReader(lines):
        labels = frozenset(row["label"].split("+"))
        if not labels <= set(LABELS) or ("sound" in labels and len(labels) > 1):
            raise ValueError(f"bad label {row['label']!r} for {row['text']!r}")
        statements.append(Statement(row["text"], labels, row["source"], dev_only))
    return statements


def load(path: Path = CORPUS, supplement: Path | None = DEV_SUPPLEMENT) -> list[Statement]:
    """The split corpus, then the development supplement (development material only)."""
    statements = _rows(path, dev_only=False)
    if supplement is not None and supplement.exists():
        statements += _rows(supplement, dev_only=True)
    return statements


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def workbook_text(statements: Sequence[Statement], placement: str) -> str:
    """One workbook holding every statement, each in its own product outcome."""
    parts = ['[workbook]\ntitle = "Public corpus"\n']
    for index, statement in enumerate(statements):
        key = f"s{index:04d}"
        if placement == "title":
            parts.append(f"[product_outcome.{key}]\ntitle = {_quoted(statement.text)}\n")
        else:
            parts.append(
                f'[product_outcome.{key}]\ntitle = {_quoted(NEUTRAL_TITLE)}\nmetric = "m{key}"\n'
                f'[metric.m{key}]\ntitle = "Measure"\n'
                f"[[metric.m{key}.versions]]\ndefinition = {_quoted(statement.text)}\n"
                'status = "current"\n'
            )
    return "\n".join(parts)


@dataclass(frozen=True)
class Reading:
    """What the checks said about one statement in one placement."""

    statement: Statement
    placement: str
    traps: frozenset[str]
    findings: tuple[Finding, ...]


def read(statements: Sequence[Statement], placement: str) -> list[Reading]:
    workbook = parse(workbook_text(statements, placement).encode(), "public-corpus.toml").workbook
    by_entity: dict[str, list[Finding]] = {}
    for found in run_checks(workbook, select=tuple(CODE_TRAP)):
        by_entity.setdefault(found.entity, []).append(found)
    readings = []
    for index, statement in enumerate(statements):
        said = tuple(by_entity.get(f"s{index:04d}", ()))
        traps = frozenset(CODE_TRAP[f.code] for f in said)
        readings.append(Reading(statement, placement, traps, said))
    return readings


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Figures:
    """Per-trap scores, error precision and the share of sound statements flagged."""

    statements: int = 0
    traps: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TRAPS})
    errors_right: int = 0
    errors: int = 0
    sound: int = 0
    sound_flagged: int = 0

    @property
    def error_precision(self) -> float:
        return self.errors_right / self.errors if self.errors else 1.0

    @property
    def sound_flagged_share(self) -> float:
        return self.sound_flagged / self.sound if self.sound else 0.0


def score(readings: Iterable[Reading]) -> Figures:
    figures = Figures()
    for reading in readings:
        labels = reading.statement.labels
        figures.statements += 1
        for trap in TRAPS:
            fired, expected = trap in reading.traps, trap in labels
            cell = figures.traps[trap]
            cell.tp += fired and expected
            cell.fp += fired and not expected
            cell.fn += expected and not fired
        for found in reading.findings:
            if found.severity == "error":
                figures.errors += 1
                figures.errors_right += CODE_TRAP[found.code] in labels
        if "sound" in labels:
            figures.sound += 1
            figures.sound_flagged += bool(reading.traps)
    return figures


def measure(
    statements: Sequence[Statement] | None = None,
) -> dict[tuple[str, str], tuple[Figures, list[Reading]]]:
    """(part, placement) -> figures and readings, for both parts and both placements."""
    statements = load() if statements is None else statements
    result = {}
    for part in ("dev", "test"):
        chosen = [s for s in statements if s.part == part]
        for placement in PLACEMENTS:
            readings = read(chosen, placement)
            result[(part, placement)] = (score(readings), readings)
    return result


def table(results: dict[tuple[str, str], tuple[Figures, list[Reading]]], part: str) -> str:
    """A Markdown table of one part: each trap's precision and recall in both placements."""
    title_fig, definition_fig = results[(part, "title")][0], results[(part, "definition")][0]
    positives = {t: title_fig.traps[t].tp + title_fig.traps[t].fn for t in TRAPS}
    lines = [
        "| trap | statements | precision (title) | recall (title) | precision (definition) "
        "| recall (definition) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for trap in TRAPS:
        t, d = title_fig.traps[trap], definition_fig.traps[trap]
        lines.append(
            f"| {trap} | {positives[trap]} | {t.precision:.2f} | {t.recall:.2f} "
            f"| {d.precision:.2f} | {d.recall:.2f} |"
        )
    lines.append(
        f"| error-severity precision | | {title_fig.error_precision:.2f} "
        f"({title_fig.errors_right}/{title_fig.errors}) | | "
        f"{definition_fig.error_precision:.2f} "
        f"({definition_fig.errors_right}/{definition_fig.errors}) | |"
    )
    lines.append(
        f"| sound statements flagged | {title_fig.sound} | "
        f"{title_fig.sound_flagged_share:.0%} ({title_fig.sound_flagged}) | | "
        f"{definition_fig.sound_flagged_share:.0%} ({definition_fig.sound_flagged}) | |"
    )
    return "\n".join(lines)


def misses(readings: Iterable[Reading]) -> list[str]:
    """Every development statement whose traps differ from its label (never the test part)."""
    lines = []
    for reading in readings:
        if reading.statement.part != "dev":
            raise ValueError("the test part's misses are not listed: no rule is tuned on it")
        expected = reading.statement.labels - {"sound"}
        if reading.traps != expected:
            said = ", ".join(sorted(reading.traps)) or "nothing"
            lines.append(
                f"{reading.placement:<10} want {'+'.join(sorted(expected)) or 'sound':<10} "
                f"got {said:<20} {reading.statement.text}"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--misses", action="store_true", help="list the development misses")
    parser.add_argument(
        "--part",
        choices=("dev", "test", "both"),
        default="both",
        help="the part to report (tune with --part dev: the test part's figures stay unseen)",
    )
    args = parser.parse_args(argv)
    statements = load()
    results = measure(statements)
    for part in ("dev", "test") if args.part == "both" else (args.part,):
        count = sum(1 for s in statements if s.part == part)
        print(f"\n{part} part ({count} statements)\n")
        print(table(results, part))
    if args.misses:
        print("\ndevelopment misses\n")
        for placement in PLACEMENTS:
            print("\n".join(misses(results[("dev", placement)][1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Targets, and the readable table: each figure per N, its target and pass/fail."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Target:
    text: str
    limit: Callable[[Row], float | None]
    exact: bool = False

    def judge(self, row: Row, key: str) -> str:
        value = row.get(key)
        limit = self.limit(row)
        if value is None or limit is None:
            return "-"
        ok = value == limit if self.exact else value <= limit
        return "pass" if ok else "FAIL"


def _scaled(factor: float, *keys: str) -> Callable[[Row], float | None]:
    def limit(row: Row) -> float | None:
        values: list[float | None] = [row.get(key) for key in keys]
        if any(v is None for v in values):
            return None
        return factor * sum(v for v in values if v is not None)

    return limit


def _fixed(value: float) -> Callable[[Row], float | None]:
    return lambda row: value


_CLI_FLOOR = "floor_tomllib_cli_cpu_s"


def _recheck_limit(row: Row) -> float | None:
    check = row.get("check_s")
    return None if check is None else min(0.02, 0.1 * check)


# Targets hold at N=1,000 (the issue-20 ones at N=10,000 too); ratios hold on any machine,
# seconds are for 2-core machines.
TARGETS: dict[str, Target] = {
    "load_s": Target("<= 3 x floor_tomllib_s", _scaled(3, "floor_tomllib_s")),
    "save_one_edit_s": Target("<= 0.3 s", _fixed(0.3)),
    "save_one_edit_changed_lines": Target("== 1", _fixed(1), exact=True),
    "check_s": Target("<= 0.3 s", _fixed(0.3)),
    "recheck_one_edit_s": Target("<= 0.02 s and <= 0.1 x check_s", _recheck_limit),
    "check_cli_cpu_s": Target("<= 1.5 x floor_tomllib_cli_cpu_s", _scaled(1.5, _CLI_FLOOR)),
    "graph_cli_cpu_s": Target("<= 1.5 x floor_tomllib_cli_cpu_s", _scaled(1.5, _CLI_FLOOR)),
    "report_cli_cpu_s": Target("<= 1.5 x floor_tomllib_cli_cpu_s", _scaled(1.5, _CLI_FLOOR)),
    "fmt_check_cli_cpu_s": Target("<= 1.3 x floor_tomllib_cli_cpu_s", _scaled(1.3, _CLI_FLOOR)),
    "check_process_s": Target("<= 0.4 s (on a sample)", _fixed(0.4)),
    "graph_build_s": Target("<= 0.3 s", _fixed(0.3)),
    "export_mermaid_s": Target("<= 0.5 s", _fixed(0.5)),
    "diff_s": Target("<= 0.5 s", _fixed(0.5)),
    "merge_s": Target("<= 0.5 s", _fixed(0.5)),
    "tui_open_s": Target(
        "<= 2 x (floor_textual_start_s + floor_tomllib_s)",
        _scaled(2, "floor_textual_start_s", "floor_tomllib_s"),
    ),
    "keystroke_s": Target("<= 0.05 s", _fixed(0.05)),
    "keystroke_p99_s": Target("<= 0.05 s", _fixed(0.05)),
    "peak_mib": Target("<= 200 MiB", _fixed(200)),
}

# Figures shown as a multiple of the floor they stand on.
FLOOR_OF: dict[str, Sequence[str]] = {
    "load_s": ("floor_tomllib_s",),
    "save_unchanged_s": ("floor_tomllib_s",),
    "tui_open_s": ("floor_textual_start_s", "floor_tomllib_s"),
    "validate_cli_cpu_s": (_CLI_FLOOR,),
    "check_cli_cpu_s": (_CLI_FLOOR,),
    "graph_cli_cpu_s": (_CLI_FLOOR,),
    "report_cli_cpu_s": (_CLI_FLOOR,),
    "fmt_check_cli_cpu_s": (_CLI_FLOOR,),
    "keystroke_p99_s": ("floor_keystroke_p99_s",),
}


def fmt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.4f}" if value < 10 else f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def failures(rows: Sequence[Row]) -> list[str]:
    """Figures that miss their target at the largest N measured."""
    last = max(rows, key=lambda r: r["n"])
    return [key for key, target in TARGETS.items() if target.judge(last, key) == "FAIL"]


def table(rows: Sequence[Row]) -> str:
    """A plain-text table: one line per figure, one column per N, then target and verdict."""
    rows = sorted(rows, key=lambda r: r["n"])
    last = rows[-1]
    keys = [k for k in rows[0] if k not in ("n", "notes")]
    header = ["figure", *(f"N={r['n']:,}" for r in rows), "growth N^k"]
    header += [f"x floor (N={last['n']:,})", "target"]
    header.append(f"N={last['n']:,}")
    lines = [header]
    for key in keys:
        target = TARGETS.get(key)
        ratio = ""
        if key in FLOOR_OF and last.get(key) is not None:
            floor = sum(last.get(f) or 0.0 for f in FLOOR_OF[key])
            ratio = f"{last[key] / floor:.2f}" if floor else ""
        lines.append(
            [
                key,
                *(fmt(r.get(key)) for r in rows),
                growth(rows, key),
                ratio,
                target.text if target else "",
                target.judge(last, key) if target else "",
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(widths[i + 1]) for i, cell in enumerate(line[1:-2])]
        cells += [line[-2].ljust(widths[-2]), line[-1]]
        out.append("  ".join(cells).rstrip())
        if number == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def growth(rows: Sequence[Row], key: str) -> str:
    """How a figure grows between the two largest N: the exponent k in value ~ N^k.

    About 1 is linear, clearly above 1 is worse than linear; small N are
    dominated by fixed costs, so the two largest N are compared.
    """
    if key == "save_one_edit_changed_lines":
        return ""
    ordered = sorted((r for r in rows if isinstance(r.get(key), int | float)), key=lambda r: r["n"])
    if len(ordered) < 2:
        return ""
    small, large = ordered[-2], ordered[-1]
    if small[key] <= 0 or large[key] <= 0 or small["n"] == large["n"]:
        return ""
    exponent = math.log(large[key] / small[key]) / math.log(large["n"] / small["n"])
    verdict = "flat" if exponent < 0.3 else "sublinear" if exponent < 0.85 else "linear"
    if exponent > 1.2:
        verdict = "worse than linear"
    return f"{exponent:.2f} ({verdict})"


def markdown(rows: Sequence[Row]) -> str:
    """The table for docs/performance.md: figures, growth, ratio to the floor, target, verdict."""
    rows = sorted(rows, key=lambda r: r["n"])
    last = rows[-1]
    keys = [k for k in rows[0] if k not in ("n", "notes")]
    sizes = " | ".join(f"N={r['n']:,}" for r in rows)
    out = [
        f"| figure | {sizes} | growth N^k | x floor | target | N={last['n']:,} |",
        "|---" * (len(rows) + 5) + "|",
    ]
    for key in keys:
        target = TARGETS.get(key)
        ratio = ""
        if key in FLOOR_OF and last.get(key) is not None:
            floor = sum(last.get(f) or 0.0 for f in FLOOR_OF[key])
            ratio = f"{last[key] / floor:.2f}" if floor else ""
        values = " | ".join(fmt(r.get(key)) for r in rows)
        verdict = target.judge(last, key) if target else ""
        text = target.text if target else ""
        out.append(f"| `{key}` | {values} | {growth(rows, key)} | {ratio} | {text} | {verdict} |")
    return "\n".join(out)


def notes_text(rows: Sequence[Row]) -> str:
    out = []
    for row in sorted(rows, key=lambda r: r["n"]):
        out.append(f"N={row['n']:,}:")
        out.extend(f"  - {note}" for note in row["notes"])
    return "\n".join(out)

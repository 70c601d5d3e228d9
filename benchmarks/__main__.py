"""`python -m benchmarks [--n 10 100 1000] [--json PATH]`: the speed suite with its floors.

Every figure for one N comes from the same run and the same generated file, so
each can be read against the floors measured beside it. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from .report import failures, markdown, notes_text, table
from .suite import measure_n


def run(
    sizes: list[int], quiet: bool = False, repeats: int | None = None, use_cache: bool = True
) -> list[dict[str, object]]:
    """One JSON-ready object per N, measured in this process (subprocesses where said)."""

    def log(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="outcomes-bench-") as temporary:
        return [measure_n(n, Path(temporary), log, repeats, use_cache) for n in sizes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100, 1000], metavar="N")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the figures as JSON")
    parser.add_argument(
        "--markdown", type=Path, metavar="PATH", help="write the table as Markdown too"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="generate the workbooks even if cached"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = run(sorted(set(args.n)), quiet=args.quiet, use_cache=not args.no_cache)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(rows) + "\n\n" + notes_text(rows) + "\n", "utf-8")
    print(table(rows))
    print()
    print(notes_text(rows))
    missed = failures(rows)
    print()
    print(f"{len(missed)} target(s) missed: {', '.join(missed) or 'none'}")
    print(f"suite ran in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

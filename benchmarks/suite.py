"""Run every measurement for one N on one generated file; one JSON object per N."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from outcome_workbook.model import operations
from outcome_workbook.store import WorkbookFile, parse, read_bytes
from outcome_workbook.store.workbook_file import MAX_MB_SETTING

from . import capabilities, commands_speed, core, floors, peak, values_speed
from .adapters import Inputs, optional_module
from .generate import generate
from .timing import Timing

ROOT = Path(__file__).resolve().parent.parent

KEYS = (
    "n",
    "file_bytes",
    "floor_tomllib_s",
    "floor_textual_start_s",
    "load_s",
    "save_unchanged_s",
    "save_one_edit_s",
    "save_one_edit_changed_lines",
    "check_s",
    "recheck_one_edit_s",
    "check_process_s",
    "floor_tomllib_cli_cpu_s",
    "validate_cli_cpu_s",
    "check_cli_cpu_s",
    "graph_cli_cpu_s",
    "report_cli_cpu_s",
    "fmt_check_cli_cpu_s",
    "graph_build_s",
    "export_mermaid_s",
    "diff_s",
    "merge_s",
    "values_load_s",
    "values_record_one_s",
    "tui_open_s",
    "keystroke_s",
    "keystroke_p99_s",
    "floor_keystroke_p99_s",
    "peak_mib",
    "notes",
)


def repeats_for(n: int) -> int:
    """More runs where runs are cheap; three so the median means something, but one run
    of each multi-second figure at N=10,000 keeps the suite inside minutes."""
    return 7 if n <= 100 else 3 if n <= 1000 else 1


# The N=10,000 workbook is 49 MB, above the default read cap (20 MB): the suite raises the
# cap, as the rare owner of such a workbook would (docs/reliability.md).
MAX_MB = "200"


def sample_for_check(scratch: Path) -> Path:
    """The bundled sample `outcomes check` is judged on, else a small generated workbook."""
    samples = sorted((ROOT / "sample_workbooks").glob("*.toml"))
    preferred = [p for p in samples if "remote" in p.name]
    if preferred or samples:
        return (preferred or samples)[0]
    path = scratch / "sample-10.toml"
    if not path.exists():
        generate(10, path)
    return path


def _cache_key(n: int, seed: int) -> str:
    """Changes whenever the generator or the code that writes the file changes."""
    digest = hashlib.sha256(f"{n}:{seed}".encode())
    sources = [Path(__file__).with_name("generate.py")]
    package = ROOT / "src" / "outcome_workbook"
    sources += sorted((package / "model").glob("*.py")) + sorted((package / "store").glob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def generated(n: int, path: Path, use_cache: bool = True, seed: int = 1) -> str:
    """Write the workbook for `n` to `path`, from the cache when the same code made it before.

    Generating 1,000 outcomes takes seconds (every entity goes through the
    operations and the writer); the cache keeps repeated runs inside their budget.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cached = cache / "outcome-workbook-benchmarks" / f"workbook-{n}-{_cache_key(n, seed)}.toml"
    if use_cache and cached.exists():
        shutil.copyfile(cached, path)
        return "copied from the cache"
    generate(n, path, seed)
    if use_cache:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in cached.parent.glob(f"workbook-{n}-*.toml"):
            stale.unlink()
        shutil.copyfile(path, cached)
    return "generated"


def _load_average() -> str:
    """The machine's 1/5/15-minute load, to read the figures by (2 cores: above 2 is busy)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def two_sides(path: Path, scratch: Path) -> dict[str, Path]:
    """Base, ours and theirs: two people's edits of the same workbook, for diff and merge."""
    made: dict[str, Path] = {"base": path}
    opened = WorkbookFile.open(path)
    for side, step, offset in (("ours", 3, 0), ("theirs", 3, 1)):
        wb = opened.workbook
        outcomes = sorted(wb.product_outcomes)
        for number, outcome_id in enumerate(outcomes[offset::step][:20]):
            wb = operations.set_field(wb, outcome_id, "title", f"{side} edit {number}")
            wb = operations.add_negotiation_entry(wb, outcome_id, "team", "insight", f"{side} note")
        made[side] = scratch / f"{side}-{path.name}"
        made[side].write_bytes(opened.render(wb))
    made["old"], made["new"] = made["base"], made["ours"]
    return made


def measure_n(
    n: int,
    scratch: Path,
    log: Callable[[str], None] = print,
    repeats: int | None = None,
    use_cache: bool = True,
) -> dict[str, Any]:
    """Every figure for a workbook of `n` product outcomes, generated once into `scratch`.

    The read cap is raised while measuring (the commands timed as processes inherit it)
    and put back after, so nothing run later in the same process reads a giant file.
    """
    previous = os.environ.get(MAX_MB_SETTING)
    os.environ.setdefault(MAX_MB_SETTING, MAX_MB)
    try:
        return _measure_n(n, scratch, log, repeats, use_cache)
    finally:
        if previous is None:
            os.environ.pop(MAX_MB_SETTING, None)
        else:
            os.environ[MAX_MB_SETTING] = previous


def _measure_n(
    n: int,
    scratch: Path,
    log: Callable[[str], None],
    repeats: int | None,
    use_cache: bool,
) -> dict[str, Any]:
    repeats = repeats or repeats_for(n)
    path = scratch / f"workbook-{n}.toml"
    if path.exists():
        path.unlink()
    started = time.perf_counter()
    how = generated(n, path, use_cache)
    log(f"N={n}: {how} {path.stat().st_size:,} bytes in {time.perf_counter() - started:.1f} s")
    notes: list[str] = [f"load average at start: {_load_average()}"]
    spreads: dict[str, Timing] = {}
    row: dict[str, Any] = {key: None for key in KEYS}
    row["n"] = n
    row["file_bytes"] = path.stat().st_size

    def timed(key: str, timing: Timing) -> None:
        row[key] = timing.median
        spreads[key] = timing

    timed("floor_tomllib_s", floors.tomllib_parse(path, repeats))
    timed("floor_textual_start_s", floors.textual_start(repeats))
    python_floor = floors.python_start(repeats)
    notes.append(f"floor_python_start_s: {python_floor.median:.4f} (`python -c pass`)")
    cold = floors.textual_cold_start(repeats)
    notes.append(
        f"floor_textual_cold_s: {cold.median:.4f} (a fresh process: import textual, first "
        "frame; floor_textual_start_s is the same app started in a process that has "
        "textual loaded, as the workbench figures are)"
    )
    timed("load_s", core.load(path, repeats))
    timed("save_unchanged_s", core.save_unchanged(path, scratch, repeats))
    edit = core.save_one_edit(path, scratch, repeats)
    timed("save_one_edit_s", edit.timing)
    row["save_one_edit_changed_lines"] = edit.changed_lines
    log(f"N={n}: floors, load and save done")

    timed("recheck_one_edit_s", core.recheck_one_edit(path, repeats))
    cli = commands_speed.measure(path, repeats)
    row["floor_tomllib_cli_cpu_s"] = cli["floor_tomllib_process_cpu_s"]
    for key in commands_speed.COMMANDS:
        row[key.replace("_process_s", "_cli_cpu_s")] = cli[key.replace("_s", "_cpu_s")]
    notes.append(
        "*_cli_cpu_s: CPU seconds (user + system) of each command as a fresh process, medians "
        f"of {repeats}, interleaved with tomllib parsing the file as a process "
        "(floor_tomllib_cli_cpu_s); wall medians: "
        + ", ".join(
            f"{key.removesuffix('_process_s')} {cli[key]:.3f} s"
            for key in ("floor_tomllib_process_s", *commands_speed.COMMANDS)
        )
    )
    log(f"N={n}: recheck and the commands as processes done")

    loaded = parse(read_bytes(path), str(path))
    inputs = Inputs(path, n, repeats, {"loaded": loaded, "workbook": loaded.workbook})
    parts = [
        capabilities.checks(inputs, loaded),
        capabilities.check_process(sample_for_check(scratch), repeats),
        capabilities.graph(inputs, loaded),
    ]
    if optional_module("benchmarks.diff_speed") is not None:
        inputs.extra.update(two_sides(path, scratch))
    # A diff or merge of the largest files takes seconds a run: one run is enough there.
    long_runs = Inputs(path, n, 1 if n >= 1000 else repeats, inputs.extra)
    parts += [capabilities.diff(long_runs), capabilities.workbench(inputs)]
    for part in parts:
        row.update(part.values)
        notes.extend(part.notes)
    log(f"N={n}: checks, graph, diff and workbench done")

    # Measured values: the same N with 1,000 of them (fewer for small N) recorded by CSV import.
    values = values_speed.measure(n, values=min(1000, max(10, n)), repeats=1, generated=path)
    row["values_load_s"] = values["load_with_values_s"]
    row["values_record_one_s"] = values["record_one_s"]
    notes.append(
        f"values_load_s, values_record_one_s: {values['values']} values recorded; the load is "
        f"{values['load_x_floor']:.2f} x its own tomllib floor; recording one more value "
        f"changes {values['record_one_changed_lines']} line(s)"
    )

    peak_mib, checked = peak.measure(path)
    row["peak_mib"] = peak_mib
    notes.append(
        "peak_mib: peak resident size of a fresh process that loads"
        + (" and checks" if checked else " (checks not on main yet, so load only)")
    )
    notes.append(
        "runs (median reported): "
        + "; ".join(f"{key} {timing.describe()}" for key, timing in spreads.items())
    )
    notes.append(f"load average at end: {_load_average()}")
    row["notes"] = notes
    return {key: row[key] for key in KEYS}

"""Peak memory of loading a workbook and checking it, in a fresh process.

Run as `python -m benchmarks.peak PATH`; prints one JSON object. The figure is
the process's peak resident size (the interpreter included), as the operating
system sees it, so it is what a user's machine must have free.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    from outcome_workbook.checks import run_checks
    from outcome_workbook.store import parse, read_bytes

    path = Path(argv[0])
    loaded = parse(read_bytes(path), str(path))
    run_checks(loaded.workbook, loaded.locations, str(path), loaded.text)
    print(json.dumps({"peak_mib": peak_kib() / 1024, "checked": True}))
    return 0


def peak_kib() -> int:
    """The peak resident size of this program, in KiB.

    Linux's VmHWM belongs to the program's memory map, which starts fresh at
    exec; ru_maxrss would also count the parent's pages shared at fork, so a
    large parent (the suite itself) would inflate it.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(path: Path) -> tuple[float, bool]:
    """(peak MiB, whether the checks ran) for `path`, measured in a clean subprocess."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.peak", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout)
    return float(data["peak_mib"]), bool(data["checked"])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The merge's text-level property tests with many more examples than CI runs.

python -m benchmarks.merge_properties [EXAMPLES]   (default 2000; CI runs 30)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "2000"
    env = dict(os.environ, MERGE_PROPERTY_EXAMPLES=examples)
    test = (
        Path(__file__).resolve().parent.parent
        / "tests"
        / "unit"
        / "merge"
        / "test_merge_properties.py"
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)]
    return subprocess.call(command, env=env)


if __name__ == "__main__":
    raise SystemExit(main())

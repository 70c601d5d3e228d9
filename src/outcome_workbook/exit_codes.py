"""The exit codes of `outcomes`, declared once: scripts, CI jobs and git hooks branch on them.

Kept in a module of its own (no imports) so that `cli.py` can use them without loading the
store, and every command says the same thing with the same number.
"""

from __future__ import annotations

EXIT_OK = 0
"""Done, and nothing to report."""

EXIT_FINDINGS = 1
"""Done, and something to report: findings reach --fail-on, versions differ, a merge conflicts."""

EXIT_BAD_INPUT = 2
"""Refused: a file or an argument the command cannot use (a located message says why)."""

EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (128 + SIGINT, as shells report it)."""

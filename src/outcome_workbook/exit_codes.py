"""The exit codes of every `outcomes` command, declared once.

A module of its own, so `cli.py` can use them without importing a command.
"""

EXIT_OK = 0
EXIT_FINDINGS = 1  # something to act on: findings, a difference, a conflict left
EXIT_BAD_INPUT = 2

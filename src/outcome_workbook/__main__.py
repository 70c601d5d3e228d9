"""`python -m outcome_workbook` is the `outcomes` command."""

from .cli import main

raise SystemExit(main())

"""`outcomes schema`: the JSON Schema of the file format, for editors and other tools."""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_OK
from ..store.json_schema import shipped_schema


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(shipped_schema())
    return EXIT_OK

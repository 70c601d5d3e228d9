"""`outcomes check FILE...`: the coaching checks, for people (text), tools (json) and CI (github).

Exit 0 when nothing reaches --fail-on, 1 when something does, 2 when a file
cannot be read. User text is data: it is made inert and printed as rich Text,
never parsed as markup.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from ..checks import SEVERITIES, WORKBOOK_KIND, Finding, parse_codes, run_checks
from ..checks.registry import known_token
from ..exit_codes import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from ..model.entities import KIND_LABELS, KINDS
from ..safety import inert, one_line
from .common import load_for_reading, use_color

FORMATS = ("text", "json", "github")


@dataclass
class Checked:
    """One file's findings (suppressed ones included, marked) and where its tables are."""

    file: str
    findings: list[Finding]
    locations: Mapping[str, int]
    titles: Mapping[str, str]

    def shown(self, show_suppressed: bool) -> list[Finding]:
        return [f for f in self.findings if show_suppressed or not f.suppressed]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="workbook files to check")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), json or github"
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="error",
        help="exit 1 when a finding is at least this severe (default: error)",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these checks: codes (OW101), prefixes (OW1) or names, comma-separated",
    )
    parser.add_argument(
        "--ignore", action="append", metavar="CODES", help="skip these checks (same forms)"
    )
    parser.add_argument(
        "--show-suppressed",
        action="store_true",
        help="also show findings switched off in the workbook, marked as suppressed",
    )


def run(args: argparse.Namespace) -> int:
    select, ignore = parse_codes(args.select), parse_codes(args.ignore)
    unknown = [t for t in (*select, *ignore) if not known_token(t)]
    if unknown:
        names = ", ".join(repr(one_line(t)) for t in unknown)
        print(f"outcomes check: no check is called {names}", file=sys.stderr)
        return EXIT_BAD_INPUT
    status = EXIT_OK
    results: list[Checked] = []
    for file in args.files:
        loaded = load_for_reading(file)
        if loaded is None:
            status = EXIT_BAD_INPUT
            continue
        if loaded.read_only_reason:
            print(f"{one_line(file)}: note: {one_line(loaded.read_only_reason)}", file=sys.stderr)
        findings = run_checks(
            loaded.workbook,
            loaded.locations,
            file,
            loaded.text,
            select=select,
            ignore=ignore,
            show_suppressed=True,
        )
        workbook = loaded.workbook
        titles = {
            entity_id: entity.title
            for kind in KINDS
            for entity_id, entity in workbook.section(kind).items()
        }
        titles[""] = loaded.workbook.meta.title
        results.append(Checked(file, findings, loaded.locations, titles))
    shown = [f for checked in results for f in checked.shown(args.show_suppressed)]
    if args.format == "json":
        write_json(shown, sys.stdout)
    elif args.format == "github":
        write_github(shown, sys.stdout)
    else:
        write_text(results, sys.stdout, args.show_suppressed)
    if status == EXIT_OK and any(f.reaches(args.fail_on) for f in shown):
        status = EXIT_FINDINGS
    return status


# --- json ----------------------------------------------------------------------------


def write_json(findings: Sequence[Finding], stream: TextIO) -> None:
    """A JSON list of findings (keys in docs/checks.md); ASCII-only, so no raw control bytes."""
    json.dump([f.to_json() for f in findings], stream, indent=2, ensure_ascii=True)
    stream.write("\n")


# --- github --------------------------------------------------------------------------

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "hint": "notice"}


def github_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Escape a workflow command's property value (file, title)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Sequence[Finding], stream: TextIO) -> None:
    """One `::error file=...,line=...,title=...::message` line per finding that counts."""
    for finding in findings:
        if finding.suppressed:
            continue
        props = [f"file={github_property(one_line(finding.file))}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
        props.append(f"title={github_property(f'{finding.code} {finding.rule}')}")
        text = f"{_subject(finding)}: {finding.message}\n{finding.question}"
        level = _GITHUB_LEVEL[finding.severity]
        stream.write(f"::{level} {','.join(props)}::{github_data(inert(text))}\n")


def _subject(finding: Finding) -> str:
    if finding.kind == WORKBOOK_KIND:
        return "workbook"
    return f"{KIND_LABELS.get(finding.kind, finding.kind)} {finding.entity}"


# --- text ----------------------------------------------------------------------------

_STYLE = {"error": "bold red", "warning": "yellow", "hint": "cyan"}

# One printed line (it may hold newlines) as (text, rich style) pieces: built once, then
# written either plain or, on a colour terminal, through rich. Plain is the common case
# (a pipe, CI, a file) and costs a join per line, where rich's renderer costs about a
# fifth of a second for a large workbook's findings.
Pieces = list[tuple[str, str]]


def write_text(results: Sequence[Checked], stream: TextIO, show_suppressed: bool = False) -> None:
    """Findings grouped by file and entity, each with its coaching question, then a summary."""
    lines: list[Pieces] = []
    for checked in results:
        for header, members in _groups(checked, show_suppressed):
            lines.append(header)
            lines.extend(_finding_pieces(finding) for finding in members)
            lines.append([])
        lines.append([(one_line(summary(checked.file, checked.findings, show_suppressed)), "bold")])
    if not use_color(stream):
        stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream,
        force_terminal=True,
        color_system="auto",
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for line in lines:
        console.print(Text.assemble(*line))


def _groups(checked: Checked, show_suppressed: bool) -> list[tuple[Pieces, list[Finding]]]:
    """(header, findings) per entity, entities in file order, findings in code order."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in checked.shown(show_suppressed):
        groups.setdefault((finding.kind, finding.entity), []).append(finding)

    def entity_line(key: tuple[str, str]) -> int:
        kind, entity = key
        path = kind if kind == WORKBOOK_KIND else f"{kind}.{entity}"
        return checked.locations.get(path, 0)

    out = []
    for key in sorted(groups, key=lambda k: (k[0] != WORKBOOK_KIND, entity_line(k))):
        line = entity_line(key)
        where = f"{checked.file}:{line}" if line else checked.file
        subject = one_line(_subject(groups[key][0]))
        title = checked.titles.get(key[1], "")
        if title:
            subject += f"  {one_line(title)}"
        out.append(([(subject, "bold"), (f"  {one_line(where)}", "bold dim")], groups[key]))
    return out


def _finding_pieces(finding: Finding) -> Pieces:
    style = "dim" if finding.suppressed else _STYLE[finding.severity]
    pieces = [
        ("  ", ""),
        (f"{finding.severity:<7}", style),
        (f" {finding.code} ", "dim" if finding.suppressed else "bold"),
        (finding.rule, "dim"),
        (f"  {one_line(finding.location())}", "dim"),
    ]
    if finding.suppressed:
        pieces.append((f"  (suppressed: {one_line(finding.suppressed)})", "dim italic"))
    pieces += [
        ("\n    ", ""),
        (one_line(finding.message), ""),
        ("\n    ? ", "bold"),
        (one_line(finding.question), "italic"),
    ]
    return pieces


def summary(file: str, findings: Sequence[Finding], show_suppressed: bool = False) -> str:
    """One line: `FILE: 2 errors, 5 warnings, 1 hint (3 suppressed)`."""
    counted = [f for f in findings if not f.suppressed]
    parts = []
    for severity in SEVERITIES:
        count = sum(1 for f in counted if f.severity == severity)
        if count:
            parts.append(f"{count} {severity}{'s' if count != 1 else ''}")
    line = f"{file}: " + (", ".join(parts) if parts else "no findings")
    hidden = len(findings) - len(counted)
    if hidden:
        how = "shown" if show_suppressed else "--show-suppressed to see them"
        line += f" ({hidden} suppressed; {how})"
    return line

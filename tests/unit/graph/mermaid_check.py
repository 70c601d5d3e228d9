"""A small validator for the Mermaid flowchart constructs the exporter emits.

`mmdc` (the Mermaid CLI) needs a headless browser, so the tests check the
grammar of the subset we write instead: a `flowchart` header, `classDef`,
nodes `ID["label"]:::class`, edges `ID -->|type| ID` and `class IDs name;`.
Inside a label only our own `<br/>`, `<b>` and `</b>` tags and entity codes may
appear: no quote, bracket, pipe, backtick, angle bracket or newline from a title.
"""

from __future__ import annotations

import re

RESERVED = {"end", "graph", "flowchart", "subgraph", "class", "classDef", "style", "click"}
ID = r"[A-Za-z_][A-Za-z0-9_]*"
HEADER = re.compile(r"^flowchart (TD|TB|BT|LR|RL)$")
CLASSDEF = re.compile(rf"^  classDef ({ID}) [a-z-]+:[^;\s]+(?:,[a-z-]+:[^;,]+)*;$")
NODE = re.compile(rf'^  ({ID})\["([^"\n]*)"\]:::({ID})$')
EDGE = re.compile(rf"^  ({ID}) -->\|([a-z]+)\| ({ID})$")
CLASS = re.compile(rf"^  class ({ID}(?:,{ID})*) ({ID});$")
ENTITY = re.compile(r"#(?:[a-z]+|[0-9]+);")
TAGS = re.compile(r"<br/>|<b>|</b>")
FORBIDDEN = set('"[]|`<>{}\n\r\t')


def validate(text: str) -> list[str]:
    """Problems found (empty when the chart is well formed)."""
    problems: list[str] = []
    lines = text.split("\n")
    if lines[-1] != "":
        problems.append("no newline at the end")
    lines = lines[:-1]
    if not lines or not HEADER.match(lines[0]):
        return [*problems, "first line is not a flowchart header"]
    defined: set[str] = set()
    classes: set[str] = set()
    used: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        if match := CLASSDEF.match(line):
            classes.add(match.group(1))
        elif match := NODE.match(line):
            node, label, cls = match.groups()
            if node in defined:
                problems.append(f"line {number}: {node} defined twice")
            defined.add(node)
            used.append(cls)
            rest = ENTITY.sub("", TAGS.sub("", label))
            bad = sorted(set(rest) & FORBIDDEN)
            if bad:
                problems.append(f"line {number}: raw {bad} in a label")
            if "#" in rest or ";" in rest:
                problems.append(f"line {number}: stray '#' or ';' outside an entity code")
            if re.search(r"<(?!br/>|b>|/b>)", label):
                problems.append(f"line {number}: HTML in a label")
        elif match := EDGE.match(line):
            for end in (match.group(1), match.group(3)):
                if end not in defined:
                    problems.append(f"line {number}: edge to undefined node {end}")
        elif match := CLASS.match(line):
            used.append(match.group(2))
            for node in match.group(1).split(","):
                if node not in defined:
                    problems.append(f"line {number}: class on undefined node {node}")
        else:
            problems.append(f"line {number}: not a construct we emit: {line!r}")
    for name in defined:
        if name in RESERVED or name.lower() == "end":
            problems.append(f"{name} is a reserved word")
    problems += [f"class {cls} used but never defined" for cls in sorted(set(used) - classes)]
    return problems


# --- xychart-beta: a metric's measured values (report/xychart.py) ----------------------------

NUMBER = r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"
QUOTED = r'"(?:(?!%%)[^"\n\[\]{}`<>|#;\\])*"'
XY_TITLE = re.compile(rf"^  title {QUOTED}$")
XY_X = re.compile(r'^  x-axis \[("\d{4}-\d\d-\d\d"(?:, "\d{4}-\d\d-\d\d")*)\]$')
XY_Y = re.compile(rf"^  y-axis (?:{QUOTED} )?({NUMBER}) --> ({NUMBER})$")
XY_LINE = re.compile(rf"^  line \[({NUMBER}(?:, {NUMBER})*)\]$")


def validate_xychart(text: str) -> list[str]:
    """Problems in an `xychart-beta` as we emit it: a title, dated x-axis, a y range that
    holds every value, and lines with one number per date."""
    problems: list[str] = []
    lines = text.split("\n")
    if lines[-1] != "":
        problems.append("no newline at the end")
    lines = lines[:-1]
    if len(lines) < 5 or lines[0] != "xychart-beta":
        return [*problems, "not an xychart-beta with a title, two axes and a line"]
    if not XY_TITLE.match(lines[1]):
        problems.append(f"line 2: not a plain quoted title: {lines[1]!r}")
    x = XY_X.match(lines[2])
    y = XY_Y.match(lines[3])
    if x is None or y is None:
        return [*problems, "line 3 or 4: not the axes we emit"]
    count = len(x.group(1).split(", "))
    low, high = float(y.group(1)), float(y.group(2))
    if not low < high:
        problems.append("line 4: the y range is empty")
    for number, line in enumerate(lines[4:], start=5):
        match = XY_LINE.match(line)
        if match is None:
            problems.append(f"line {number}: not a line of numbers: {line!r}")
            continue
        values = [float(v) for v in match.group(1).split(", ")]
        if len(values) != count:
            problems.append(f"line {number}: {len(values)} values for {count} dates")
        if any(not low <= v <= high for v in values):
            problems.append(f"line {number}: a value outside the y range")
    return problems


def validate_any(text: str) -> list[str]:
    """Either kind of chart we emit, told apart by its first line."""
    return validate_xychart(text) if text.startswith("xychart-beta") else validate(text)

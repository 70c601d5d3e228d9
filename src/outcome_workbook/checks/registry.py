"""The one place rules are registered, selected, run, suppressed and ordered.

A rule is a pure function from a `CheckContext` to findings. Adding a rule is
one decorated function in its family's module, its entry in docs/checks.md and
its tests; nothing else needs to know about it.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from ..model.entities import KINDS, SEVERITIES, Severity
from ..model.workbook import Workbook
from .finding import WORKBOOK_KIND, Finding

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]

# The modules that hold rules, imported on first use so `import checks` stays cheap.
FAMILY_MODULES: tuple[str, ...] = ("traps", "self_check", "structure", "progress")
FAMILIES: dict[str, str] = {"1": "trap", "2": "self-check", "3": "structure", "4": "progress"}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    func: RuleFunc = field(repr=False, compare=False)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[2:3], "other")

    def matches(self, token: str) -> bool:
        """A code (`OW103`), a code prefix (`OW1` for every trap) or a rule name."""
        token = token.strip()
        return bool(token) and (self.code.startswith(token.upper()) or token == self.name)


_RULES: dict[str, Rule] = {}
_KIND_RANK: dict[str, int] = {kind: index for index, kind in enumerate(KINDS)}


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule under a stable code and a kebab-case name."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in _RULES or any(r.name == name for r in _RULES.values()):
            raise ValueError(f"rule {code} {name} is registered twice")
        _RULES[code] = Rule(code, name, severity, summary, func)
        return func

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code."""
    for module in FAMILY_MODULES:
        importlib.import_module(f"{__package__}.{module}")
    return [_RULES[code] for code in sorted(_RULES)]


def rule_by_code(code: str) -> Rule | None:
    all_rules()
    return _RULES.get(code)


def known_token(token: str) -> bool:
    """True when a code, code prefix or rule name names at least one rule."""
    return any(r.matches(token) for r in all_rules())


@dataclass(frozen=True)
class CheckContext:
    """What a rule sees: the workbook, where things are in the file, and shared memo space.

    `rule` is the rule being run; `finding()` fills in its code, name, default
    severity and the location, so a rule only says what it noticed.
    """

    workbook: Workbook
    locations: Mapping[str, int] = field(default_factory=dict)
    file: str = ""
    text: str = ""
    rule: Rule | None = None
    today: date | None = None  # the day the checks are read on (None: the real today)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def for_rule(self, rule: Rule) -> CheckContext:
        return dataclasses.replace(self, rule=rule)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """Work several rules need (the metric text of each outcome), done once per run."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def line_of(self, path: str) -> int | None:
        """The line of a table path or of a key in a table (`opportunity.a.parent`), else of
        the nearest enclosing table that has one."""
        parts = path.split(".")
        key = ""
        while parts:
            line = self.locations.get(".".join(parts))
            if line is not None:
                return (self._key_line(line, key) if key else None) or line
            key = parts.pop()
        return None

    def _key_line(self, table_line: int, key: str) -> int | None:
        """The line of `key = ...` in the table whose header is on `table_line`."""
        tables: dict[int, dict[str, int]] = self.cached("key_lines", dict)
        if table_line not in tables:
            tables[table_line] = self._scan_keys(table_line)
        return tables[table_line].get(key)

    def _scan_keys(self, table_line: int) -> dict[str, int]:
        """Each top-level `key =` of one table (up to the next header) and its line."""
        lines: list[str] = self.cached("lines", lambda: self.text.split("\n"))
        keys: dict[str, int] = {}
        for index in range(table_line, len(lines)):
            stripped = lines[index].lstrip()
            if stripped.startswith("["):
                break
            name, equals, _ = stripped.partition("=")
            name = name.strip()
            if equals and name and name.replace("-", "_").replace("_", "a").isalnum():
                keys.setdefault(name, index + 1)
        return keys

    def finding(
        self, entity: str, kind: str, message: str, question: str, path: str = ""
    ) -> Finding:
        assert self.rule is not None, "finding() is called from inside a rule"
        where = path or (kind if kind == WORKBOOK_KIND else f"{kind}.{entity}")
        return Finding(
            code=self.rule.code,
            rule=self.rule.name,
            severity=self.rule.severity,
            entity=entity,
            kind=kind,
            message=message,
            question=question,
            file=self.file,
            line=self.line_of(where),
            path=where,
        )


def parse_codes(values: Iterable[str] | None) -> tuple[str, ...]:
    """`["OW101,OW2", "easy-metric"]` -> each token once, in order (commas or repeats)."""
    tokens: list[str] = []
    for value in values or ():
        for token in value.split(","):
            token = token.strip()
            if token and token not in tokens:
                tokens.append(token)
    return tuple(tokens)


def select_rules(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """The rules to run: those matching `select` (all when empty) minus those matching `ignore`."""
    chosen = []
    for candidate in all_rules():
        if select and not any(candidate.matches(t) for t in select):
            continue
        if any(candidate.matches(t) for t in ignore):
            continue
        chosen.append(candidate)
    return chosen


def run_checks(
    workbook: Workbook,
    locations: Mapping[str, int] | None = None,
    file: str = "",
    text: str = "",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    show_suppressed: bool = False,
    today: date | None = None,
) -> list[Finding]:
    """Every finding for a workbook, ordered by code, then entity (canonical order).

    The workbook's own `[workbook.checks]` settings and each entity's `ignore`
    list are applied here (`text`, the file's text, lets findings point at the
    line of a key rather than its table): suppressed findings are dropped unless
    `show_suppressed`, in which case they are kept and marked.
    """
    context = CheckContext(workbook, locations or {}, file, text, today=today)
    findings: list[Finding] = []
    for current in select_rules(select, ignore):
        for found in current.func(context.for_rule(current)):
            found = _apply_settings(found, current, workbook)
            if found.suppressed and not show_suppressed:
                continue
            findings.append(found)
    # Canonical entity order is kind order, then id: the workbook's own findings come first.
    findings.sort(key=lambda f: (f.code, _KIND_RANK.get(f.kind, -1), f.entity))
    return findings


def _apply_settings(found: Finding, current: Rule, workbook: Workbook) -> Finding:
    settings = workbook.meta.checks
    for key, value in settings.severity.items():
        if current.matches(key) and value in SEVERITIES:
            found = dataclasses.replace(found, severity=cast(Severity, value))
    if any(current.matches(token) for token in settings.disable):
        return dataclasses.replace(found, suppressed="disabled in [workbook.checks]")
    for entity_id in _suppressing_entities(found):
        entity = workbook.find(entity_id)
        if entity is not None and any(current.matches(token) for token in entity.ignore):
            reason = entity.ignore_reason.strip() or "no reason given"
            return dataclasses.replace(found, suppressed=f"ignored on {entity_id}: {reason}")
    return found


def _suppressing_entities(found: Finding) -> list[str]:
    """The entity a finding is about, and the entity its path points into (a metric)."""
    ids = [found.entity] if found.entity else []
    parts = found.path.split(".")
    if len(parts) >= 2 and parts[0] in KINDS and parts[1] not in ids:
        ids.append(parts[1])
    return ids

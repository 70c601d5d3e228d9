"""The one place rules are registered, selected, run, suppressed and ordered.

A rule is a pure function from a `CheckContext` to findings. Adding a rule is
one decorated function in its family's module, its entry in docs/checks.md and
its tests; nothing else needs to know about it.
"""

from __future__ import annotations

import dataclasses
import importlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar, cast

from ..model.entities import KINDS, SEVERITIES, Entity, Severity
from ..model.workbook import Workbook
from ..store.key_lines import key_line, table_keys
from .finding import SEVERITY_RANK, WORKBOOK_KIND, Finding

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]
E = TypeVar("E", bound=Entity)

# The modules that hold rules, imported on first use so `import checks` stays cheap.
FAMILY_MODULES: tuple[str, ...] = ("traps", "self_check_rules", "structure", "progress")
FAMILIES: dict[str, str] = {"1": "trap", "2": "self-check", "3": "structure", "4": "progress"}


@dataclass(frozen=True)
class Rule:
    """A registered rule and what it reads, so a recheck after an edit runs only what the
    edit can change (`checks/incremental.py`).

    `about`: the kinds its findings are about (`WORKBOOK_KIND` for the workbook's own), for
    a rule whose findings on an entity depend only on entities within `reach` references
    of it, either way (0: the entity alone; 1: what it refers to and what refers to it).
    Such a rule walks `ctx.subjects(kind)`, so a recheck can give it the affected ones.
    A rule without `about` is rerun whole when an entity of a kind in `reads` changes
    (`None`: any change at all, the safe default for a new rule).
    """

    code: str
    name: str
    severity: Severity
    summary: str
    func: RuleFunc = field(repr=False, compare=False)
    about: tuple[str, ...] = ()
    reach: int = 0
    reads: tuple[str, ...] | None = None

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[2:3], "other")

    def matches(self, token: str) -> bool:
        """A code (`OW103`), a code prefix (`OW1` for every trap) or a rule name."""
        token = token.strip()
        return bool(token) and (self.code.startswith(token.upper()) or token == self.name)


_RULES: dict[str, Rule] = {}
_KIND_RANK: dict[str, int] = {kind: index for index, kind in enumerate(KINDS)}


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    about: Sequence[str] = (),
    reach: int = 0,
    reads: Sequence[str] | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule under a stable code and a kebab-case name, with what it reads (see
    `Rule`)."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in _RULES or any(r.name == name for r in _RULES.values()):
            raise ValueError(f"rule {code} {name} is registered twice")
        kinds = None if reads is None else tuple(reads)
        _RULES[code] = Rule(code, name, severity, summary, func, tuple(about), reach, kinds)
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
    # The entities a recheck asks about (None: every one); see `Rule.about`.
    only: frozenset[str] | None = None

    def for_rule(self, rule: Rule, only: frozenset[str] | None = None) -> CheckContext:
        return dataclasses.replace(self, rule=rule, only=only)

    def subjects(self, section: Mapping[str, E]) -> list[tuple[str, E]]:
        """The entities of a section this run reports on, in id order: all of them, or in a
        recheck the ones an edit can affect."""
        if self.only is None:
            ordered: list[tuple[str, E]] = self.cached(
                f"subjects:{id(section)}", lambda: sorted(section.items())
            )
            return ordered
        return sorted((i, section[i]) for i in self.only if i in section)

    def covers(self, entity_id: str) -> bool:
        """Whether this run reports on an entity ("" is the workbook itself)."""
        return self.only is None or entity_id in self.only

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
            last = parts.pop()
            key = f"{last}.{key}" if key else last
        return None

    def _key_line(self, table_line: int, key: str) -> int | None:
        """The line that sets `key` (dotted) in the table whose header is on `table_line`."""
        tables: dict[int, dict[str, int]] = self.cached("key_lines", dict)
        if table_line not in tables:
            lines: list[str] = self.cached("lines", lambda: self.text.split("\n"))
            tables[table_line] = table_keys(lines, table_line)
        return key_line(tables[table_line], key)

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


@dataclass(frozen=True)
class RuleFindings:
    """One rule's findings as it found them (`raw`, in canonical order) and with the
    workbook's settings applied (`applied`, one for one), so a recheck can keep either."""

    raw: tuple[Finding, ...]
    applied: tuple[Finding, ...]
    keys: tuple[tuple[int, str], ...]  # the `canonical_key` of each, to find an entity's

    @cached_property
    def shown(self) -> tuple[Finding, ...]:
        """The applied findings that are not suppressed (worked out once: a recheck keeps
        most rules' findings as they were)."""
        return tuple(f for f in self.applied if not f.suppressed)


@dataclass(frozen=True)
class Checked:
    """The findings of one workbook value, kept per rule with what they were run with, so
    `checks.incremental.recheck` can redo only what an edit of it can change."""

    workbook: Workbook
    rules: tuple[Rule, ...]
    by_rule: Mapping[str, RuleFindings]
    locations: Mapping[str, int] = field(default_factory=dict)
    file: str = ""
    text: str = ""
    today: date | None = None  # as asked for (None: the real today)
    day: date = field(default_factory=date.today)  # the day the rules saw
    # The entities whose findings may differ from the run this one was rechecked from
    # ("" for the workbook's own); None after a full check (any of them may).
    touched: frozenset[str] | None = None

    def findings_on(self, kind: str, entity_id: str) -> list[Finding]:
        """The unsuppressed findings about one entity, in canonical order (found by
        bisection in each rule's findings, not by looking at all of them)."""
        key = entity_key(kind, entity_id)
        found: list[Finding] = []
        for current in self.rules:
            kept = self.by_rule[current.code]
            low = bisect_left(kept.keys, key)
            high = bisect_right(kept.keys, key, low)
            found.extend(f for f in kept.applied[low:high] if not f.suppressed)
        return found

    def findings(self, show_suppressed: bool = False) -> list[Finding]:
        """Every finding, ordered by code, then kind and entity (canonical order)."""
        found: list[Finding] = []
        for current in self.rules:
            kept = self.by_rule[current.code]
            found.extend(kept.applied if show_suppressed else kept.shown)
        return found


def check(
    workbook: Workbook,
    locations: Mapping[str, int] | None = None,
    file: str = "",
    text: str = "",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: date | None = None,
) -> Checked:
    """Every rule's findings for a workbook, kept for `findings()` and for a recheck."""
    context = CheckContext(workbook, locations or {}, file, text, today=today)
    rules = tuple(select_rules(select, ignore))
    by_rule = {r.code: rule_findings(context, r, workbook) for r in rules}
    return Checked(
        workbook, rules, by_rule, context.locations, file, text, today, today or date.today()
    )


def rule_findings(
    context: CheckContext, current: Rule, workbook: Workbook, only: frozenset[str] | None = None
) -> RuleFindings:
    """What one rule finds (about the entities in `only`, when given), in canonical order."""
    raw = sorted(current.func(context.for_rule(current, only)), key=canonical_key)
    applied = tuple(apply_settings(f, current, workbook) for f in raw)
    return RuleFindings(tuple(raw), applied, tuple(canonical_key(f) for f in raw))


def canonical_key(found: Finding) -> tuple[int, str]:
    """One rule's findings in kind order, then by id: the workbook's own come first (a
    stable sort keeps a rule's order among the findings on one entity)."""
    return entity_key(found.kind, found.entity)


def entity_key(kind: str, entity_id: str) -> tuple[int, str]:
    return (_KIND_RANK.get(kind, -1), entity_id)


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
    checked = check(workbook, locations, file, text, select, ignore, today)
    return checked.findings(show_suppressed)


def set_severity(current: Rule, workbook: Workbook) -> Severity | None:
    """The severity the workbook's `[workbook.checks]` gives a rule (the last matching
    setting wins), or None when it keeps its own."""
    chosen: Severity | None = None
    for key, value in workbook.meta.checks.severity.items():
        if current.matches(key) and value in SEVERITIES:
            chosen = cast(Severity, value)
    return chosen


def rules_reaching(workbook: Workbook, level: str) -> list[Rule]:
    """The rules whose findings can be at least `level` in this workbook (its severity
    settings applied, disabled rules left out): a reader that only marks errors runs
    only the rules that can make one."""
    rank = SEVERITY_RANK[level]
    disabled = workbook.meta.checks.disable
    return [
        candidate
        for candidate in all_rules()
        if SEVERITY_RANK[set_severity(candidate, workbook) or candidate.severity] >= rank
        and not any(candidate.matches(token) for token in disabled)
    ]


def apply_settings(found: Finding, current: Rule, workbook: Workbook) -> Finding:
    """A finding with the workbook's severities, disabled rules and its entities' `ignore`."""
    settings = workbook.meta.checks
    severity = set_severity(current, workbook)
    if severity is not None:
        found = dataclasses.replace(found, severity=severity)
    if any(current.matches(token) for token in settings.disable):
        return dataclasses.replace(found, suppressed="disabled in [workbook.checks]")
    for entity_id in suppressing_entities(found):
        entity = workbook.find(entity_id)
        if entity is not None and any(current.matches(token) for token in entity.ignore):
            reason = entity.ignore_reason.strip() or "no reason given"
            return dataclasses.replace(found, suppressed=f"ignored on {entity_id}: {reason}")
    return found


def suppressing_entities(found: Finding) -> list[str]:
    """The entity a finding is about, and the entity its path points into (a metric)."""
    ids = [found.entity] if found.entity else []
    parts = found.path.split(".")
    if len(parts) >= 2 and parts[0] in KINDS and parts[1] not in ids:
        ids.append(parts[1])
    return ids

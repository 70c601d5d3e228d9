"""`outcomes report`: a one-pager whose structure no title can break."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from outcome_workbook.cli import main
from outcome_workbook.model import operations as op
from outcome_workbook.report.escape import inline
from outcome_workbook.report.markdown import render_report
from outcome_workbook.store import WorkbookFile, parse

from ...conftest import SAMPLES
from ..graph.conftest import small_workbook
from ..graph.hostile import hostile_workbook
from ..graph.mermaid_check import validate, validate_any


def _tokens(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def _structure(text: str) -> list[tuple[str, str]]:
    """Headings, fences and table shapes: what user text must never change."""
    shape: list[tuple[str, str]] = []
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            shape.append((token.tag, ""))
        elif kind == "fence":
            shape.append(("fence", token.info))
        elif kind == "tr_open":
            cells = 0
            for following in tokens[index + 1 :]:
                if following.type == "tr_close":
                    break
                cells += following.type in ("td_open", "th_open")
            shape.append(("row", str(cells)))
        elif kind in ("html_block", "html_inline", "code_inline", "link_open", "image"):
            shape.append((kind, ""))
        elif kind == "inline":
            for child in token.children or []:
                if child.type in ("html_inline", "code_inline", "link_open", "image", "s_open"):
                    shape.append((child.type, child.content))
    return shape


@dataclass(frozen=True)
class _Finding:
    code: str
    severity: str
    entity: str
    message: str
    question: str
    is_suppressed: bool = False


def test_report_sections_in_order() -> None:
    text = render_report(small_workbook())
    headings = [line for line in text.split("\n") if line.startswith("## ")]
    assert headings == [
        "## North Star Metric",
        "## Business outcomes",
        "## Key results",
        "## Metric history",
        "## Top experiments by ICE",
        "## Graph",
    ]
    assert "- **Key result:** move *Sign\\-up to usage rate*" not in text  # '-' is not escaped
    assert "- **Key result:** move *Sign-up to usage rate* from 5 to **50** % by 2025-06-30" in text
    assert "- **Driven by:** New sign-ups start a session on day one (`activation`)" in text
    assert "ICE here is the **product** of impact, confidence and ease" in text
    assert (
        "| 1 | Fake door for the wizard | Guided setup wizard | planned | 7 | 8 | 5 | 280 |" in text
    )
    assert "  - Support CSAT must not fall below 4.2" in text
    activation = text.split("### New sign-ups start a session on day one")[1].split("### ")[0]
    assert "- **Guardrails:** none" not in activation
    lonely = text.split("### An outcome that drives nothing")[1].split("### ")[0]
    assert "- **Guardrails:** none: nothing stops this metric being hit at any cost" in lonely
    assert "- **Drives:** nothing yet" in lonely


def test_metric_history_keeps_every_version_with_its_rationale() -> None:
    text = render_report(small_workbook())
    assert "| 1 | superseded | — | adoption | share of sign-ups with a session | — |" in text
    assert (
        "| 2 | current | 2025-01-10 | behaviour | share of sign-ups with a session in 7 days "
        "| any session was too easy |" in text
    )


def test_findings_section_lists_open_findings_only() -> None:
    findings = [
        _Finding("OW201", "warning", "habit", "no | counter-metric", "What could go wrong?"),
        _Finding("OW101", "error", "lonely", "drives nothing", "What does it move?"),
        _Finding("OW300", "hint", "habit", "hidden", "?", is_suppressed=True),
    ]
    text = render_report(small_workbook(), findings)
    section = text.split("## Open findings")[1].split("## ")[0]
    assert section.index("`lonely`") < section.index("`habit`")  # errors first
    assert "no \\| counter-metric (`OW201`)" in section
    assert "hidden" not in section
    assert "## Open findings" not in render_report(small_workbook())


def test_report_is_byte_stable() -> None:
    assert render_report(small_workbook()) == render_report(small_workbook())


def test_hostile_titles_cannot_change_the_structure() -> None:
    clean = _structure(render_report(small_workbook()))
    hostile_text = render_report(hostile_workbook())
    assert _structure(hostile_text) == clean
    assert "\x1b" not in hostile_text and "\u202e" not in hostile_text
    chart = hostile_text.split("```mermaid\n")[1].split("```")[0]
    assert validate(chart) == []
    assert hostile_text.count("```") == 2


@pytest.mark.parametrize(
    "text",
    [
        "# x",
        "- item",
        "1. one",
        "> quote",
        "| a | b |",
        "`code`",
        "```",
        "<b>x</b>",
        "[a](b)",
        "![i](x)",
        "***",
        "~~s~~",
        "$x$",
        "a\n# b",
        "=====",
        "x #",
    ],
)
def test_inline_renders_as_the_same_plain_text(text: str) -> None:
    tokens = _tokens(f"Before {inline(text)} after")
    children = next(t for t in tokens if t.type == "inline").children
    assert children is not None
    kinds = {child.type for child in children}
    assert kinds <= {"text", "softbreak"}, kinds
    rendered = "".join(child.content for child in children)
    assert rendered == "Before " + " ".join(text.split()) + " after"


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_sample_reports_with_a_valid_chart(sample: Path) -> None:
    wb = parse(sample.read_bytes(), str(sample)).workbook
    text = render_report(wb)
    assert text.startswith("# ")
    charts = [block.split("```")[0] for block in text.split("```mermaid\n")[1:]]
    assert charts[-1].startswith("flowchart")  # the graph comes last
    assert [validate_any(chart) for chart in charts] == [[]] * len(charts)
    measured = [m for m in wb.metrics.values() if (last := m.latest()) and last.values]
    assert len(charts) == 1 + len(measured)
    assert ("row", "0") not in _structure(text)


def test_command_writes_only_where_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "wb.toml"
    WorkbookFile.create(source, small_workbook())
    target = tmp_path / "report.md"
    assert main(["report", str(source), "-o", str(target)]) == 0
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Remote access\n")
    assert "## Open findings" in written  # the command runs the coaching checks
    assert main(["report", str(source), "-o", str(target)]) == 2
    assert "use --force" in capsys.readouterr().err
    assert main(["report", str(source), "-o", str(target), "--force"]) == 0
    assert main(["report", str(source), "-o", str(source), "--force"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "wb.toml"]
    assert main(["report", str(tmp_path / "missing.toml")]) == 2


def test_the_report_says_whether_an_agreement_still_holds_and_how_it_came_about() -> None:
    sample = WorkbookFile.open(SAMPLES / "course-reviews.toml").workbook
    text = render_report(sample)
    assert "- **Targets asked:** team asked 30 (2026-05-04) → leadership asked 40" in text
    remote = SAMPLES / "remote-access.toml"
    agreed = render_report(WorkbookFile.open(remote).workbook)
    assert (
        "- **Agreement:** agreed on 2026-01-30 by Helena Sørensen (leadership) and Kwame "
        "Mensah (team); terms unchanged since"
    ) in agreed
    edited = remote.read_text("utf-8").replace("target = 50\nunit", "target = 40\nunit", 1)
    reopened = render_report(parse(edited.encode(), "team.toml").workbook)
    assert (
        "- **Agreement:** reopened: target lowered from 50 to 40 % of new accounts after both "
        "signed on 2026-01-30"
    ) in reopened


def test_measured_values_show_as_progress_and_a_chart_that_keeps_titles_inert() -> None:
    wb = small_workbook()
    outcome_id = next(iter(sorted(wb.product_outcomes)))
    metric_id = wb.product_outcomes[outcome_id].metric
    wb = op.set_goal(
        wb, outcome_id, stage="performance", baseline=10, target=30,
        deadline=date(2026, 6, 30), unit='% "of" [x]',
    )  # fmt: skip
    wb = op.set_field(wb, metric_id, "title", 'Rate"]\n  line [1]\n%%{init: x}%% `<b>`')
    for day, value in ((date(2026, 3, 2), 12), (date(2026, 3, 30), 23)):
        wb = op.record_value(wb, metric_id, day, value)
    text = render_report(wb)
    assert "- **Progress:** 23 on 2026-03-30: 65% of the way from 10 to 30" in text
    chart = text.split("```mermaid\n")[1].split("```")[0]
    assert validate_any(chart) == []
    assert chart.splitlines()[1] == (
        '  title "Rate line 1 % init: x % b (version 2): values, baseline 10, target 30"'
    )
    assert chart.splitlines()[3] == '  y-axis "% of x" 8 --> 32'
    assert chart.splitlines()[4:] == ["  line [12, 23]", "  line [10, 10]", "  line [30, 30]"]


@pytest.mark.parametrize("n", [3, 40, 120])
def test_a_chart_judged_too_large_from_the_model_is_too_large_when_drawn(n: int) -> None:
    """The report skips building a chart the model already shows is over the limits;
    whenever it does, drawing that chart would have been refused too."""
    from benchmarks.generate import build

    from outcome_workbook.graph.build import build_graph
    from outcome_workbook.graph.queries import of_kinds
    from outcome_workbook.report.markdown import (
        TOP_OF_LADDER,
        _chart_within_limits,
        _may_fit,
    )

    wb = build(n)
    graph = build_graph(wb)
    for kinds, view in ((None, graph), (TOP_OF_LADDER, of_kinds(graph, TOP_OF_LADDER))):
        if not _may_fit(wb, kinds):
            assert _chart_within_limits(view, frozenset()) is None
    assert not _may_fit(wb, None) or n < 40  # the larger ones do skip the build

"""Experiments ranked by ICE score (or by any of its parts), with their edits.

The workbench's experiments screen shows every experiment in it; the session's explore
step shows those of the outcome in focus (`scope`). Enter scores the highlighted
experiment; `add` and `edit` open the experiment's form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from ....model import operations, scores
from ....model.entities import Experiment
from ....model.workbook import Workbook
from ... import editing
from ...host import Host
from ...widgets.entity_labels import clip

SORTS = ("ice", "impact", "confidence", "ease", "title")
# The room's score beside the parts: its mean ICE (the experiment's own when nobody
# scored it as themselves), the lowest and highest, how many scored, how many voted.
HEADERS = ("#", "ICE", "low–high", "by", "votes", "I", "C", "E", "experiment", "solution", "status")
# Said in full where the screen is wide enough; the short forms above keep every column
# on an 80-column screen.
LONG_HEADERS = {"ICE": "ICE ({mode})", "low–high": "lowest–highest", "by": "scored by"}
# The column a click on a header sorts by.
HEADER_SORTS = {"ICE": "ice", "I": "impact", "C": "confidence", "E": "ease", "experiment": "title"}
CUT = ("experiment", "solution")  # cut to the room left by the others
# Shown where a room scores (the session), or once someone scored or voted as themselves.
ROOM = ("low–high", "by", "votes")
MINE = "✓"  # after a count: the person at this screen is one of them

Scope = Callable[[Workbook], Iterable[Experiment]]


def every_experiment(wb: Workbook) -> Iterable[Experiment]:
    return wb.experiments.values()


def _number(value: float | None) -> str:
    """A score as a cell says it: whole numbers plainly, means to one decimal."""
    return "–" if value is None else f"{round(value, 1):g}"


def _right(text: str, style: str = "") -> Text:
    return Text(text, justify="right", style=style)


def _count(count: int, mine: bool) -> Text:
    if not count:
        return _right("–")
    return _right(f"{count}{MINE}", "bold") if mine else _right(str(count))


def parts_of(experiment: Experiment) -> tuple[float | None, float | None, float | None]:
    """Impact, confidence and ease as ranked: the room's means when people scored, else its own."""
    room = scores.room_score(experiment, "product")
    if room.parts is not None:
        return room.parts
    return (experiment.impact, experiment.confidence, experiment.ease)


def _widths(headers: list[str], rows: list[list[Text]]) -> list[int]:
    return [
        max([len(header), *(cells[index].cell_len for cells in rows)])
        for index, header in enumerate(headers)
    ]


class ExperimentTable(DataTable[Text]):
    """The one view of experiments: rank, ICE and its parts first (never cut), then the
    experiment, its solution and its status, cut to the width there is."""

    class Sorted(Message):
        """The order changed (a key, a click on a header): what it is now."""

        def __init__(self, by: str) -> None:
            self.by = by
            super().__init__()

    def __init__(
        self,
        scope: Scope = every_experiment,
        *,
        person: Callable[[], str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.scope = scope
        # Who scores and votes at this screen (the session's person); None: the
        # workbench, where Enter edits the experiment's own score.
        self.person = person
        self.sort_by = "ice"
        self._laid_out_for = 0  # the width the titles were last cut for
        self._shown: list[str] = list(HEADERS)  # the columns shown, by their short header

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    def _key(self, wb: Workbook, experiment: Experiment) -> tuple[float, int, str]:
        if self.sort_by == "title":
            return (0.0, 0, experiment.title.lower())
        if self.sort_by == "ice":
            return scores.rank_key(experiment, wb.meta.ice)
        value = parts_of(experiment)[SORTS.index(self.sort_by) - 1]
        return (-(value if value is not None else -1.0), 0, experiment.id)

    def show(self, focus: str = "") -> None:
        """Rebuild from the host's workbook; the cursor stays on its experiment, or goes to
        `focus` (the one just added)."""
        wb = self.host.workbook
        current = focus if focus in wb.experiments else self.selected()
        self.clear(columns=True)
        ranked = sorted(self.scope(wb), key=lambda e: self._key(wb, e))
        rows = [self._cells(wb, rank, e) for rank, e in enumerate(ranked, start=1)]
        self._laid_out_for = self.container_size.width or self.app.size.width
        room_columns = self.person is not None or any(e.scores or e.votes for e in ranked)
        names = [h for h in HEADERS if room_columns or h not in ROOM]
        rows = [[cells[HEADERS.index(h)] for h in names] for cells in rows]
        names, headers = self._headers(wb, names, rows, narrow=room_columns)
        self._shown = names
        rows = [cells[: len(names)] for cells in rows]
        room = self._title_room(headers, rows)
        # The title and the solution share what the other columns (never cut) leave.
        title_width = max(12, min(50, room * 3 // 5))
        solution_width = max(8, min(30, room - title_width))
        for cells in rows:
            for name, width in zip(CUT, (title_width, solution_width), strict=True):
                index = names.index(name)
                cells[index] = Text(clip(cells[index].plain, width))
        # Widths from the content: a table rebuilt in place would otherwise keep only
        # its headers' widths and cut every cell.
        for header, width in zip(headers, _widths(headers, rows), strict=True):
            self.add_column(Text(header), width=width)
        for experiment, cells in zip(ranked, rows, strict=True):
            self.add_row(*cells, key=experiment.id)
        if current and current in {e.id for e in ranked}:
            self.move_cursor(row=self.get_row_index(current))

    def _headers(
        self, wb: Workbook, names: list[str], rows: list[list[Text]], narrow: bool
    ) -> tuple[list[str], list[str]]:
        """The columns shown and their headers: long where they leave the title room
        enough, else short; with the room's columns on a narrow screen, without the
        status (the last column), so the title stays legible."""
        long = [LONG_HEADERS.get(h, h).format(mode=wb.meta.ice) for h in names]
        if self._title_room(long, rows) >= 30:
            return names, long
        if not narrow or self._title_room(names, rows) >= 24:
            return names, names
        return names[:-1], names[:-1]

    def _title_room(self, headers: list[str], rows: list[list[Text]]) -> int:
        """What the columns never cut leave for the experiment and its solution."""
        widths = _widths(headers, rows)
        room = self._laid_out_for - 2 * len(headers) - 2
        cut = {i for i, h in enumerate(headers) if h in CUT}
        return room - sum(w for i, w in enumerate(widths) if i not in cut)

    def _cells(self, wb: Workbook, rank: int, experiment: Experiment) -> list[Text]:
        solution = wb.solutions.get(experiment.solution)
        room = scores.room_score(experiment, wb.meta.ice)
        who = self.person() if self.person is not None else ""
        spread = f"{_number(room.low)}–{_number(room.high)}" if room.people > 1 else "–"
        return [
            _right(str(rank)),
            _right(_number(scores.ranking_score(experiment, wb.meta.ice)), "bold"),
            _right(spread),
            _count(room.people, bool(who) and scores.score_of(experiment, who) is not None),
            _count(room.votes, bool(who) and who in experiment.votes),
            *(_right(_number(part)) for part in parts_of(experiment)),
            Text(experiment.title),
            Text(solution.title if solution else experiment.solution),
            Text(experiment.status),
        ]

    def on_resize(self) -> None:
        # Cut again only for a new width: a rebuild that changes nothing would still
        # move the cursor's row into view and repaint.
        if (
            self.columns
            and (self.container_size.width or self.app.size.width) != self._laid_out_for
        ):
            self.show()

    def selected(self) -> str:
        """The highlighted experiment's id, or ''."""
        if not self.row_count:
            return ""
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return ""
        return str(key.value or "")

    # --- order ----------------------------------------------------------------------------

    def order_by(self, by: str) -> None:
        self.sort_by = by
        self.show()
        self.post_message(self.Sorted(by))

    def cycle_sort(self) -> None:
        self.order_by(SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)])

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        shown = self._shown
        by = (
            HEADER_SORTS.get(shown[event.column_index]) if event.column_index < len(shown) else None
        )
        if by:
            self.order_by(by)

    # --- edits ----------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.score()

    def score(self) -> None:
        """Impact, confidence and ease of the highlighted experiment, in a form: the
        person's own score in the room when the table has a person, else the experiment's."""
        experiment_id = self.selected()
        if not experiment_id or self.host.read_only or self._refused():
            return
        who = self._person()
        if self.person is not None and not who:
            self.notify("Give your name first: scores are kept by name.", markup=False)
            return
        editing.score_form(self.app, experiment_id, by=who)

    def vote(self) -> None:
        """Give the person's vote to the highlighted experiment, or take it back."""
        experiment = self.host.workbook.experiments.get(self.selected())
        who = self._person()
        if experiment is None or not who or self._refused():
            return
        voting = who not in experiment.votes
        self.host.attempt(
            f"vote as {who}" if voting else f"take back {who}'s vote",
            operations.vote,
            experiment.id,
            who,
            voting,
            focus=experiment.id,
            done=f"{who} voted for it" if voting else f"{who}'s vote taken back",
        )

    def withdraw(self) -> None:
        """Take back the person's score of the highlighted experiment."""
        experiment = self.host.workbook.experiments.get(self.selected())
        who = self._person()
        if experiment is None or not who or self._refused():
            return
        if scores.score_of(experiment, who) is None:
            self.notify(f"{who} has not scored it", markup=False, timeout=3)
            return
        self.host.attempt(
            f"withdraw {who}'s score",
            operations.withdraw_score,
            experiment.id,
            who,
            focus=experiment.id,
            done=f"{who}'s score taken back",
        )

    def _person(self) -> str:
        return self.person() if self.person is not None else ""

    def _refused(self) -> bool:
        """Say why nothing can be changed here (a viewer), before asking for anything."""
        reason = self.host.refusal()
        if reason:
            self.notify(reason, title="Not changed", severity="warning", markup=False)
        return bool(reason)

    def add(self) -> None:
        """A new experiment, under the highlighted one's solution."""
        if self.host.read_only:
            return
        selected = self.host.workbook.experiments.get(self.selected())
        editing.experiment_form(self.app, selected.solution if selected else "")

    def edit(self) -> None:
        """The highlighted experiment's title, hypothesis, status and result."""
        experiment_id = self.selected()
        if not experiment_id:
            self.notify("Highlight an experiment first.")
        elif not self.host.read_only:
            editing.experiment_form(self.app, experiment_id=experiment_id)

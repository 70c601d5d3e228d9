"""The outcome graph drawn as an indented tree, as plain lines with named style spans.

The North Star Metric comes first, then what drives it, layer by layer down to
the experiments. An entity with several parents is drawn in full once, under
the first parent met, with "also drives: ..." naming the others; under each other
parent a one-line reference points back to it, so nothing is dropped and nothing
is drawn twice. Entities that ladder up to nothing follow under a heading.

Lines carry style names, not colours ("tag.product_outcome", "error", ...), so
the CLI and the TUI each map them to their own styles. Text is already inert
(control characters made visible) and never contains markup.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from .build import TAGS, _attrs, edges, gc_paused
from .cells import cell_width, char_width, clean, split_cells, truncate
from .queries import Ladder, edge_type, neighbourhood

if TYPE_CHECKING:
    import networkx as nx

    from ..model.workbook import Workbook

MIN_TEXT_WIDTH = 16

# Default terminal styles (Rich style strings, no Rich import here) for each style name.
# The CLI uses them as they are; the workbench may map the same names to its theme.
STYLES: dict[str, str] = {
    "guide": "bright_black",
    "tag.north_star": "bold magenta",
    "tag.business_outcome": "bold blue",
    "tag.product_outcome": "bold cyan",
    "tag.metric": "bold green",
    "tag.guardrail": "bold yellow",
    "tag.opportunity": "bold red",
    "tag.solution": "bold bright_magenta",
    "tag.experiment": "bold white",
    "tag.metric_version": "bright_black",
    "title.north_star": "bold",
    "title.business_outcome": "bold",
    "focus": "bold reverse",
    "id": "bright_black",
    "detail": "",
    "dim": "bright_black",
    "also": "italic",
    "ref": "bright_black italic",
    "error": "bold red",
    "heading": "bold underline",
}
_TAG_WIDTH = max(len(tag) for tag in TAGS.values())


# Tuples, not frozen dataclasses: a large drawing makes tens of thousands of them, and a
# frozen dataclass sets each field through object.__setattr__ (a tenth of the drawing).
class Span(NamedTuple):
    start: int
    end: int
    style: str


class DrawnLine(NamedTuple):
    """One drawn line. `node` is the entity it shows (None for headings); `role` is
    "node" (first line of an entity), "more" (its folded continuation), "ref"
    (a pointer to an entity drawn elsewhere), "heading" or "blank"."""

    text: str
    spans: tuple[Span, ...] = ()
    node: str | None = None
    role: str = "node"


@dataclass(frozen=True)
class Glyphs:
    branch: str
    last: str
    pipe: str
    blank: str
    down: str
    error: str
    ref: str
    sep: str
    ellipsis: str
    deeper: str  # starts a line whose guides restart at the left edge (see _Drawer.tree)


UNICODE = Glyphs("├─ ", "└─ ", "│  ", "   ", "│", "✗", "↑", "·", "…", "» ")
ASCII = Glyphs("|- ", "`- ", "|  ", "   ", "|", "!", "^", "/", "...", ">>")


class Shape:
    """What the drawing reads of a graph: each node's attributes, who hangs under whom,
    and the type of the edge between two nodes. Taken from a networkx graph, or straight
    from a workbook (`of_workbook`: the same nodes and edges `build_graph` makes, without
    importing networkx or building the graph: a fifth of `outcomes graph` at N=1,000)."""

    def __init__(
        self,
        nodes: Mapping[str, Mapping[str, Any]],
        ladder: Ladder,
        edge_type: Callable[[str, str], str],
    ) -> None:
        self.nodes = nodes
        self.ladder = ladder
        self.edge_type = edge_type  # of the edge that hangs `lower` under `upper`

    @classmethod
    def of_graph(cls, graph: nx.DiGraph) -> Shape:
        return cls(graph.nodes, Ladder(graph), lambda lower, upper: edge_type(graph, lower, upper))

    @classmethod
    def of_workbook(cls, wb: Workbook) -> Shape:
        """The shape of `build_graph(wb)` (without history)."""
        nodes = {entity.id: _attrs(wb, kind, entity, full=False) for kind, entity in wb.entities()}
        types: dict[tuple[str, str], str] = {}
        for source, target, kind in edges(wb):
            types[source, target] = kind  # the graph keeps one edge a pair, the last type
        ladder = Ladder.of(
            {node: attrs["kind"] for node, attrs in nodes.items()},
            ((source, target, kind) for (source, target), kind in types.items()),
        )

        def typed(lower: str, upper: str) -> str:
            found = types.get((lower, upper))
            return found if found is not None else types[upper, lower]

        return cls(nodes, ladder, typed)


class _Builder:
    """Accumulates text and spans for one line (spans as plain lists until the line is
    made: a drawing of 17,000 entities adds about 190,000 pieces)."""

    def __init__(self, styled: bool = True) -> None:
        self.parts: list[str] = []
        self.spans: list[list[Any]] = []
        self.length = 0
        self.styled = styled

    def add(self, text: str, style: str = "") -> None:
        end = self.length + len(text)
        if style and text and self.styled:
            spans = self.spans
            if spans and spans[-1][2] == style and spans[-1][1] == self.length:
                spans[-1][1] = end
            else:
                spans.append([self.length, end, style])
        self.parts.append(text)
        self.length = end

    def line(self, node: str | None, role: str) -> DrawnLine:
        spans = tuple(Span(start, end, style) for start, end, style in self.spans)
        return DrawnLine("".join(self.parts), spans, node, role)


def _fold(words: list[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    """Greedy word wrap of styled words into rows of at most `width` cells.

    Neighbouring words of one style are merged into one piece (with their space).
    """
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0
    # A run of words of one style that fits where the row stands goes in whole, as the
    # word-by-word wrap would put it (a title usually fits: a third of the drawing).
    for style, run in groupby(words, key=itemgetter(1)):
        texts = [word for word, _ in run]
        joined = " ".join(texts)
        size = cell_width(joined)
        # (A row that starts with a word of no width gets no space after it: word by word.)
        if (used + 1 + size if used else size) <= width and (used or cell_width(texts[0])):
            if used:
                rows[-1].append((" ", ""))
                used += 1
            rows[-1].append((joined, style))
            used += size
        else:
            used = _fold_words(rows, used, [(word, style) for word in texts], width)
    return rows


def _fold_words(
    rows: list[list[tuple[str, str]]], used: int, words: list[tuple[str, str]], width: int
) -> int:
    """Wrap `words` one by one onto `rows` (the last row has `used` cells); the cells used
    on the last row after them."""
    for word, style in words:
        size = cell_width(word)
        if used and used + 1 + size > width:
            rows.append([])
            used = 0
        if size > width - used - (1 if used else 0):
            for piece in split_cells(word, width):
                if used:
                    rows.append([])
                    used = 0
                rows[-1].append((piece, style))
                used = cell_width(piece)
            continue
        row = rows[-1]
        if used and row[-1][1] == style:
            row[-1] = (f"{row[-1][0]} {word}", style)
            used += 1 + size
            continue
        if used:
            row.append((" ", ""))
            used += 1
        row.append((word, style))
        used += size
    return used


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_width(text)


@lru_cache(maxsize=4096)
def _narrow(text: str) -> bool:
    """Whether every character of `text` takes one cell (then its width is its length)."""
    return all(char_width(char) == 1 for char in text)


def _fold_plain(pieces: list[str], width: int) -> list[str]:
    """The rows' text that `_fold` makes of the words of `pieces` (each one or more words,
    single spaces between): for a drawing printed plain, without a piece per word."""
    text = " ".join(pieces)
    if all(piece.isascii() or _narrow(piece) for piece in pieces):
        return _wrap_narrow(text, width)
    rows: list[list[str]] = [[]]
    used = 0
    for word in text.split(" "):
        size = _width(word)
        if used and used + 1 + size > width:
            rows.append([])
            used = 0
        if size > width - used - (1 if used else 0):
            for piece in split_cells(word, width):
                if used:
                    rows.append([])
                    used = 0
                rows[-1].append(piece)
                used = cell_width(piece)
            continue
        if used:
            rows[-1].append(" ")
            used += 1
        rows[-1].append(word)
        used += size
    return ["".join(row) for row in rows]


def _wrap_narrow(text: str, width: int) -> list[str]:
    """The greedy word wrap of `_fold_words` for text whose every character takes one cell,
    with string searches: a row ends at the last space that leaves it `width` long at most,
    and a word longer than a row is cut into rows of `width` (its rest starts the next)."""
    rows: list[str] = []
    start, end = 0, len(text)
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut == -1:
            rows.append(text[start : start + width])
            start += width
        else:
            rows.append(text[start:cut])
            start = cut + 1
    rows.append(text[start:])
    return rows


def _words(text: str, style: str) -> list[tuple[str, str]]:
    return [(word, style) for word in text.split(" ") if word]


class _Drawer:
    def __init__(
        self,
        shape: Shape,
        context: Shape,
        width: int,
        glyphs: Glyphs,
        errors: Collection[str],
        focus: str | None,
        styled: bool,
    ) -> None:
        self.nodes = shape.nodes
        self.styled = styled
        self.context = context
        self.width = width
        self.g = glyphs
        self.errors = errors
        self.focus = focus
        self.ladder = shape.ladder
        self.context_ladder = context.ladder
        self.lines: list[DrawnLine] = []
        self.shown_under: dict[str, str | None] = {}
        # How wide the guides may grow before they restart (see tree).
        self.guide_limit = max(width - 2 * MIN_TEXT_WIDTH, 24)

    def _lead(self, node: str) -> tuple[list[tuple[str, str]], int]:
        """The tag block (error mark and type tag), and its width including the trailing space."""
        data = self.nodes[node]
        kind = str(data.get("kind", ""))
        tag = str(data.get("tag", "?")).ljust(_TAG_WIDTH)
        parts: list[tuple[str, str]] = []
        if node in self.errors:
            parts.append((self.g.error + " ", "error"))
        parts.append((tag + " ", f"tag.{kind}"))
        return parts, sum(len(text) for text, _ in parts)

    def _also(self, node: str, parent: str | None) -> list[tuple[str, str]]:
        """'also drives: a, b' for the parents other than the one the node is drawn under
        ('drives: a, b' for a node drawn at the top whose parents are out of view)."""
        if node not in self.context.nodes:
            return []
        groups: dict[str, list[str]] = {}
        for other in self.context_ladder.ups[node]:
            if other != parent:
                verb = self.context.edge_type(node, other)
                groups.setdefault(f"also {verb}" if parent else verb, []).append(other)
        words: list[tuple[str, str]] = []
        for label in sorted(groups):
            words.append((self.g.sep, "dim"))
            words.extend(_words(f"{label}:", "also"))
            names = groups[label]
            for index, name in enumerate(names):
                words.append((name + ("," if index < len(names) - 1 else ""), "id"))
        return words

    def _node(
        self, node: str, parent: str | None, first: str, rest: str, has_children: bool
    ) -> None:
        if not self.styled:
            self._plain_node(node, parent, first, rest, has_children)
            return
        data = self.nodes[node]
        kind = str(data.get("kind", ""))
        lead, lead_width = self._lead(node)
        title_style = "focus" if node == self.focus else f"title.{kind}"
        words = _words(clean(str(data.get("title", ""))), title_style)
        words.append((f"({node})", "id"))
        for part in data.get("details", ()):
            words.append((self.g.sep, "dim"))
            words.extend(_words(clean(str(part)), "detail"))
        words.extend(self._also(node, parent))
        room = max(self.width - cell_width(first) - lead_width, MIN_TEXT_WIDTH)
        more = rest + (self.g.down if has_children else " ") + " " * (lead_width - 1)
        for index, row in enumerate(_fold(words, room)):
            builder = _Builder(self.styled)
            if index == 0:
                builder.add(first, "guide")
                for text, style in lead:
                    builder.add(text, style)
            else:
                builder.add(more, "guide")
            for text, style in row:
                builder.add(text, style)
            self.lines.append(builder.line(node, "node" if index == 0 else "more"))

    def _plain_node(
        self, node: str, parent: str | None, first: str, rest: str, has_children: bool
    ) -> None:
        """`_node` without style spans: the same words, joined and folded as text."""
        data = self.nodes[node]
        lead = self.g.error + " " if node in self.errors else ""
        lead += str(data.get("tag", "?")).ljust(_TAG_WIDTH) + " "
        pieces = [clean(str(data.get("title", ""))), f"({node})"]
        for part in data.get("details", ()):
            pieces += (self.g.sep, clean(str(part)))
        pieces += (text for text, _ in self._also(node, parent))
        room = max(self.width - cell_width(first) - len(lead), MIN_TEXT_WIDTH)
        rows = _fold_plain([piece for piece in pieces if piece], room)
        lines = self.lines
        lines.append(DrawnLine(first + lead + rows[0], (), node, "node"))
        if len(rows) > 1:
            more = rest + (self.g.down if has_children else " ") + " " * (len(lead) - 1)
            lines.extend(DrawnLine(more + row, (), node, "more") for row in rows[1:])

    def _reference(self, node: str, first: str) -> None:
        data = self.nodes[node]
        kind = str(data.get("kind", ""))
        builder = _Builder(self.styled)
        builder.add(first, "guide")
        builder.add(f"{self.g.ref} ", "ref")
        builder.add(str(data.get("tag", "?")).ljust(_TAG_WIDTH) + " ", f"tag.{kind}")
        where = self.shown_under.get(node)
        tail = f" ({node}) shown under {where}" if where else f" ({node}) shown above"
        room = max(self.width - cell_width(first) - 2 - _TAG_WIDTH - 1, MIN_TEXT_WIDTH)
        title = clean(str(data.get("title", "")))
        if cell_width(title + tail) > room:
            tail = truncate(tail, max(room - 5, 1), self.g.ellipsis)
            title = truncate(title, max(room - cell_width(tail), 1), self.g.ellipsis)
        builder.add(title + tail, "ref")
        self.lines.append(builder.line(node, "ref"))

    def tree(self, root: str) -> None:
        """Depth-first, iteratively (opportunity chains can be deep)."""
        stack: list[tuple[str, str | None, str, str]] = [(root, None, "", "")]
        while stack:
            node, parent, first, rest = stack.pop()
            if node in self.shown_under:
                self._reference(node, first)
                continue
            self.shown_under[node] = parent
            children = self.ladder.downs[node]
            self._node(node, parent, first, rest, bool(children))
            # A chain deeper than the screen is wide (thousands of opportunities, each
            # under the last) would draw lines ever longer: the output would grow with
            # the square of the depth. Past the limit the guides restart at the left
            # edge after a "»" mark, so every line stays within the width.
            base = rest if cell_width(rest) < self.guide_limit else self.g.deeper
            for index in range(len(children) - 1, -1, -1):
                last = index == len(children) - 1
                child_first = base + (self.g.last if last else self.g.branch)
                child_rest = (rest if base is rest else " " * len(base)) + (
                    self.g.blank if last else self.g.pipe
                )
                stack.append((children[index], node, child_first, child_rest))

    def heading(self, text: str) -> None:
        self.lines.append(DrawnLine(text, (Span(0, len(text), "heading"),), None, "heading"))


def _draw(
    shape: Shape,
    context: Shape,
    width: int,
    ascii_only: bool,
    errors: Collection[str],
    focus: str | None,
    headings: bool,
    styled: bool,
) -> list[DrawnLine]:
    with gc_paused():  # thousands of small DrawnLine objects, no cycles among them
        return _draw_paused(shape, context, width, ascii_only, errors, focus, headings, styled)


def _draw_paused(
    shape: Shape,
    context: Shape,
    width: int,
    ascii_only: bool,
    errors: Collection[str],
    focus: str | None,
    headings: bool,
    styled: bool,
) -> list[DrawnLine]:
    glyphs = ASCII if ascii_only else UNICODE
    drawer = _Drawer(shape, context, width, glyphs, errors, focus, styled)
    starts = drawer.ladder.roots
    north_stars = [n for n in starts if shape.nodes[n].get("kind") == "north_star"]
    for root in north_stars:
        drawer.tree(root)
    rest = [n for n in starts if n not in drawer.shown_under]
    if rest and north_stars and headings:
        drawer.lines.append(DrawnLine("", (), None, "blank"))
        drawer.heading("Not linked to the North Star Metric:")
    for root in rest:
        if root not in drawer.shown_under:
            drawer.tree(root)
    # Whatever is left sits on a cycle with nothing above it: draw it from its smallest id.
    remaining = [n for n in shape.nodes if n not in drawer.shown_under]
    if remaining and headings:
        drawer.lines.append(DrawnLine("", (), None, "blank"))
        drawer.heading("In a loop (fix the parents):")
    for node in sorted(remaining):
        if node not in drawer.shown_under:
            drawer.tree(node)
    return drawer.lines


def draw(
    graph: nx.DiGraph,
    *,
    width: int = 80,
    ascii_only: bool = False,
    errors: Collection[str] = frozenset(),
    styled: bool = True,
) -> list[DrawnLine]:
    """The whole graph as lines at most `width` cells wide (unless it is deeper than it is wide).

    Without `styled`, the lines carry no style spans (for text printed plain: a sixth of
    the drawing of a large graph)."""
    shape = Shape.of_graph(graph)
    return _draw(shape, shape, width, ascii_only, errors, None, headings=True, styled=styled)


def draw_workbook(
    wb: Workbook,
    *,
    width: int = 80,
    ascii_only: bool = False,
    errors: Collection[str] = frozenset(),
    styled: bool = True,
) -> list[DrawnLine]:
    """`draw(build_graph(wb), ...)`, drawn from the workbook without building the graph."""
    shape = Shape.of_workbook(wb)
    return _draw(shape, shape, width, ascii_only, errors, None, headings=True, styled=styled)


def draw_focus(
    graph: nx.DiGraph,
    node: str,
    depth: int | None = None,
    *,
    width: int = 80,
    ascii_only: bool = False,
    errors: Collection[str] = frozenset(),
    styled: bool = True,
) -> list[DrawnLine]:
    """Only the neighbourhood of `node` (up and down `depth` steps); KeyError if unknown.

    "also ..." lists name every other parent, including those outside the view.
    """
    around = Shape.of_graph(neighbourhood(graph, node, depth))
    context = Shape.of_graph(graph)
    return _draw(around, context, width, ascii_only, errors, node, headings=False, styled=styled)


def plain(lines: Iterable[DrawnLine]) -> str:
    """The drawing as text, one line per DrawnLine, ending with a newline."""
    return "".join(line.text + "\n" for line in lines)

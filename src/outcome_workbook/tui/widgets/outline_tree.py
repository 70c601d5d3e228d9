"""The outline: the workbook as a tree, built one level at a time as nodes open.

A 1,000-outcome workbook would need tens of thousands of nodes up front;
instead only the rows a person opens exist. After an edit the loaded part is
reconciled in place, so open branches and the cursor stay where they were.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path as FilePath
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets._tree import TreeNode

from ...model.workbook import Workbook
from .. import memory
from .. import outline_shape as outline
from ..findings import FindingSet
from ..outline_shape import WORKBOOK, Item
from ..placement import changed_rows, shape
from .entity_labels import outline_label

Path = tuple[str, ...]


class OutlineTree(Tree[Item]):
    """Tree of NSM -> business outcomes -> product outcomes -> metric, guardrails, OST."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "open_node", "Open", show=False, id="outline.open"),
        Binding("left", "close_node", "Close", show=False, id="outline.close"),
    ]

    class EntityHighlighted(Message):
        """The cursor moved to a row (the detail pane follows it)."""

        def __init__(self, item: Item) -> None:
            self.item = item
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Text("workbook"), data=WORKBOOK, id=id, classes=classes)
        self.workbook: Workbook | None = None
        self.findings: FindingSet | None = None
        self._loaded: set[int] = set()
        self.auto_expand = False
        self.guide_depth = 3
        # Open rows and the cursor to start from (remembered from the last visit), if any.
        self.remembered: tuple[set[Path], Path] | None = None
        # The workbook file whose outline is remembered when this closes.
        self.remember_as: FilePath | None = None
        # While filtering: the rows on the way to a match, and the matches (None: all rows).
        self._shown: set[Path] | None = None
        self._matched: set[Path] = set()

    def on_unmount(self) -> None:
        if self.remember_as is not None and self.workbook is not None:
            memory.save(self.remember_as, *self.open_rows_and_cursor())

    # --- building ---------------------------------------------------------------

    def show_workbook(self, workbook: Workbook) -> None:
        """Display a (new value of the) workbook, keeping open branches and the cursor."""
        first = self.workbook is None
        previous = self.workbook
        self.workbook = workbook
        if first:
            self.root.set_label(outline_label(workbook, WORKBOOK, self.findings))
            # Open the North Star(s) at once: the business outcomes are the first thing to see.
            opened: set[Path] = {
                (item.key,)
                for item in outline.children(workbook, WORKBOOK)
                if item.kind == "north_star"
            }
            if self.remembered is not None:
                opened = self.remembered[0]
            self._populate(self.root, opened)
            self.root.expand()
            if self.remembered is not None:
                self._restore_cursor(self.remembered[1])
            return
        cursor = self._path_of(self.cursor_node)
        rows = None if previous is None or self.filtering else changed_rows(previous, workbook)
        if rows is None or previous is None:
            self._sync(self.root, (), self._expanded_paths())
        else:
            self._sync_rows(self.root, self._rows_with_groups(previous, rows))
        self._restore_cursor(cursor)

    def _rows_with_groups(self, previous: Workbook, rows: set[str]) -> set[str]:
        """`rows`, and the workbook's row and the unplaced group when what they list moved."""
        assert self.workbook is not None
        before, after = shape(previous), shape(self.workbook)
        if (before.top_business, before.top_products) != (
            after.top_business,
            after.top_products,
        ) or any(
            self.workbook.kind_of(i) == "north_star" or previous.kind_of(i) == "north_star"
            for i in rows
        ):
            rows = rows | {outline.ROOT}
        if before.unplaced != after.unplaced:
            rows = rows | {outline.UNPLACED, outline.ROOT}
        return rows

    def show_findings(self, findings: FindingSet) -> None:
        """New finding markers: relabel the open rows whose entity's findings changed
        (an update shares the entries of every entity it did not recheck)."""
        before = self.findings
        self.findings = findings
        if self.workbook is not None:
            self._relabel(self.root, before)

    # --- filtering ----------------------------------------------------------------

    def show_only(self, entity_ids: list[str] | None) -> None:
        """Show only these entities and the rows on the way to them, opened (None: all)."""
        assert self.workbook is not None
        if entity_ids is None:
            self._shown, self._matched = None, set()
            opened = self._expanded_paths()
        else:
            self._matched = {p for p in map(self._home_keys, entity_ids) if p is not None}
            self._shown = {m[:i] for m in self._matched for i in range(1, len(m) + 1)}
            opened = {m[:i] for m in self._matched for i in range(1, len(m))}
        self._forget(self.root)
        self.root.remove_children()
        self._populate(self.root, opened)
        self.root.expand()

    def first_match(self) -> Path | None:
        """The path of the first match shown (in outline order), while filtering."""
        for line in range(self.last_line + 1):
            node = self.get_node_at_line(line)
            path = self._path_of(node)
            if path in self._matched:
                return path
        return None

    @property
    def filtering(self) -> bool:
        return self._shown is not None

    def _home_keys(self, entity_id: str) -> Path | None:
        """The row keys from the top down to the entity's home listing (None: no such entity)."""
        assert self.workbook is not None
        wb = self.workbook
        ids = outline.home_path(wb, entity_id)
        if ids is None:
            if wb.find(entity_id) is None:
                return None
            return (outline.UNPLACED_GROUP.key, f"{wb.kind_of(entity_id)}:{entity_id}")
        return tuple(f"{wb.kind_of(i)}:{i}" for i in ids)

    def _hidden(self, path: Path) -> bool:
        """Filtered out: neither on the way to a match nor under one."""
        if self._shown is None or path in self._shown:
            return False
        return not any(path[: len(m)] == m for m in self._matched if len(m) < len(path))

    def move_to_path(self, path: Path) -> None:
        self._restore_cursor(path)

    def _populate(self, node: TreeNode[Item], expanded: set[Path], path: Path = ()) -> None:
        assert self.workbook is not None and node.data is not None
        wb = self.workbook
        self._loaded.add(int(node.id))
        for item in outline.children(wb, node.data):
            if self._shown is not None and self._hidden((*path, item.key)):
                continue
            child = node.add(
                outline_label(wb, item, self.findings),
                item,
                allow_expand=outline.has_children(wb, item),
            )
            child_path = (*path, item.key)
            if child_path in expanded and child.allow_expand:
                self._populate(child, expanded, child_path)
                child.expand()

    def _sync(self, node: TreeNode[Item], path: Path, expanded: set[Path]) -> None:
        assert self.workbook is not None and node.data is not None
        wb = self.workbook
        node.set_label(outline_label(wb, node.data, self.findings))
        if node.data.kind != "workbook":
            node.allow_expand = outline.has_children(wb, node.data)
        if int(node.id) not in self._loaded:
            return
        wanted = [
            item
            for item in outline.children(wb, node.data)
            if self._shown is None or not self._hidden((*path, item.key))
        ]
        have = [child.data for child in node.children]
        if wanted != have:
            self._forget(node)
            node.remove_children()
            self._populate(node, expanded, path)
            if not node.children and node.is_expanded and node.data.kind != "workbook":
                node.collapse()
            return
        for child in node.children:
            assert child.data is not None
            self._sync(child, (*path, child.data.key), expanded)

    def _sync_rows(self, node: TreeNode[Item], rows: set[str]) -> None:
        """`_sync` for the rows of `rows` only: every loaded row is looked at, but only
        those an edit can change are labelled and listed again."""
        assert node.data is not None
        if node.data.entity_id in rows:
            self._sync_one(node)
        if int(node.id) not in self._loaded:
            return
        for child in node.children:
            self._sync_rows(child, rows)

    def _sync_one(self, node: TreeNode[Item]) -> None:
        """Label one row again and, if its children are loaded and differ, add and
        remove the rows that came and went."""
        assert self.workbook is not None and node.data is not None
        wb = self.workbook
        node.set_label(outline_label(wb, node.data, self.findings))
        if node.data.kind != "workbook":
            node.allow_expand = outline.has_children(wb, node.data)
        if int(node.id) not in self._loaded:
            return
        wanted = outline.children(wb, node.data)
        have = list(node.children)
        listed = [child.data for child in have]
        if wanted == listed:
            return
        # Only the rows that came or went change: the others keep their branches open.
        opcodes = SequenceMatcher(None, listed, wanted, autojunk=False).get_opcodes()
        for tag, low, high, start, end in reversed(opcodes):
            if tag == "equal":
                continue
            for child in have[low:high]:
                self._forget(child)
                self._loaded.discard(int(child.id))
                child.remove()
            anchor = have[high] if high < len(have) else None
            for item in wanted[start:end]:
                node.add(
                    outline_label(wb, item, self.findings),
                    item,
                    before=anchor,
                    allow_expand=outline.has_children(wb, item),
                )
        if not node.children and node.is_expanded and node.data.kind != "workbook":
            node.collapse()

    def _forget(self, node: TreeNode[Item]) -> None:
        for child in node.children:
            self._loaded.discard(int(child.id))
            self._forget(child)

    def _relabel(self, node: TreeNode[Item], before: FindingSet | None) -> None:
        assert self.workbook is not None and node.data is not None and self.findings is not None
        entity_id = node.data.entity_id
        if before is None or before.by_entity.get(entity_id) is not self.findings.by_entity.get(
            entity_id
        ):
            node.set_label(outline_label(self.workbook, node.data, self.findings))
        if node.is_expanded:
            for child in node.children:
                self._relabel(child, before)

    # --- paths and the cursor ------------------------------------------------------

    def _path_of(self, node: TreeNode[Item] | None) -> Path:
        keys: list[str] = []
        while node is not None and not node.is_root:
            assert node.data is not None
            keys.append(node.data.key)
            node = node.parent
        return tuple(reversed(keys))

    def _expanded_paths(self) -> set[Path]:
        found: set[Path] = set()

        def walk(node: TreeNode[Item], path: Path) -> None:
            for child in node.children:
                assert child.data is not None
                child_path = (*path, child.data.key)
                if child.is_expanded:
                    found.add(child_path)
                    walk(child, child_path)

        walk(self.root, ())
        return found

    def open_rows_and_cursor(self) -> tuple[set[Path], Path]:
        """The open rows and the cursor, to remember for the next visit."""
        return self._expanded_paths(), self._path_of(self.cursor_node)

    def _find(self, path: Path) -> TreeNode[Item] | None:
        node = self.root
        for key in path:
            match = next((c for c in node.children if c.data and c.data.key == key), None)
            if match is None:
                return None
            node = match
        return node

    def _restore_cursor(self, path: Path) -> None:
        node = self._find(path)
        while node is None and path:
            path = path[:-1]
            node = self._find(path)
        self._move_to(node or self.root)

    def _move_to(self, node: TreeNode[Item]) -> None:
        self._tree_lines  # noqa: B018 - rebuild the line index so node.line is current
        self.move_cursor(node, animate=False)

    def select_entity(self, entity_id: str) -> bool:
        """Open the outline down to the entity's home listing and put the cursor there."""
        assert self.workbook is not None
        if not entity_id:
            self._move_to(self.root)
            return True
        items = self._home_keys(entity_id)
        if items is None:
            return False
        node = self.root
        for key in items:
            if int(node.id) not in self._loaded:
                self._populate(node, set(), self._path_of(node))
            if not node.is_expanded:
                node.expand()
            match = next((c for c in node.children if c.data and c.data.key == key), None)
            if match is None:
                return False
            node = match
        self._move_to(node)
        self.scroll_to_node(node, animate=False)
        return True

    # --- events -----------------------------------------------------------------------

    @on(Tree.NodeExpanded)
    def _load_on_expand(self, event: Tree.NodeExpanded[Item]) -> None:
        event.stop()
        node = event.node
        if int(node.id) not in self._loaded and self.workbook is not None:
            self._populate(node, set(), self._path_of(node))

    @on(Tree.NodeHighlighted)
    def _follow_cursor(self, event: Tree.NodeHighlighted[Item]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.EntityHighlighted(event.node.data))

    def action_open_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.children:
            self._move_to(node.children[0])

    def action_close_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and not node.is_root:
            node.collapse()
        elif node.parent is not None:
            self._move_to(node.parent)

    @property
    def current_item(self) -> Item | None:
        node = self.cursor_node
        return node.data if node is not None else None

    @property
    def parent_item(self) -> Item | None:
        """The row the cursor's row is listed under (which link of several it is)."""
        node = self.cursor_node
        if node is None or node.parent is None:
            return None
        return node.parent.data

"""A workbook on disk: load it, remember exactly what was read, save edits safely."""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat
import threading
import tomllib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.errors import Problem, WorkbookError
from ..model.workbook import Workbook
from . import collector
from .atomic import atomic_write
from .blocks import (
    SplitWithHeaders,
    Unit,
    UnitHeaders,
    locations_of,
    scan_line,
    split_units_with_headers,
)
from .codec import NewerFormatError, decode_workbook, semantic_problems
from .file_text import TextForm, conflict_markers, decode
from .quick_split import (
    header_locations_plain,
    header_locations_quick,
    split_units_with_headers_quick,
)

if TYPE_CHECKING:
    # The writer needs tomlkit (a tenth of a start-up): imported only to write, so
    # read-only commands (validate, check, graph, report) never load it.
    from .writer import Document

MAX_BYTES = 20 * 1024 * 1024
# Set to a number of megabytes to read workbooks bigger than MAX_BYTES.
MAX_MB_SETTING = "OUTCOMES_MAX_MB"
# Deeper values are refused: comparing, copying or re-parsing them would recurse too far.
MAX_DEPTH = 64
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class TextSplit:
    """The text split into entity units, done once, on first use, from any thread.

    Showing a workbook needs only the model; the units are needed for line numbers
    (a problem or finding to locate) and for writing. Splitting a large file costs
    about a sixth of tomllib's parse, so an interactive reader can show the model
    first and split in the background; a reader that only prints line numbers (the
    `check` command) gets them without the units, for half that.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lock = threading.Lock()
        self._result: SplitWithHeaders | None = None
        self._locations: dict[str, int] | None = None

    def get(self) -> SplitWithHeaders:
        """(preamble, units, header locations, each unit's headers by its text)."""
        with self._lock:
            if self._result is None:
                # The regular-expression split for the usual layout; the line scan for
                # anything it cannot vouch for. Both build an object per table, which
                # the collector would walk with the whole model (see collector.building).
                with collector.building(len(self._text)):
                    self._result = split_units_with_headers_quick(
                        self._text
                    ) or split_units_with_headers(self._text)
                self._locations = self._result[2]
            return self._result

    def locations(self) -> dict[str, int]:
        """The 1-based line of each table path (the split's, or found without it)."""
        with self._lock:
            if self._locations is None and self._result is None:
                # (The text parsed as TOML before it was split: see header_locations_plain.)
                self._locations = header_locations_plain(self._text)
                if self._locations is None:
                    self._locations = header_locations_quick(self._text)
            found = self._locations
        return found if found is not None else self.get()[2]


class Locations(Mapping[str, int]):
    """The 1-based line of each table path, read from a `TextSplit` when first asked."""

    def __init__(self, split: TextSplit) -> None:
        self._split = split

    def __getitem__(self, path: str) -> int:
        return self._split.locations()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._split.locations())

    def __len__(self) -> int:
        return len(self._split.locations())


@dataclass
class Loaded:
    """What was read: the model, where things are, and anything worth warning about."""

    workbook: Workbook
    locations: Mapping[str, int]
    problems: list[Problem]
    text: str
    form: TextForm
    read_only_reason: str = ""
    # The text's units, split lazily (see TextSplit), shared with `locations` so
    # opening for writing never splits the same text twice.
    split: TextSplit | None = field(default=None, repr=False, compare=False)


def parse(data: bytes, file: str, allow_newer: bool = False) -> Loaded:
    """Bytes -> model, raising WorkbookError with every located problem.

    With `allow_newer`, a file from a newer format version is read (for display
    only) instead of refused; `read_only_reason` then says why it must not be written.

    A large workbook's objects are then frozen out of the cyclic collector's sight
    (`collector.freeze`: at N=10,000 ten million objects a full collection would walk,
    about a second, landing on whatever the workbench does next); a one-shot command
    has the collector off anyway (`cli.main`).
    """
    with collector.building(len(data)):
        return _parse(data, file, allow_newer)


def _parse(data: bytes, file: str, allow_newer: bool) -> Loaded:
    limit = max_bytes() if len(data) > MAX_BYTES else MAX_BYTES
    if len(data) > limit:
        raise _too_large(len(data), limit, file)
    text, form = decode(data, file)
    markers = conflict_markers(text, file)
    if markers:
        raise WorkbookError(markers[0].message, markers)
    try:
        data_dict = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WorkbookError(str(error), [_toml_problem(error, file, text)]) from None
    except RecursionError:
        message = "nesting is too deep to read"
        raise WorkbookError(message, [Problem(message, file, _deep_line(text))]) from None
    except ValueError:  # Python's limit on converting very long digit strings to int
        problem = _digits_problem(text, file)
        raise WorkbookError(problem.message, [problem]) from None
    if not data_dict:
        # Nothing but blank lines and comments (told apart after parsing: looking at every
        # line of a large file first cost more than a hundredth of a second).
        message = "the file is empty: a workbook needs at least a [workbook] table with a title"
        raise WorkbookError(message, [Problem(message, file, 1, 1)])
    trouble = _shape_trouble(data_dict, MAX_DEPTH)
    split = TextSplit(text)
    locations = Locations(split)
    if trouble == "depth":
        message = f"nesting is too deep to read (more than {MAX_DEPTH} levels of tables or lists)"
        line = _deep_line(text) or _line_of(_deep_path(data_dict, MAX_DEPTH), locations)
        raise WorkbookError(message, [Problem(message, file, line)])
    if trouble == "integer":
        problem = _integer_problem(data_dict, file, locations)
        raise WorkbookError(problem.message, [problem])
    read_only = ""
    try:
        workbook, problems = decode_workbook(data_dict, file, locations, text=text)
    except NewerFormatError as error:
        if not allow_newer:
            raise
        read_only = error.message
        workbook, problems = decode_workbook(
            data_dict, file, locations, allow_newer=True, text=text
        )
    return Loaded(workbook, locations, problems, text, form, read_only, split)


# TOML's whole numbers are 64-bit signed integers; anything beyond cannot be written
# back losslessly by other tools, and would overflow on the way to a float here.
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def depth_exceeds(value: object, limit: int) -> bool:
    """True when `value` holds anything the full loader refuses: tables and lists
    nested deeper than `limit`, or a whole number outside TOML's 64-bit range."""
    return _shape_trouble(value, limit) != ""


def _shape_trouble(value: object, limit: int) -> str:
    """ "depth", "integer" or "" for `value` (checked without recursion, in one pass)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    big = False
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return "depth"
        if isinstance(item, dict):
            children: Collection[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if children and depth + 1 > limit:
            return "depth"  # a child of any kind would sit too deep
        # Only tables and lists can nest further; scalars are not stacked.
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1))
            elif kind is int and not INT_MIN <= child <= INT_MAX:  # type: ignore[operator]
                big = True
    return "integer" if big else ""


def _integer_problem(data: dict[str, object], file: str, locations: Mapping[str, int]) -> Problem:
    """Where the first whole number outside TOML's range is, by its key's table."""
    stack: list[tuple[object, str]] = [(data, "")]
    while stack:
        item, path = stack.pop()
        pairs: Iterable[tuple[object, object]]
        if isinstance(item, dict):
            pairs = item.items()
        elif isinstance(item, list):
            pairs = enumerate(item)
        else:
            if type(item) is int and not INT_MIN <= item <= INT_MAX:
                break
            continue
        stack.extend((child, f"{path}.{key}" if path else str(key)) for key, child in pairs)
    else:
        path = ""
    message = (
        "a whole number outside what TOML allows (-9223372036854775808 to "
        "9223372036854775807, 64 bits)"
    )
    return Problem(message, file, _line_of(path, locations), None, path)


def _line_of(path: str, locations: Mapping[str, int]) -> int | None:
    while path:
        if path in locations:
            return locations[path]
        path = path.rpartition(".")[0]
    return None


def _deep_line(text: str) -> int | None:
    """The first line where brackets and braces (outside strings and comments) nest
    deeper than MAX_DEPTH, if any."""
    state = [0, 0, 0]
    for number, line in enumerate(text.split("\n"), start=1):
        before = state[2]
        in_string = state[0] or state[1]
        if not in_string and line.partition("=")[0].count(".") >= MAX_DEPTH:
            return number  # a dotted key (or a table header) too many levels deep
        scan_line(line, state)
        if state[2] > MAX_DEPTH:
            return number
        if before + line.count("[") + line.count("{") > MAX_DEPTH and not (state[0] or state[1]):
            # Opened and closed on this line: follow the depth along it (a rough walk
            # that skips one-line strings; only used to point at the line).
            depth, quoted = before, ""
            for char in line:
                if quoted:
                    quoted = "" if char == quoted else quoted
                elif char in "\"'":
                    quoted = char
                elif char == "#":
                    break
                elif char in "[{":
                    depth += 1
                    if depth > MAX_DEPTH:
                        return number
                elif char in "]}":
                    depth -= 1
    return None


def _children(item: object) -> list[tuple[object, object]]:
    if isinstance(item, dict):
        return list(item.items())
    if isinstance(item, list):
        return list(enumerate(item))
    return []


def _deep_path(data: dict[str, object], limit: int) -> str:
    """The dotted path down to the first value nested deeper than `limit` (for its
    table's line): found breadth-first, then followed down to a leaf."""
    queue: list[tuple[object, str, int]] = [(data, "", 0)]
    for item, path, depth in queue:
        pairs = _children(item)
        if depth >= limit and pairs:
            while pairs:  # follow the first child down to the bottom
                key, item = pairs[0]
                path = f"{path}.{key}" if path else str(key)
                pairs = _children(item)[:1]
            return path
        queue.extend(
            (child, f"{path}.{key}" if path else str(key), depth + 1)
            for key, child in pairs
            if isinstance(child, dict | list)
        )
    return ""


_LONG_DIGITS = re.compile(r"[0-9][0-9_]{4299,}")


def _digits_problem(text: str, file: str) -> Problem:
    """A whole number too long for Python to convert (over 4,300 digits), by its line."""
    match = _LONG_DIGITS.search(text)
    line = text.count("\n", 0, match.start()) + 1 if match else None
    column = match.start() - text.rfind("\n", 0, match.start()) if match else None
    message = (
        "a number with thousands of digits, far outside what TOML allows "
        "(whole numbers are 64 bits: at most 19 digits)"
    )
    return Problem(message, file, line, column)


def _toml_problem(error: tomllib.TOMLDecodeError, file: str, text: str) -> Problem:
    message = str(error)
    match = _TOML_POSITION.search(message)
    if match:
        clean = message[: match.start()].strip()
        return Problem(_friendlier(clean), file, int(match.group(1)), int(match.group(2)))
    if message.endswith("(at end of document)"):
        # Something opened earlier (usually a string) runs to the end of the file.
        clean = message.removesuffix("(at end of document)").strip()
        return Problem(_friendlier(clean) + " at the end of the file", file, text.count("\n") + 1)
    return Problem(message, file)


def _friendlier(message: str) -> str:
    if message == "Illegal character '\\n'":
        return "a line ends inside a string (a string is not closed, or needs triple quotes)"
    hints = {
        "Cannot declare": "a table or key is defined twice",
        "Cannot overwrite a value": "a key is defined twice",
        "Unclosed array": "an array is not closed with ]",
        "Unterminated string": "a string is not closed",
        'Expected "\'"': "a string is not closed",
        "Illegal character": "a character that TOML does not allow here",
    }
    for start, hint in hints.items():
        if message.startswith(start):
            return f"{message} ({hint})"
    return message


def digest(data: bytes) -> str:
    import hashlib  # (only to write or to watch the file: not on a read-only command's start)

    return hashlib.sha256(data).hexdigest()


@dataclass
class WorkbookFile:
    """The link between one file and the workbook read from it.

    It keeps the bytes' hash so a save over a file someone else changed since
    (a git pull, another editor) is refused unless forced.
    """

    path: Path
    loaded: Loaded
    baseline: Workbook
    digest: str
    read_only_reason: str = ""
    # What the file holds as units, built from `loaded.split` on first need (see
    # `document`), and each unit's headers by its text, so a save re-locates only
    # the units it rewrote.
    _document: Document | None = field(default=None, repr=False, compare=False)
    _unit_headers: dict[str, UnitHeaders] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    # The file's stat when it was read or written (see `signature`): a watcher
    # compares it first and hashes the file only when it differs.
    stat_signature: Signature | None = field(default=None, repr=False, compare=False)

    @classmethod
    def open(cls, path: str | Path, allow_newer: bool = False) -> WorkbookFile:
        path = Path(path)
        data, info = read_bytes_and_stat(path)
        loaded = parse(data, str(path), allow_newer)
        opened = cls.from_loaded(path, loaded, data)
        opened.stat_signature = signature(info)
        return opened

    @classmethod
    def from_loaded(cls, path: Path, loaded: Loaded, data: bytes) -> WorkbookFile:
        return cls(path, loaded, loaded.workbook, digest(data), loaded.read_only_reason)

    @property
    def document(self) -> Document:
        """The file as units, ready for minimal edits; split from the text read on first use."""
        with self._lock:
            if self._document is None:
                from .writer import Document

                split = self.loaded.split or TextSplit(self.loaded.text)
                preamble, units, _, self._unit_headers = split.get()
                self._document = Document(preamble, list(units))
            return self._document

    def prepare_for_writing(self) -> None:
        """Split the text now (e.g. in a worker) so the first save or render need not."""
        _ = self.document

    @classmethod
    def create(cls, path: str | Path, workbook: Workbook) -> WorkbookFile:
        """Write a brand-new workbook file; refuses to overwrite an existing one."""
        path = Path(path)
        if path.exists():
            raise WorkbookError(f"{path} already exists; not overwriting it")
        data = render_new(workbook)
        atomic_write(path, data)
        return cls.open(path)

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @property
    def workbook(self) -> Workbook:
        return self.baseline

    def render(self, workbook: Workbook) -> bytes:
        """The bytes `save(workbook)` would write, without writing them."""
        return self._render(workbook)[1]

    def render_text(self, workbook: Workbook) -> str:
        """The text `save(workbook)` would write, before it is encoded."""
        return self._render(workbook)[0].text()

    def _render(self, workbook: Workbook) -> tuple[Document, bytes]:
        from .writer import Document, apply

        # Units are never changed in place (see Document._set), so sharing them is safe.
        document = Document(self.document.preamble, list(self.document.units))
        if workbook is not self.baseline:
            apply(document, self.baseline, workbook)
        return document, self.loaded.form.encode(document.text())

    def disk_digest(self) -> str:
        """The hash of what the file holds now ('' when it cannot be read as a workbook
        file: gone, a pipe, too large)."""
        try:
            return digest(read_bytes(self.path))
        except WorkbookError:
            return ""

    def changed_on_disk(self) -> bool:
        return self.disk_digest() != self.digest

    def disk_signature(self) -> Signature | None:
        """The file's stat now (None when it cannot be had): cheap, read nothing."""
        try:
            return signature(os.stat(self.path))
        except OSError:
            return None

    def save(self, workbook: Workbook, force: bool = False, overwrite: str = "") -> bool:
        """Write `workbook` atomically. Returns False when there was nothing to write.

        Refuses (WorkbookError) when the file changed on disk since it was read,
        unless `force`, or unless what it holds now has the hash `overwrite` (the
        outside version someone saw and chose to replace: a later change is still
        refused). Refuses too when the file is read-only here (a newer format). A
        failed write raises OSError and leaves both the file and this object as
        they were, so the caller can retry.
        """
        if self.read_only_reason:
            raise WorkbookError(f"{self.path} is read-only here: {self.read_only_reason}")
        now = self.disk_digest()
        changed = now != self.digest
        if changed and not force and not (overwrite and now == overwrite):
            raise WorkbookError(
                f"{self.path} changed on disk since it was opened; reload it, or save with "
                "force to overwrite those changes"
            )
        if workbook == self.baseline and not changed:
            return False
        document, data = self._render(workbook)
        atomic_write(self.path, data)
        # The written units were each read back and checked, so the model we
        # wrote is what the file now holds: no need to parse it all again, and
        # only the rewritten units are scanned for their headers' new lines.
        text = document.text()
        with self._lock:
            locations, self._unit_headers = locations_of(
                document.preamble, document.units, self._unit_headers
            )
            self._document = document
        self.baseline = dataclasses.replace(workbook, renamed={})
        problems = semantic_problems(self.baseline, str(self.path), locations, text)
        self.loaded = Loaded(self.baseline, locations, problems, text, self.loaded.form)
        self.digest = digest(data)
        self.stat_signature = self.disk_signature()
        return True


def render_new(workbook: Workbook) -> bytes:
    """The bytes of a brand-new file holding `workbook`, in the canonical layout."""
    from .writer import Document, apply, render_new_unit

    document = Document("", [])
    document.units.append(Unit(("workbook",), render_new_unit(("workbook",), workbook.meta)))
    apply(document, Workbook(meta=workbook.meta), workbook)
    return TextForm().encode(document.text())


def max_bytes() -> int:
    """The read cap: MAX_BYTES, or OUTCOMES_MAX_MB megabytes when that is set (for the
    rare giant workbook). Raises WorkbookError when the setting is not a whole number."""
    setting = os.environ.get(MAX_MB_SETTING, "").strip()
    if not setting:
        return MAX_BYTES
    if not setting.isdigit() or not 0 < int(setting) <= 1024 * 1024:
        message = (
            f"{MAX_MB_SETTING} must be a whole number of megabytes (like 100), got {setting[:40]!r}"
        )
        raise WorkbookError(message, [Problem(message, MAX_MB_SETTING)])
    return int(setting) * 1024 * 1024


def _too_large(size: int, limit: int, file: str) -> WorkbookError:
    mb = 1024 * 1024
    message = (
        f"the file is {max(size // mb, limit // mb + 1)} MB, larger than a workbook can be "
        f"({limit // mb} MB); is this the right file? To read a bigger workbook, set "
        f"{MAX_MB_SETTING} to its size in MB"
    )
    return WorkbookError(message, [Problem(message, file)])


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse(path: Path, message: str) -> WorkbookError:
    return WorkbookError(f"{path}: {message}", [Problem(message, str(path))])


def _what_it_is(mode: int) -> str:
    for test, name in _NOT_REGULAR:
        if test(mode):
            return name
    return "not a regular file"


Signature = tuple[int, int, int, int]


def signature(info: os.stat_result) -> Signature:
    """What changes when a file is written or replaced: its time, size, inode, device."""
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev)


def read_bytes(path: Path) -> bytes:
    """The bytes of the workbook at `path` (see `read_bytes_and_stat`)."""
    return read_bytes_and_stat(path)[0]


def read_bytes_and_stat(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of the workbook at `path`: a regular file (or a link to one) no bigger
    than `max_bytes()`.

    Anything else is refused with a WorkbookError naming the file: a folder, a
    pipe, a device such as /dev/zero, a socket, a link loop, a name too long. A
    pipe or device is never read (it could block forever or never end), and a
    file is never read past the cap, even if it grows while being read.
    """
    limit = max_bytes()
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, f"is {_what_it_is(info.st_mode)}, not a workbook file")
        if info.st_size > limit:
            raise _too_large(info.st_size, limit, str(path))
        # O_NONBLOCK: should the path be swapped for a pipe after the check, opening
        # it must not wait for a writer. The open file is checked again (fstat).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise _refuse(path, f"is {_what_it_is(opened.st_mode)}, not a workbook file")
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _too_large(len(data), limit, str(path))
        # The stat taken before reading: a write during the read shows as a change later.
        return data, opened
    except FileNotFoundError:
        raise _refuse(path, "no such file") from None
    except IsADirectoryError:
        raise _refuse(path, "is a folder, not a file") from None
    except NotADirectoryError:
        raise _refuse(path, "no such file (a folder on its path is a file)") from None
    except PermissionError:
        raise _refuse(path, "permission denied") from None
    except OSError as error:
        reasons = {
            errno.ELOOP: "a loop of symbolic links (a link that leads back to itself)",
            errno.ENAMETOOLONG: "the name is too long for this system",
            errno.ENXIO: "is a socket or device, not a workbook file",
        }
        reason = reasons.get(error.errno or 0, f"cannot be read ({error.strerror or error})")
        raise _refuse(path, reason) from None

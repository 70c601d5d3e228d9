"""Bytes <-> text, remembering the BOM and line endings so a save gives them back; and the
conflicts a text holds: git's markers, and the notes the merge driver leaves."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import Problem, WorkbookError
from .blocks import scan_line

BOM = b"\xef\xbb\xbf"
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
# What the merge driver writes above a table it could not merge: `validate` reports each
# one until someone settles it, and the diff lists those a version holds.
CONFLICT_NOTE = "# MERGE CONFLICT:"


@dataclass(frozen=True)
class TextForm:
    """How the file spelled its text: restored exactly on save."""

    bom: bool = False
    crlf: bool = False

    def encode(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        return BOM + data if self.bom else data


def decode(data: bytes, file: str) -> tuple[str, TextForm]:
    """Text with LF line endings, and the form to write it back in.

    CRLF is folded to LF only when every line ends with CRLF, so the round trip
    is exact; a file with mixed endings is kept as it is.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        message = "saved as UTF-32; save the file as UTF-8"
        raise WorkbookError(message, [Problem(message, file, 1, 1)])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "saved as UTF-16; save the file as UTF-8"
        raise WorkbookError(message, [Problem(message, file, 1, 1)])
    bom = data.startswith(BOM)
    if bom:
        data = data[len(BOM) :]
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise WorkbookError(
            "this is a binary file, not a TOML workbook",
            [Problem("this is a binary file, not a TOML workbook", file, line)],
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        raise WorkbookError(message, [Problem(message, file, line, column)]) from None
    crlf = "\r\n" in text and text.count("\n") == text.count("\r\n")
    if crlf:
        text = text.replace("\r\n", "\n")
    return text, TextForm(bom=bom, crlf=crlf)


def _marker(line: str) -> str:
    """The marker a line starts with, as git writes it, or ''."""
    if not line.startswith(CONFLICT_MARKERS):
        return ""
    if line[:7] == "=======":
        return "=======" if line.rstrip() == "=======" else ""
    return line[:7] if line[7:8] in (" ", "") else ""


def conflict_markers(text: str, file: str) -> list[Problem]:
    """Git conflict markers left in the file: a clear message instead of a parse error.

    Inside a multi-line string a marker-like line is text (a pasted log, a quoted
    diff), unless the string holds a whole conflict: `<<<<<<<`, then `=======`,
    then `>>>>>>>`, as git leaves it when two people edited the same description.
    """
    problems: list[Problem] = []
    if not has_conflict_markers(text):
        return problems
    state = [0, 0, 0]
    outside: list[tuple[int, str]] = []
    inside: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        marker = _marker(line)
        if marker:
            (inside if state[0] or state[1] else outside).append((number, marker))
        scan_line(line, state)
    found = outside + (inside if _whole_conflict([m for _, m in inside]) else [])
    for number, marker in sorted(found):
        problems.append(
            Problem(
                f"unresolved merge conflict at line {number} ({marker}); "
                "resolve it, or set up the merge driver with 'outcomes git setup'",
                file,
                number,
                1,
            )
        )
    return problems


def _whole_conflict(markers: list[str]) -> bool:
    """Whether `<<<<<<<`, `=======` and `>>>>>>>` follow one another in `markers`."""
    wanted = iter(("<<<<<<<", "=======", ">>>>>>>"))
    step = next(wanted)
    for marker in markers:
        if marker == step:
            step = next(wanted, "")
            if not step:
                return True
    return False


def has_conflict_markers(text: str) -> bool:
    """Whether a line starts like a conflict marker (a quick test before `conflict_markers`)."""
    return any(text.startswith(marker) or f"\n{marker}" in text for marker in CONFLICT_MARKERS)


def conflict_notes(text: str) -> list[tuple[int, str]]:
    """(1-based line, message) for every merge-conflict note left in a workbook's text."""
    found: list[tuple[int, str]] = []
    if CONFLICT_NOTE not in text:
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith(CONFLICT_NOTE):
            found.append((number, stripped[len(CONFLICT_NOTE) :].strip()))
    return found


def merge_conflict_problems(text: str, file: str) -> list[Problem]:
    """The conflict notes a merge left, as problems to report until someone settles them."""
    return [
        Problem(
            f"unresolved merge conflict: {message} (settle it, then delete this comment)",
            file,
            line,
            1,
        )
        for line, message in conflict_notes(text)
    ]

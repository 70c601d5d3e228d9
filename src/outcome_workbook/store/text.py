"""Bytes <-> text, remembering the BOM and line endings so a save gives them back."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import Problem, WorkbookError

BOM = b"\xef\xbb\xbf"
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


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


def conflict_markers(text: str, file: str) -> list[Problem]:
    """Git conflict markers left in the file: a clear message instead of a parse error."""
    problems: list[Problem] = []
    if not has_conflict_markers(text):
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(CONFLICT_MARKERS) and (
            (line[:7] in ("=======",) and line.rstrip() == "=======") or line[7:8] in (" ", "")
        ):
            problems.append(
                Problem(
                    f"unresolved merge conflict at line {number} ({line[:7]}); "
                    "resolve it, or set up the merge driver with 'outcomes git setup'",
                    file,
                    number,
                    1,
                )
            )
    return problems


def has_conflict_markers(text: str) -> bool:
    """Whether a line starts like a conflict marker (a quick test before `conflict_markers`)."""
    return any(text.startswith(marker) or f"\n{marker}" in text for marker in CONFLICT_MARKERS)

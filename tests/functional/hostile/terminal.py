"""A real terminal for the workbench: the `outcomes` process under a pseudo-terminal.

Standard library only (pty, termios), so it runs wherever CI runs on POSIX. The
output is drained continuously by a thread so the app never blocks on a full
pty buffer. A small screen model (cursor moves and text; colours and modes are
ignored) lets tests wait for what is on the screen now, the way a person
would before pressing the next key; real state is checked through files.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from codecs import getincrementaldecoder
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.cells import get_character_cell_size

if sys.platform != "win32":
    import fcntl
    import pty
    import struct
    import termios

# One escape sequence (CSI, OSC/DCS/APC, charset, two-byte) or one run of plain text.
TOKEN = re.compile(
    r"\x1b\[(?P<csi>[0-?]*)[ -/]*(?P<final>[@-~])"
    r"|\x1b[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[()][0-9A-Za-z]"
    r"|\x1b(?![\[\]P_^()])[@-~]"
    r"|(?P<text>[^\x1b\r\n\x08]+)"
    r"|(?P<control>[\r\n\x08])"
)

KEYS = {
    "enter": "\r",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "end": "\x1b[F",
    "ctrl+e": "\x05",
    "ctrl+q": "\x11",
    "ctrl+s": "\x13",
    "ctrl+u": "\x15",
}

# Generous, as the machine may be busy; polling returns as soon as a condition holds.
DEADLINE = 60.0


def outcomes_command() -> list[str]:
    """The installed console script when it sits beside this interpreter, else `-m`."""
    script = Path(sys.executable).parent / "outcomes"
    if script.exists():
        return [str(script)]
    found = shutil.which("outcomes")
    if found and Path(found).resolve().parent == Path(sys.executable).resolve().parent:
        return [found]
    return [sys.executable, "-m", "outcome_workbook"]


def _take_terminal() -> None:
    """In the child, after setsid: make the pty its controlling terminal, as a terminal
    emulator does, so closing our side hangs it up (SIGHUP) instead of orphaning it."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def wait_until(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """Poll until `condition()` holds; fail with `what` once the deadline passes."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


class Screen:
    """The character grid a terminal would show: text placed by cursor moves, nothing else."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = 0
        self.column = 0
        self._pending = ""
        self._decoder = getincrementaldecoder("utf-8")("replace")

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        position = 0
        while position < len(text):
            match = TOKEN.match(text, position)
            if match is None:
                break  # an escape sequence cut off by the read: finish it next time
            position = match.end()
            if match["text"] is not None:
                self._put(match["text"])
            elif match["control"] is not None:
                self._control(match["control"])
            elif match["final"] is not None:
                self._csi(match["csi"], match["final"])
        self._pending = text[position:]

    def _put(self, text: str) -> None:
        for character in text:
            width = get_character_cell_size(character)
            if width == 0:
                continue
            if self.column + width <= self.columns:
                self.cells[self.row][self.column] = character
                for extra in range(1, width):
                    self.cells[self.row][self.column + extra] = ""
            self.column = min(self.column + width, self.columns)

    def _control(self, character: str) -> None:
        if character == "\r":
            self.column = 0
        elif character == "\n":
            self.row = min(self.row + 1, self.rows - 1)
        elif character == "\b":
            self.column = max(self.column - 1, 0)

    def _csi(self, parameters: str, final: str) -> None:
        if parameters.startswith(("?", ">", "<", "=")):
            return  # private modes: no effect on the text shown
        numbers = [int(p) if p.isdigit() else 0 for p in parameters.split(";")]
        first = numbers[0] or 1
        if final in "Hf":
            row = first
            column = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row = min(max(row - 1, 0), self.rows - 1)
            self.column = min(max(column - 1, 0), self.columns - 1)
        elif final == "A":
            self.row = max(self.row - first, 0)
        elif final == "B":
            self.row = min(self.row + first, self.rows - 1)
        elif final == "C":
            self.column = min(self.column + first, self.columns - 1)
        elif final == "D":
            self.column = max(self.column - first, 0)
        elif final == "G":
            self.column = min(first - 1, self.columns - 1)
        elif final == "K":
            line = self.cells[self.row]
            span = {0: range(self.column, self.columns), 1: range(self.column + 1)}.get(
                numbers[0], range(self.columns)
            )
            for index in span:
                line[index] = " "
        elif final == "J" and numbers[0] == 2:
            self.cells = [[" "] * self.columns for _ in range(self.rows)]

    def lines(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.cells]

    def find(self, text: str) -> tuple[int, int] | None:
        """The (column, row) of the middle of `text` on the screen, counted in cells."""
        for row, cells in enumerate(self.cells):
            shown = [(character, column) for column, character in enumerate(cells) if character]
            line = "".join(character for character, _ in shown)
            index = line.find(text)
            if index >= 0:
                return shown[index + len(text) // 2][1], row
        return None


class Terminal:
    """One process attached to a fresh pseudo-terminal of a fixed size."""

    def __init__(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (120, 40),
    ) -> None:
        columns, rows = size
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = dict(os.environ if env is None else env)
        environment["TERM"] = "xterm-256color"
        environment["COLUMNS"] = str(columns)
        environment["LINES"] = str(rows)
        for name in list(environment):
            if name.startswith("TEXTUAL"):
                del environment[name]  # no devtools, no debug drivers from the caller
        self._master = master
        self._output = bytearray()
        self._screen = Screen(columns, rows)
        self._lock = threading.Lock()
        self.process = subprocess.Popen(
            list(args),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=environment,
            start_new_session=True,
            preexec_fn=_take_terminal,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    # --- output --------------------------------------------------------------------------

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: every process holding the other side has gone
                return
            if not chunk:
                return
            with self._lock:
                self._output.extend(chunk)
                self._screen.feed(chunk)

    def screen(self) -> str:
        """What the terminal shows now, one line per row."""
        with self._lock:
            return "\n".join(self._screen.lines())

    def output(self) -> bytes:
        """Every byte the app has written so far."""
        with self._lock:
            return bytes(self._output)

    def wait_for(self, *needles: str, gone: Sequence[str] = (), timeout: float = DEADLINE) -> str:
        """Wait until the screen shows every needle (and none of `gone`); return the screen."""

        def ready() -> bool:
            shown = self.screen()
            return all(n in shown for n in needles) and not any(g in shown for g in gone)

        try:
            wait_until(lambda: ready() or self.process.poll() is not None, repr(needles), timeout)
        except AssertionError as error:
            raise AssertionError(f"{error}; the screen shows:\n{self.screen()}") from None
        if not ready():
            raise AssertionError(
                f"the app exited ({self.process.returncode}) before showing {needles!r}; "
                f"the screen shows:\n{self.screen()}"
            )
        return self.screen()

    # --- input ---------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """Named keys; each escape sequence goes in one write, as a terminal sends it."""
        for key in keys:
            os.write(self._master, KEYS[key].encode("ascii"))
            time.sleep(0.01)

    def type(self, text: str) -> None:
        """Send text as keystrokes, one at a time as a person types."""
        for character in text:
            os.write(self._master, character.encode("utf-8"))
            time.sleep(0.01)

    def click(self, text: str) -> None:
        """Click the middle of `text` where the screen shows it (SGR mouse reports)."""
        with self._lock:
            found = self._screen.find(text)
        if found is None:
            raise AssertionError(f"{text!r} is not on the screen:\n{self.screen()}")
        column, row = found[0] + 1, found[1] + 1
        os.write(self._master, f"\x1b[<0;{column};{row}M".encode())
        time.sleep(0.05)
        os.write(self._master, f"\x1b[<0;{column};{row}m".encode())

    # --- ending --------------------------------------------------------------------------

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed, nothing is saved."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=DEADLINE)

    def wait_exit(self, timeout: float = DEADLINE) -> int:
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        self._reader.join(timeout=5)
        with contextlib.suppress(OSError):
            os.close(self._master)

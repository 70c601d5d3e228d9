"""A room of browsers on `outcomes serve`: N websocket clients contributing at the same moments.

Usage: python -m benchmarks.serve_load [--clients 12] [--rounds 5] [--json PATH]

Starts the real server (`outcomes serve FILE --token ...`) and connects clients
that speak textual-serve's browser protocol (JSON `["stdin", keys]` and
`["resize", ...]` frames up, the terminal's bytes down). Each participant gives
its name, then in every round all clients open the park prompt (ctrl+l), wait
for each other, and submit at the same instant; then all log a decision
(ctrl+d) the same way. The workbook must hold every point and decision
afterwards. Figures (docs/performance.md):

- `floor_one_contribution_s`: one client alone, Enter in the prompt to its screen
  saying "Parked" (saved: the notice follows the save), median of 3 (the floor,
  measured in the same run);
- `round_s` (median over rounds, parks and decisions): all N press Enter at once,
  to the last screen saying it saved; its ratio to the floor. The file is then
  checked to hold every contribution;
- `rounds_server_cpu_s`: CPU seconds the server and every session process spent
  during the rounds (from /proc), beside `rounds_clients_cpu_s`, this process's
  (the N simulated browsers) and the rounds' wall time (`round_s` x 2 x rounds);
  `idle_server_cpu_per_s`: what the same tree spends per second with everyone
  connected and nobody typing (the clocks and the file watching);
  `session_rss_mib`: one session process's resident memory (median), which sizes
  `--max-connections`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from outcome_workbook.store import WorkbookFile

TOKEN = "load-test-token"
_CSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
CTRL_L, CTRL_D, CTRL_N, ENTER = "\x0c", "\x04", "\x0e", "\r"
IDLE_S = 3.0  # the room connected and doing nothing, to measure what that costs
# A key that opens a prompt, and the prompt's words.
PARK = (CTRL_L, "Park this point")
DECIDE = (CTRL_D, "Decision:")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running `outcomes serve`: its port, its links, its process."""

    process: subprocess.Popen[str]
    port: int
    links: dict[str, str]
    workbook: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def token(self, role: str) -> str:
        return self.links[role].split("token=", 1)[1]

    def ws_url(self, role: str, width: int = 100, height: int = 30) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/{self.token(role)}?width={width}&height={height}"


@contextmanager
def serve(workbook: Path, *extra: str, timeout: float = 30.0) -> Iterator[Served]:
    """Run `outcomes serve` on a free port until the block ends (then stop it cleanly)."""
    port = free_port()
    options = ["--port", str(port), "--token", TOKEN, *extra]
    process = subprocess.Popen(
        [sys.executable, "-m", "outcome_workbook", "serve", str(workbook), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"},
    )
    try:
        links: dict[str, str] = {}
        deadline = time.monotonic() + timeout
        assert process.stdout is not None
        while len(links) < 3 and time.monotonic() < deadline:
            text = process.stdout.readline()
            if not text:
                raise AssertionError("outcomes serve stopped before printing its links")
            for role, label in (
                ("participant", "participants:"),
                ("facilitator", "facilitator:"),
                ("viewer", "viewers:"),
            ):
                if label in text:
                    links[role] = text.split()[1]
        _wait_for_port(port, deadline)
        yield Served(process, port, links, workbook)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"the server did not listen on port {port}")


@dataclass
class Client:
    """One browser, as textual-serve's page speaks to the server."""

    ws: aiohttp.ClientWebSocketResponse
    # What the terminal was sent, escape sequences removed, one piece per frame.
    parts: list[str] = field(default_factory=list)
    closed: bool = False
    _reader: asyncio.Task[None] | None = field(default=None, repr=False)

    @classmethod
    async def connect(
        cls, http: aiohttp.ClientSession, url: str, headers: dict[str, str] | None = None
    ) -> Client:
        ws = await http.ws_connect(url, headers=headers or {}, max_msg_size=0)
        client = cls(ws)
        await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
        client._reader = asyncio.create_task(client._read())
        return client

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.parts.append(_CSI.sub("", message.data.decode("utf-8", "replace")))
        self.closed = True

    @property
    def screen(self) -> str:
        return "".join(self.parts)

    def mark(self) -> int:
        """Where the output is now: `wait_for(..., since=mark)` looks only at what came after."""
        return len(self.parts)

    def since(self, mark: int) -> str:
        return "".join(self.parts[mark:])

    async def wait_for(self, needle: str, since: int = 0, timeout: float = 120.0) -> None:
        """Until the screen shows `needle`. The timeout only stops a broken run: 12 session
        apps starting (or saving) at once on 2 busy cores have taken more than 30 s."""
        deadline = time.monotonic() + timeout
        seen, upto = "", since
        while True:
            if upto < len(self.parts):
                # Only the new frames are joined; keep a needle's length of the old text.
                seen = seen[-len(needle) :] + "".join(self.parts[upto:])
                upto = len(self.parts)
                if needle in seen:
                    return
            if time.monotonic() > deadline or self.closed:
                tail = self.screen[-600:]
                raise AssertionError(f"never saw {needle!r}; last output: {tail!r}")
            await asyncio.sleep(0.02)

    async def keys(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))

    async def close(self) -> None:
        await self.ws.close()
        if self._reader is not None:
            await self._reader


async def join(http: aiohttp.ClientSession, served: Served, name: str) -> Client:
    """A participant opens the link and gives their name."""
    client = await Client.connect(http, served.ws_url("participant"))
    await client.wait_for("Your name")
    since = client.mark()
    await client.keys(name + ENTER)
    await client.wait_for(f"joined as {name}", since)
    return client


async def contribute_together(
    clients: list[Client], key: str, prompt: str, texts: list[str], done: str
) -> float:
    """Every client opens the prompt; once all are open, all submit in the same instant.

    Returns when every screen has said `done` (its change was saved and the prompt
    closed), so the next keys reach the session screen, not the closing prompt.
    """
    marks = [c.mark() for c in clients]
    await asyncio.gather(*(c.keys(key) for c in clients))
    await asyncio.gather(*(c.wait_for(prompt, m) for c, m in zip(clients, marks, strict=True)))
    marks = [c.mark() for c in clients]
    start = time.monotonic()
    await asyncio.gather(*(c.keys(t + ENTER) for c, t in zip(clients, texts, strict=True)))
    await asyncio.gather(*(c.wait_for(done, m) for c, m in zip(clients, marks, strict=True)))
    return time.monotonic() - start


def on_disk(path: Path) -> tuple[set[str], set[str]]:
    state = WorkbookFile.open(path, allow_newer=True).workbook.session
    if state is None:
        return set(), set()
    return {p.text for p in state.parking_lot}, {d.text for d in state.decisions}


async def wait_on_disk(
    path: Path, parked: set[str], decided: set[str], timeout: float = 60.0
) -> float:
    """Seconds until the workbook holds all of `parked` and `decided`."""
    start, last = time.monotonic(), -1
    have_parked: set[str] = set()
    have_decided: set[str] = set()
    while True:
        changed = path.stat().st_mtime_ns  # read the file again only when it was saved
        if changed != last:
            last = changed
            have_parked, have_decided = on_disk(path)
            if parked <= have_parked and decided <= have_decided:
                return time.monotonic() - start
        if time.monotonic() - start > timeout:
            missing = sorted((parked - have_parked) | (decided - have_decided))
            raise AssertionError(f"{len(missing)} contributions never reached the file: {missing}")
        await asyncio.sleep(0.005)


@dataclass(frozen=True)
class Proc:
    pid: int
    parent: int
    rss_mib: float
    cpu_s: float


def _processes() -> dict[int, Proc]:
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, Proc] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        rss = next((ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS:")), "0")
        found[int(entry.name)] = Proc(
            int(entry.name),
            int(fields[1]),
            int(rss) / 1024,
            (int(fields[11]) + int(fields[12])) / tick,
        )
    return found


def server_tree(server_pid: int) -> tuple[float, list[float]]:
    """CPU seconds so far of the server and every process under it, and each session app's RSS."""
    procs = _processes()

    def descends(pid: int) -> bool:
        while pid > 1 and pid in procs:
            pid = procs[pid].parent
            if pid == server_pid:
                return True
        return False

    tree = [p for p in procs.values() if p.pid == server_pid or descends(p.pid)]
    parents = {p.parent for p in tree}
    # The shells textual-serve starts the apps with are parents; the apps are the leaves.
    apps = [p.rss_mib for p in tree if p.pid != server_pid and p.pid not in parents]
    return sum(p.cpu_s for p in tree), apps


async def _room(served: Served, path: Path, clients: int, rounds: int) -> dict[str, Any]:
    async with aiohttp.ClientSession() as http:
        alone = await join(http, served, "Solo")
        floor_runs = []
        for n in range(3):
            floor_runs.append(await contribute_together([alone], *PARK, [f"solo {n}"], "Parked"))
            await wait_on_disk(path, {f"solo {n}"}, set())
        await alone.close()
        room = await asyncio.gather(*(join(http, served, f"P{who}") for who in range(clients)))
        idle_before, _ = server_tree(served.process.pid)
        await asyncio.sleep(IDLE_S)
        cpu_before, _ = server_tree(served.process.pid)
        clients_cpu_before = time.process_time()
        round_runs = []
        for r in range(rounds):
            points = [f"point {who}.{r}" for who in range(clients)]
            decisions = [f"decision {who}.{r}" for who in range(clients)]
            parked_s = await contribute_together(room, *PARK, points, "Parked")
            decided_s = await contribute_together(room, *DECIDE, decisions, "Decision logged")
            await wait_on_disk(path, set(points), set(decisions))
            round_runs.extend([parked_s, decided_s])
        cpu_after, rss = server_tree(served.process.pid)
        clients_cpu = time.process_time() - clients_cpu_before
        await asyncio.gather(*(c.close() for c in room))
    parked, decided = on_disk(path)
    expected = clients * rounds
    return {
        "clients": clients,
        "rounds": rounds,
        "contributions": 2 * expected,
        "kept": len({p for p in parked if p.startswith("point ")})
        + len({d for d in decided if d.startswith("decision ")}),
        "floor_one_contribution_s": statistics.median(floor_runs),
        "round_s": statistics.median(round_runs),
        "round_max_s": max(round_runs),
        "session_rss_mib": statistics.median(rss) if rss else None,
        "rounds_server_cpu_s": cpu_after - cpu_before,
        "idle_server_cpu_per_s": (cpu_before - idle_before) / IDLE_S,
        "rounds_clients_cpu_s": clients_cpu,
    }


def measure(clients: int = 8, rounds: int = 2, scratch: Path | None = None) -> dict[str, Any]:
    """Run the room once; every figure comes from this run."""
    with tempfile.TemporaryDirectory(prefix="outcomes-serve-load-") as temporary:
        path = Path(scratch or temporary) / "room.toml"
        with serve(path, "--max-connections", str(clients + 2)) as served:
            started = time.monotonic()
            row = asyncio.run(_room(served, path, clients, rounds))
        row["wall_s"] = time.monotonic() - started
        row["round_vs_floor"] = row["round_s"] / row["floor_one_contribution_s"]
        return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_load", description=__doc__)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    row = measure(args.clients, args.rounds)
    text = json.dumps(row, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if row["kept"] == row["contributions"] else 1


if __name__ == "__main__":
    sys.exit(main())

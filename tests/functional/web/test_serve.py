"""`outcomes serve` for real: secrets, Host and Origin, roles, and a room following its facilitator.

One server per module (starting one costs about a second); each test uses its
own clients. The clients speak textual-serve's browser protocol
(benchmarks/serve_load.py).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from benchmarks.serve_load import (
    CTRL_L,
    CTRL_N,
    DECIDE,
    PARK,
    TOKEN,
    Client,
    Served,
    contribute_together,
    join,
    on_disk,
    serve,
    wait_on_disk,
)

from outcome_workbook.commands.serve import session_command
from outcome_workbook.model.live_room import STALE_AFTER_S
from outcome_workbook.web.access import Keys, allowed_hosts, host_ok, origin_ok


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("serve") / "remote.toml") as running:
        yield running


def _status(served: Served, path: str, headers: dict[str, str] | None = None) -> int:
    async def get() -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.get(served.base + path, headers=headers or {}, allow_redirects=False) as reply,
        ):
            return reply.status

    return asyncio.run(get())


def test_serve_command_runs_the_session_on_the_resolved_file(tmp_path: Path) -> None:
    command = session_command(tmp_path / "team.toml")
    assert "outcome_workbook session" in command
    assert str((tmp_path / "team.toml").resolve()) in command


def test_every_request_without_a_valid_secret_is_refused(served: Served) -> None:
    for path in ("/", "/?token=wrong", "/static/js/textual.js", "/static/", "/ws/wrong", "/nope"):
        assert _status(served, path) == 401, path
    assert _status(served, f"/?token={TOKEN}") == 200
    # The page's own assets come with the cookie the page set; still no directory listing.
    cookie = {"Cookie": f"outcomes-session={TOKEN}"}
    assert _status(served, "/static/js/textual.js", cookie) == 200
    assert _status(served, "/static/", cookie) in (403, 404)
    assert _status(served, f"/?token={TOKEN}", {"Host": "evil.example:80"}) == 403


def test_a_websocket_from_another_site_is_refused(served: Served) -> None:
    async def handshake(origin: str) -> int:
        async with aiohttp.ClientSession() as http:
            try:
                client = await Client.connect(http, served.ws_url("viewer"), {"Origin": origin})
            except aiohttp.WSServerHandshakeError as error:
                return error.status
            await client.close()
            return 101

    assert asyncio.run(handshake("http://evil.example")) == 403
    assert asyncio.run(handshake("null")) == 403
    assert asyncio.run(handshake(served.base)) == 101


def test_participants_follow_the_facilitator_and_cannot_move_the_room(served: Served) -> None:
    async def room() -> None:
        async with aiohttp.ClientSession() as http:
            facilitator = await Client.connect(http, served.ws_url("facilitator"))
            await facilitator.wait_for("STEP 1 OF 10")
            ana = await join(http, served, "Ana")
            viewer = await Client.connect(http, served.ws_url("viewer"))
            await viewer.wait_for("STEP 1 OF 10")
            # Everyone sees who is here (presence is refreshed every few seconds).
            await facilitator.wait_for("Ana", timeout=15)
            # A participant's next does nothing: the room stays where it is.
            await ana.keys(CTRL_N)
            await asyncio.sleep(1.5)
            assert "STEP 2 OF 10" not in ana.screen + facilitator.screen
            since = [ana.mark(), viewer.mark()]
            await facilitator.keys(CTRL_N)
            await ana.wait_for("STEP 2 OF 10", since[0])
            await viewer.wait_for("STEP 2 OF 10", since[1])
            # A viewer cannot park anything.
            await viewer.keys(CTRL_L)
            await asyncio.sleep(0.5)
            assert "Park this point" not in viewer.since(since[1])
            for client in (ana, viewer, facilitator):
                await client.close()

    asyncio.run(room())


def test_eight_participants_contributing_at_once_lose_nothing(served: Served) -> None:
    """The CI version of benchmarks/serve_load.py: 8 browsers park, then decide, at one instant."""

    async def room(workbook: Path) -> None:
        async with aiohttp.ClientSession() as http:
            clients = await asyncio.gather(*(join(http, served, f"P{n}") for n in range(8)))
            points = [f"load point {n}" for n in range(8)]
            decisions = [f"load decision {n}" for n in range(8)]
            await contribute_together(clients, *PARK, points, "Parked")
            await contribute_together(clients, *DECIDE, decisions, "Decision logged")
            await wait_on_disk(workbook, set(points), set(decisions))
            await asyncio.gather(*(c.close() for c in clients))

    asyncio.run(room(served.workbook))
    parked, decided = on_disk(served.workbook)
    assert {f"load point {n}" for n in range(8)} <= parked
    assert {f"load decision {n}" for n in range(8)} <= decided


def test_access_rules_on_their_own() -> None:
    keys = Keys.create("fixed-token")
    assert keys.role_of("fixed-token") == "participant"
    assert keys.role_of(keys.facilitator) == "facilitator"
    assert keys.role_of(keys.viewer) == "viewer"
    assert keys.role_of("") is None and keys.role_of("fixed-token ") is None
    loopback = allowed_hosts("127.0.0.1", 8000, None)
    assert loopback is not None and {"localhost:8000", "127.0.0.1:8000"} <= loopback
    assert not host_ok("evil.example:8000", loopback)
    proxied = allowed_hosts("127.0.0.1", 8000, "https://room.example.org")
    assert host_ok("room.example.org", proxied)
    assert allowed_hosts("0.0.0.0", 8000, None) is None
    assert origin_ok(None, "127.0.0.1:8000", None)
    assert origin_ok("http://127.0.0.1:8000", "127.0.0.1:8000", None)
    assert not origin_ok("http://evil.example", "127.0.0.1:8000", None)
    assert origin_ok("https://room.example.org", "127.0.0.1:8000", "https://room.example.org")


def test_bad_options_are_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from outcome_workbook.cli import main

    workbook = str(tmp_path / "room.toml")
    for options, words in (
        (["--token", "short"], "--token"),
        (["--token", "has a/slash"], "--token"),
        (["--public-url", "session.example.org"], "--public-url"),
        (["--port", "0"], "--port"),
        (["--max-connections", "0"], "--max-connections"),
        (["--agenda", "metrics=15"], "--agenda 'metrics=15': give STEP=MINUTES"),
        (["--agenda", "metric=0"], "minutes from 1"),
    ):
        assert main(["serve", workbook, *options]) == 2, options
        assert words in capsys.readouterr().err


def _session_pid(name: str) -> int:
    """The session process started for `name` (its command line carries `--name=...`)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"--name={name}".encode() in argv:
                return int(entry.name)
    raise AssertionError(f"no session process for {name!r}")


def test_a_name_in_the_link_joins_under_it_and_a_killed_screen_leaves_the_room(
    tmp_path: Path,
) -> None:
    """`?name=` reaches the session as data (never a shell word); a participant whose process
    was killed drops off every screen's `Here` within seconds, not after the 20 s timeout."""
    name = "Zoë/$(touch pwned) ;x"
    query = "name=Zo%C3%AB%2F%24%28touch+pwned%29+%3Bx"
    encoded = "name%3DZo%25C3%25AB%252F%2524%2528touch%2Bpwned%2529%2B%253Bx"

    async def room(served: Served) -> float:
        async with aiohttp.ClientSession() as http:
            page = f"{served.base}/?token={TOKEN}&{query}&other=ignored"
            async with http.get(page) as reply:
                assert f"/ws/{TOKEN}/with/{encoded}" in await reply.text()
            viewer = await Client.connect(http, served.ws_url("viewer"))
            await viewer.wait_for("Here (1)")
            zoe_url = served.ws_url("participant").replace(f"{TOKEN}?", f"{TOKEN}/with/{encoded}?")
            zoe = await Client.connect(http, zoe_url)
            await zoe.wait_for("you are a participant")
            await viewer.wait_for("Here (2)", timeout=15)
            await viewer.wait_for("touch pwned")
            assert "Your name" not in zoe.screen
            mark, killed = viewer.mark(), time.monotonic()
            os.kill(_session_pid(name), signal.SIGKILL)
            await viewer.wait_for("Here (1)", mark, timeout=15)
            gone_after = time.monotonic() - killed
            await viewer.close()
            return gone_after

    with serve(tmp_path / "room.toml") as served:
        gone_after = asyncio.run(room(served))
    assert gone_after < STALE_AFTER_S / 2
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_a_link_adds_only_a_clean_name_and_projector_mode() -> None:
    from outcome_workbook.web.server import page_options

    query = {"name": "  Ana\x1b[31m\nB ", "projector": "Yes", "role": "facilitator"}
    assert page_options(query) == {"name": "Ana [31m B", "projector": "1"}
    assert page_options({"name": "\x00 ", "projector": "0"}) == {}

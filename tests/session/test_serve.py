"""`outcomes serve` for real: a server on loopback, a browser-like websocket client."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiohttp import ClientSession, WSMsgType

from outcome_workbook.commands.serve import session_command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"the server did not listen on port {port}")


async def _screen_text(port: int, needle: str, timeout: float = 45.0) -> str:
    """Connect like the browser page does and collect what the app draws."""
    seen = ""
    url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
    async with ClientSession() as http, http.ws_connect(url) as ws:
        await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and needle not in seen:
            try:
                message = await asyncio.wait_for(ws.receive(), timeout=5)
            except TimeoutError:
                continue
            if message.type == WSMsgType.BINARY:
                seen += message.data.decode("utf-8", "replace")
            elif message.type == WSMsgType.TEXT:
                seen += message.data
            elif message.type in (WSMsgType.CLOSED, WSMsgType.ERROR):
                break
    return seen


def test_serve_command_runs_the_session_on_the_resolved_file(tmp_path: Path) -> None:
    command = session_command(tmp_path / "team.toml")
    assert "outcome_workbook session" in command
    assert str((tmp_path / "team.toml").resolve()) in command


def test_served_session_renders_its_first_step_in_a_browser_connection(tmp_path: Path) -> None:
    workbook = tmp_path / "remote.toml"
    port = _free_port()
    env = {**os.environ, "NO_COLOR": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "outcome_workbook", "serve", str(workbook), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        _wait_for_port(port)
        seen = asyncio.run(_screen_text(port, "STEP 1 OF 10"))
        assert "STEP 1 OF 10" in seen, seen[-2000:]
        assert "CONTEXT" in seen
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    # The served session created the workbook and recorded that a session started.
    assert "[session]" in workbook.read_text(encoding="utf-8")


@pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="headless Chromium is not installed (apt-get install chromium)",
)
def test_served_page_loads_in_headless_chromium(tmp_path: Path) -> None:
    workbook = tmp_path / "remote.toml"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "outcome_workbook", "serve", str(workbook), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        result = subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / 'chrome'}",
                "--virtual-time-budget=8000",
                "--dump-dom",
                f"http://127.0.0.1:{port}/",
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert "textual-terminal" in result.stdout or "xterm" in result.stdout, result.stdout[:500]
    finally:
        server.terminate()
        server.wait(timeout=10)

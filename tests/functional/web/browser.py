"""Just enough of the Chrome DevTools Protocol to drive headless Chromium from a test.

No test dependency: aiohttp (which textual-serve brings) speaks the websocket.
`Browser` starts `chromium --headless --remote-debugging-port=0`, attaches to its
page and records, through a script run before any page script, the bytes the
page's own websocket receives: what textual-serve's xterm.js draws, as text.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]")

# Wraps WebSocket so the terminal output the page receives can be read back.
_RECORD = """
(() => {
  const Real = window.WebSocket;
  window.__screen = "";
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new Real(url) : new Real(url, protocols);
    const text = new TextDecoder();
    ws.addEventListener("message", (e) => {
      if (typeof e.data !== "string") window.__screen += text.decode(e.data, {stream: true});
    });
    return ws;
  };
  window.WebSocket.prototype = Real.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) window.WebSocket[k] = Real[k];
})();
"""


class Browser:
    """One headless Chromium with one page; use as `async with Browser() as b:`."""

    def __init__(self) -> None:
        assert CHROMIUM is not None
        self._profile = tempfile.TemporaryDirectory(prefix="outcomes-chromium-")
        self._process: subprocess.Popen[str] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._id = 0

    async def __aenter__(self) -> Browser:
        self._process = subprocess.Popen(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                # Nothing beyond this machine: the page's web font link fails at once.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile.name}",
                "--window-size=1400,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        endpoint = await asyncio.to_thread(self._endpoint)
        self._http = aiohttp.ClientSession()
        async with self._http.get(f"http://{endpoint}/json/list") as reply:
            pages = [t for t in await reply.json() if t["type"] == "page"]
        self._ws = await self._http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=_RECORD)
        return self

    def _endpoint(self) -> str:
        assert self._process is not None and self._process.stderr is not None
        for line in self._process.stderr:
            if "DevTools listening on ws://" in line:
                return line.split("ws://", 1)[1].split("/", 1)[0]
        raise AssertionError("chromium did not open its debugging port")

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._http is not None:
            await self._http.close()
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._profile.cleanup()

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._ws is not None
        self._id += 1
        await self._ws.send_json({"id": self._id, "method": method, "params": params})
        while True:
            message = json.loads((await self._ws.receive()).data)
            if message.get("id") == self._id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    async def open(self, url: str) -> None:
        """Navigate and wait until the document has loaded."""
        await self.call("Page.navigate", url=url)
        await self.wait_until("document.readyState === 'complete'")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    async def wait_until(self, expression: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not await self.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"never true in the page: {expression}")
            await asyncio.sleep(0.1)

    async def screen(self) -> str:
        """The terminal output the page received, escape sequences removed."""
        return _ESCAPES.sub("", str(await self.evaluate("window.__screen") or ""))

    async def wait_for_text(self, needle: str, since: int = 0, timeout: float = 30.0) -> int:
        """Wait until the terminal output after `since` contains `needle`; returns its length."""
        deadline = time.monotonic() + timeout
        while True:
            text = await self.screen()
            if needle in text[since:]:
                return len(text)
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never showed {needle!r}: {text[-500:]!r}")
            await asyncio.sleep(0.1)

    async def type(self, text: str) -> None:
        """Type into the terminal as a person would (xterm.js's hidden text area)."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        for char in text:
            if char == "\r":
                for kind in ("keyDown", "keyUp"):
                    await self.call(
                        "Input.dispatchKeyEvent",
                        type=kind,
                        key="Enter",
                        code="Enter",
                        windowsVirtualKeyCode=13,
                        text="\r" if kind == "keyDown" else "",
                    )
            else:
                await self.call("Input.insertText", text=char)

    async def screenshot(self) -> bytes:
        return base64.b64decode((await self.call("Page.captureScreenshot", format="png"))["data"])

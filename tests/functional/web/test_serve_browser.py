"""A real browser on `outcomes serve`: headless Chromium through the DevTools protocol.

Skipped where Chromium is not installed (CI installs Debian's `chromium`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest
from benchmarks.serve_load import CTRL_N, Client, serve

from .browser import CHROMIUM, Browser

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)"
)


def test_the_participant_link_renders_the_session_and_follows_the_facilitator(
    tmp_path: Path,
) -> None:
    async def story(served_base: str, participant: str, facilitator_ws: str) -> None:
        async with Browser() as browser:
            # Without the token the page is refused.
            await browser.open(served_base + "/")
            assert "needs the link with its token" in await browser.evaluate(
                "document.body.innerText"
            )
            assert await browser.evaluate("fetch('/').then(r => r.status)") == 401
            # With it, the page loads, its websocket connects and the session draws.
            await browser.open(participant)
            mark = await browser.wait_for_text("Your name")
            await browser.wait_for_text("STEP 1 OF 10")
            await browser.type("Ana\r")
            await browser.wait_for_text("joined as Ana", mark)
            assert await browser.evaluate("document.body.classList.contains('-first-byte')")
            (tmp_path / "participant.png").write_bytes(await browser.screenshot())
            # A second client, the facilitator, moves the room: the browser follows.
            async with aiohttp.ClientSession() as http:
                lead = await Client.connect(http, facilitator_ws)
                await lead.wait_for("STEP 1 OF 10")
                mark = len(await browser.screen())
                await lead.keys(CTRL_N)
                await browser.wait_for_text("STEP 2 OF 10", mark)
                await lead.close()

    with serve(tmp_path / "room.toml") as served:
        asyncio.run(story(served.base, served.links["participant"], served.ws_url("facilitator")))

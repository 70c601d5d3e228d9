"""textual-serve's Server behind the session's secrets, Host/Origin checks and a connection limit.

textual-serve runs one app process per browser websocket and serves its page and
assets to anyone. This subclass keeps its page template, its websocket protocol
and its process launcher (`AppService`), and changes only the routes and what
reaches them: an aiohttp middleware refuses every request without a valid secret
(401), with a foreign Host (403) or, for the websocket, a foreign Origin (403);
the websocket path carries the secret (`/ws/<token>`) so the role it grants
reaches the connection's process as `--role`; static files are served without
directory listings.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import web
from multidict import MultiDict
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from ..model.live_room import Role, person_name
from .access import Keys, allowed_hosts, host_ok, origin_ok

log = logging.getLogger("outcomes-serve")

COOKIE = "outcomes-session"
DEFAULT_MAX_CONNECTIONS = 24
_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def page_options(query: Mapping[str, str]) -> dict[str, str]:
    """What a link may add for its page: `name` (cleaned to one printable line, at most 40
    characters) and `projector` (any of 1, yes, true, on); anything else is ignored."""
    options: dict[str, str] = {}
    name = person_name(query.get("name", ""))
    if name:
        options["name"] = name
    if query.get("projector", "").lower() in ("1", "yes", "true", "on"):
        options["projector"] = "1"
    return options


def _refuse(status: type[web.HTTPException], why: str) -> web.HTTPException:
    return status(text=f"{why}\n", content_type="text/plain")


class SessionServer(Server):
    """Serve `command` (the session app; `--role ROLE` is appended per connection)."""

    def __init__(
        self,
        command: str,
        keys: Keys,
        *,
        host: str,
        port: int,
        title: str,
        public_url: str | None = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.public_url = self.public_url.rstrip("/")
        self.keys = keys
        self.max_connections = max_connections
        self.connections = 0
        self._allowed_hosts = allowed_hosts(host, port, public_url)
        self._public = public_url

    def url_for(self, role: Role) -> str:
        return f"{self.public_url}/?token={quote(self.keys.token_of(role))}"

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{token}", self.handle_websocket, name="websocket"),
                # The page opened with `&name=Ana` or `&projector=1` connects here, so the
                # options reach the process (textual-serve's page adds its own `?width=`).
                web.get(
                    "/ws/{token}/with/{options}", self.handle_websocket, name="websocket-options"
                ),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _token(self, request: web.Request) -> str | None:
        return (
            request.match_info.get("token")
            or request.query.get("token")
            or request.cookies.get(COOKIE)
        )

    @web.middleware
    async def _guard(self, request: web.Request, handler: _Handler) -> web.StreamResponse:
        """Every route: the Host, then the secret; the websocket also its Origin and the limit."""
        if not host_ok(request.headers.get("Host"), self._allowed_hosts):
            raise _refuse(web.HTTPForbidden, "This session is not served under that host name.")
        role = self.keys.role_of(self._token(request))
        if role is None:
            raise _refuse(
                web.HTTPUnauthorized,
                "This session needs the link with its token (ask the facilitator for it).",
            )
        request["role"] = role
        if request.path.startswith("/ws/"):
            if not origin_ok(
                request.headers.get("Origin"), request.headers.get("Host"), self._public
            ):
                raise _refuse(web.HTTPForbidden, "Connections from another site are refused.")
            if self.connections >= self.max_connections:
                raise _refuse(
                    web.HTTPServiceUnavailable,
                    f"The session is full ({self.max_connections} connections).",
                )
        response = await handler(request)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        if request.path == "/" and request.query.get("token"):
            response.set_cookie(
                COOKIE, request.query["token"], httponly=True, samesite="Strict", path="/"
            )
        return response

    def initialize_logging(self) -> None:
        """textual-serve's logging, without a line per request (each carries a secret)."""
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `outcomes serve` prints its own links."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's page, its websocket URL carrying the secret the page was opened with."""
        token = self.keys.token_of(request["role"])
        ws_path = str(request.app.router["websocket"].url_for(token=token))
        options = page_options(request.query)
        if options:  # every character quoted, "/" too: the options are one path segment
            ws_path += f"/with/{quote(urlencode(options), safe='')}"
        # Without --public-url the page talks back to the address it was loaded from
        # (already checked against the allowed hosts), so a LAN bind works too.
        base = self.public_url if self._public else f"{request.scheme}://{request.host}"
        scheme = "wss" if base.startswith("https") else "ws"
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}:{base.split(':', 1)[1]}{ws_path}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """As textual-serve's, but the process learns the connection's role."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        role: Role = request["role"]
        options = page_options(MultiDict(parse_qsl(request.match_info.get("options", ""))))
        command = f"{self.command} --role {shlex.quote(role)}"
        if "name" in options:  # text from the URL, cleaned, then one quoted word
            command += f" --name={shlex.quote(options['name'])}"
        if "projector" in options:
            command += " --projector"
        self.connections += 1
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            self.connections -= 1
            if app_service is not None:
                await app_service.stop()
        return websocket

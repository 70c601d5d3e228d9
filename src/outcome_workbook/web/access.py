"""Who may reach a served session: the secrets in the URLs, the Host and Origin a browser sends.

Pure functions, no server: the aiohttp middleware in `web.server` asks them.
Like Jupyter, a secret travels in the link (`?token=`), is kept as a cookie for
the page's own assets, and compared in constant time.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..model.live_room import ROLES, Role


def new_secret() -> str:
    """A fresh unguessable secret for a link (as Jupyter makes its token)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Keys:
    """One secret per role: the link a person was given decides what they can do."""

    participant: str
    facilitator: str
    viewer: str

    @classmethod
    def create(cls, participant: str | None = None) -> Keys:
        """Random secrets; `participant` fixes the participants' one (`--token`, for scripts)."""
        return cls(participant or new_secret(), new_secret(), new_secret())

    def role_of(self, token: str | None) -> Role | None:
        """The role a token grants, or None. Every secret is compared, in constant time."""
        if not token:
            return None
        found: Role | None = None
        given = token.encode("utf-8", "surrogateescape")
        for role in ROLES:
            if hmac.compare_digest(given, getattr(self, role).encode("utf-8")):
                found = role
        return found

    def token_of(self, role: Role) -> str:
        return str(getattr(self, role))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host in ("", "0.0.0.0", "::", "[::]")


def _netloc(host: str, port: int, scheme: str = "http") -> str:
    default = {"http": 80, "https": 443}.get(scheme)
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return name if port == default else f"{name}:{port}"


def allowed_hosts(host: str, port: int, public_url: str | None) -> frozenset[str] | None:
    """The Host headers a request may carry (lower case); None: any (a wildcard bind).

    The served address and the public URL's; on loopback also the other loopback
    names. Refusing other names stops DNS rebinding, where a web page makes its own
    name point at 127.0.0.1 to talk to the session as if it were the same site.
    """
    names: set[str] = set()
    if public_url:
        names.add(urlsplit(public_url).netloc.lower())
    if is_wildcard(host):
        return frozenset(names) if public_url else None
    names.add(_netloc(host.lower(), port))
    if is_loopback(host):
        names.update(_netloc(name, port) for name in ("localhost", "127.0.0.1", "::1"))
    return frozenset(names)


def host_ok(host_header: str | None, allowed: frozenset[str] | None) -> bool:
    if allowed is None:
        return True
    return bool(host_header) and (host_header or "").lower() in allowed


def origin_ok(origin: str | None, host_header: str | None, public_url: str | None) -> bool:
    """A websocket's Origin must be the session's own page: its Host or the public URL.

    Browsers always send Origin on a websocket; a script that sends none is not a
    web page another site runs in the user's browser, so it is let through (it still
    needs the token). `Origin: null` and any other site are refused.
    """
    if origin is None:
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    netloc = parts.netloc.lower()
    if public_url and netloc == urlsplit(public_url).netloc.lower():
        return True
    return bool(host_header) and netloc == (host_header or "").lower()

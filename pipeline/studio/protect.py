"""What every request to the studio passes before a route sees it, so that the studio is safe with no token on
loopback, where any web page the user visits can send requests to it:

- the Host header must name this server (loopback names, or the address it is bound to): a page that rebinds
  its own name to 127.0.0.1 (DNS rebinding) is refused, so it cannot read jobs or briefs;
- a request that changes something (POST...) must come from the studio's own page or from a program: a browser
  sends Origin and Sec-Fetch-Site, and a cross-site form post or upload is refused; cross-site pages may not
  load the studio's resources either (only navigate to it);
- every response carries a Content-Security-Policy (the page runs only its own script), X-Frame-Options and
  frame-ancestors (no framing), nosniff and no referrer;
- a body is capped by its declared length before it is read and by what actually arrives while it is read,
  and a job or campaign takes its queue slot (atomically, counting the ones still being uploaded) before its
  body is read: a full queue answers 429 without receiving anything.

Tokens (off loopback, or when set) must be strong: blank or short ones are refused at start-up."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from pipeline.errors import InputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MIN_TOKEN_CHARS = 16
TOKEN_HINT = "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(24))'"
BASE_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin"),
                (b"cross-origin-resource-policy", b"same-origin")]
# everything but the page and the galleries: no script at all; a video, sound or picture opened on its own plays
API_CSP = ("default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
           "base-uri 'none'; form-action 'none'")
PAGE_CSP = ("default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


def check_token(token: str | None) -> None:
    """A token, when one is given, must be one nobody can guess: no surrounding blanks, at least 16 characters
    and not one character repeated."""
    if token is None:
        return
    if not token.strip():
        raise InputError(f"--token is blank: it would let anyone in; {TOKEN_HINT}")
    if token != token.strip() or any(c.isspace() for c in token):
        raise InputError(f"--token has spaces in it, which browsers and shells lose; {TOKEN_HINT}")
    if len(token) < MIN_TOKEN_CHARS or len(set(token)) < 6:
        raise InputError(f"--token is too easy to guess ({len(token)} characters, {len(set(token))} different); use "
                         f"at least {MIN_TOKEN_CHARS} random characters: {TOKEN_HINT}")


def allowed_hosts(bind: str) -> set[str] | None:
    """The names a request's Host header may give: the loopback names and the bound address; None (any) when
    bound to every address, where the token (required there) is the guard."""
    if bind in WILDCARD:
        return None
    return {*LOOPBACK, bind.strip("[]").lower()}


def host_name(host: str) -> str:
    """The name in a Host header, without its port ([::1]:8765 -> ::1)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def script_csp(html: str) -> str:
    """The page CSP allowing exactly the inline scripts of this HTML (by hash) and nothing else."""
    hashes = [base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
              for s in re.findall(r"<script>(.*?)</script>", html, re.S)]
    return PAGE_CSP.format(scripts=" ".join(f"'sha256-{h}'" for h in hashes) or "'none'")


class QueueSlots:
    """Places in the queue: what waits in the table plus what is being received now, taken and given back
    under one lock, so N requests at once cannot all see room for one."""

    def __init__(self, count_queued: Callable[[], int], limit: int):
        self.count_queued, self.limit = count_queued, limit
        self._lock = threading.Lock()
        self._receiving = 0

    def take(self) -> bool:
        with self._lock:
            if self.count_queued() + self._receiving >= self.limit:
                return False
            self._receiving += 1
            return True

    def give(self) -> None:
        with self._lock:
            self._receiving -= 1


class Protect:
    """The ASGI middleware (see the module's docstring). body_caps: {path: bytes} for the upload routes, which
    also take a queue slot (jobs, campaigns); every other body has the small cap."""

    def __init__(self, app, hosts: set[str] | None, body_caps: dict[str, int], small_cap: int, slots: QueueSlots,
                 page_csp: str):
        self.app, self.hosts, self.body_caps, self.small_cap = app, hosts, body_caps, small_cap
        self.slots, self.page_csp = slots, page_csp

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method, path = scope["method"], scope["path"]
        host = headers.get("host", "")
        if self.hosts is not None and host_name(host) not in self.hosts:
            return await _answer(send, 400, f"Host {host!r} is not this studio (DNS rebinding?); open it as "
                                            f"http://127.0.0.1:<port>/ or by the address it was started on")
        refused = _cross_site(headers, method, host)
        if refused:
            return await _answer(send, 403, f"refused {refused}: the studio takes changes only from its own page, "
                                            "or from a program such as curl (which sends no Origin)")
        cap = self.body_caps.get(path, self.small_cap) if method not in SAFE_METHODS else self.small_cap
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                return await _answer(send, 400, f"Content-Length {declared!r} is not a number")
            if int(declared) > cap:
                return await _answer(send, 413, f"the request is {int(declared) / 1e6:.1f} MB; the limit here is "
                                                f"{cap / 1e6:.1f} MB (photos and brief together)")
        slot = method == "POST" and path in self.body_caps
        if slot:
            import anyio

            from pipeline.studio.store import StoreUnavailable

            try:
                took = await anyio.to_thread.run_sync(self.slots.take)
            except StoreUnavailable as e:
                return await _answer(send, 503, f"{e}; try again in a moment")
            if not took:
                return await _answer(send, 429, f"the queue is full ({self.slots.limit} jobs and campaigns waiting); "
                                                "try again later")
        received = [0]
        over = [False]
        started = [False]
        csp = self.page_csp if path == "/" else API_CSP

        async def limited_receive():
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > cap:
                    over[0] = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if message["type"] == "http.response.start":
                if over[0]:          # the body went past the cap while it was read: whatever the route said
                    started[0] = True
                    await _answer(send, 413, f"the request is larger than the limit here ({cap / 1e6:.1f} MB)")
                    return
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in BASE_HEADERS if k not in have]
                if b"content-security-policy" not in have:
                    extra.append((b"content-security-policy", csp.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
                started[0] = True
            elif over[0]:
                return
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not (over[0] and not started[0]):
                raise
            await _answer(send, 413, f"the request is larger than the limit here ({cap / 1e6:.1f} MB)")
        finally:
            if slot:
                self.slots.give()


def _cross_site(headers: dict[str, str], method: str, host: str) -> str | None:
    """Why a request is refused as cross-site, or None. Browsers say where a request comes from (Sec-Fetch-Site,
    Origin); programs say nothing and are let through (the token guards them where one is set)."""
    site = headers.get("sec-fetch-site")
    if method in SAFE_METHODS:
        if site == "cross-site" and headers.get("sec-fetch-mode") != "navigate":
            return "a cross-site page loading the studio's data"
        return None
    if site and site not in ("same-origin", "none"):
        return f"a {site} {method}"
    origin = headers.get("origin")
    if origin is not None and (origin == "null" or urlsplit(origin).netloc.lower() != host.strip().lower()):
        return f"a {method} from {origin}"
    return None


async def _answer(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"content-security-policy", API_CSP.encode()), *BASE_HEADERS]})
    await send({"type": "http.response.body", "body": body})

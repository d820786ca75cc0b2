"""Security headers and request guards for the web app.

Consumes ASGI requests; produces the same responses with a strict
Content-Security-Policy and friends added, and refuses methods that could
change anything while the app is read-only. Everything a page shows comes from
crawled pages and is untrusted: templates escape it, and this CSP makes sure
that even an escaping slip cannot run a script (no inline script, no
``eval``, no foreign origins, no plugins, no framing).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


class SecurityHeaders:
    """ASGI middleware: add :data:`HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in HEADERS if h[0] not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (no ``javascript:``, ``data:`` or relative tricks)."""
    if not url:
        return None
    cleaned = url.strip()
    lower = cleaned.lower()
    if not lower.startswith(("http://", "https://")) or any(c in cleaned for c in "\x00\r\n\t <>\"'`"):
        return None
    return cleaned

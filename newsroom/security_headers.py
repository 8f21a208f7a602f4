"""Headers on every newsroom response (pages, errors, static files), as a plain ASGI middleware."""
from __future__ import annotations

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
NO_STORE = (b"cache-control", b"no-store")
STATIC_CACHE = (b"cache-control", b"private, max-age=86400")


class SecurityHeaders:
    """Adds HEADERS; pages get Cache-Control: no-store (they show who is logged in), static files a day."""

    def __init__(self, app, static_prefix: str = "/static/"):
        self.app, self.static_prefix = app, static_prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        root = scope.get("root_path", "")
        static = path.removeprefix(root).startswith(self.static_prefix)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                headers += [*HEADERS, STATIC_CACHE if static else NO_STORE]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

"""Headers on every newsroom response (pages, errors, static files), as a plain ASGI middleware."""
from __future__ import annotations

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# The preview site (the story page as the site's build made it): framed by the newsroom's own preview page only,
# no requests anywhere (its read-count script must not count), no forms.
PREVIEW_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
               "connect-src 'none'; form-action 'none'; frame-ancestors 'self'; base-uri 'none'")
COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
HEADERS = [(b"content-security-policy", CSP.encode()), *COMMON, (b"x-frame-options", b"DENY")]
PREVIEW_HEADERS = [(b"content-security-policy", PREVIEW_CSP.encode()), *COMMON, (b"x-frame-options", b"SAMEORIGIN")]
NO_STORE = (b"cache-control", b"no-store")
STATIC_CACHE = (b"cache-control", b"private, max-age=86400")
OURS = {name for name, _ in HEADERS} | {b"cache-control"}


class SecurityHeaders:
    """Adds HEADERS; pages get Cache-Control: no-store (they show who is logged in), static files a day."""

    def __init__(self, app, static_prefix: str = "/static/", preview_prefix: str = "/preview-site/"):
        self.app, self.static_prefix, self.preview_prefix = app, static_prefix, preview_prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        root = scope.get("root_path", "")
        local = path.removeprefix(root)
        static = local.startswith(self.static_prefix)
        chosen = PREVIEW_HEADERS if local.startswith(self.preview_prefix) else HEADERS

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in OURS]
                headers += [*chosen, STATIC_CACHE if static else NO_STORE]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

"""Who is asking, as far as the newsroom needs to know: the client's address (for the login throttle, hashed
there, never stored) and whether the request came over HTTPS (for the cookie's Secure flag).

X-Forwarded-For and X-Forwarded-Proto are believed only from a trusted proxy (NEWSROOM_TRUSTED_PROXIES, e.g. the
local nginx); the read counter's ClientAddress walks X-Forwarded-For the same way.
"""
from __future__ import annotations

import ipaddress

from readcounter.proxies import BadForwardedFor, ClientAddress

__all__ = ["BadForwardedFor", "RequestOrigin"]


class RequestOrigin:
    def __init__(self, trusted_proxies: tuple):
        self._address = ClientAddress(trusted_proxies)
        self._networks = tuple(ipaddress.ip_network(n, strict=False) for n in trusted_proxies)

    def _trusted_peer(self, scope) -> bool:
        try:
            peer = ipaddress.ip_address(self.peer(scope))
        except ValueError:
            return False
        return any(peer in network for network in self._networks)

    def _header(self, scope, name: bytes) -> str | None:
        values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == name]
        return ",".join(values) if values else None

    def peer(self, scope) -> str:
        return (scope.get("client") or ("", 0))[0] or ""

    def address(self, scope) -> str:
        """The client's address; raises BadForwardedFor for a malformed header from a trusted proxy."""
        return self._address(self.peer(scope), self._header(scope, b"x-forwarded-for"))

    def is_https(self, scope) -> bool:
        if scope.get("scheme") == "https":
            return True
        proto = self._header(scope, b"x-forwarded-proto")
        if proto is None or not self._trusted_peer(scope):
            return False
        return proto.split(",")[-1].strip().lower() == "https"

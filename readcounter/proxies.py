"""The client's address: the peer, or X-Forwarded-For when the peer is a trusted proxy."""

from __future__ import annotations

import ipaddress


class BadForwardedFor(ValueError):
    pass


def _trusted(address: str, trusted: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: tuple) -> str:
    """Walk X-Forwarded-For from the right past trusted proxies; the first untrusted hop is the client."""
    if not forwarded_for or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            raise BadForwardedFor(f"X-Forwarded-For: not an IP address: {hop[:60]!r}") from None
        if not _trusted(hop, trusted):
            return hop
    return hops[0]

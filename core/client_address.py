"""The client's real address: REMOTE_ADDR, unless the peer is one of the configured trusted proxies.

Behind a trusted proxy, X-Forwarded-For is read from the right: every hop a trusted proxy appended is
skipped and the first address not in the trusted list is the client. Whatever a client writes into the
header itself sits to the left of that hop and is never used. Without configured proxies the header is
ignored entirely, so a spoofed header cannot reset a throttle or a lockout.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: Any, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: Any) -> str | None:
    """The address throttles, lockouts and the audit log key on (also AXES_CLIENT_IP_CALLABLE)."""
    meta = getattr(request, "META", {})
    peer = _parse(meta.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return None
    networks = _networks(tuple(settings.VINHDANH_TRUSTED_PROXIES))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    hops = [hop for hop in (meta.get("HTTP_X_FORWARDED_FOR", "") or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A malformed hop appended by a trusted proxy is not an address: stop at the proxy itself.
            return str(peer)
        if not _trusted(address, networks):
            return str(address)
        peer = address
    return str(peer)

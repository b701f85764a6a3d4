"""Who is the client, as far as rate limits and flood detection need to know.

Only a keyed hash of the client's *network* ever leaves this module: an IPv4
address, or the /64 prefix of an IPv6 address (one household or phone usually
holds a whole /64, so counting single IPv6 addresses would let one client
appear as 2^64 clients).

Behind a reverse proxy, REMOTE_ADDR is the proxy. ``CLIENT_IP_HEADER`` names
the header our own proxy sets (for example ``X-Forwarded-For``); we read its
right-most entry, the one that proxy appended, because everything to its left
came from the client and can be forged. Without the setting the header is
ignored entirely, so nobody can pick their own address by sending it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings

IPV6_PREFIX = 64


def _meta_name(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_address(request) -> str:
    """The client's address: from the trusted proxy header when configured."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get(_meta_name(header), "")
        candidate = forwarded.split(",")[-1].strip() if forwarded else ""
        if candidate:
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def network_of(address: str) -> str:
    """The unit we count: the address for IPv4, its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def client_network(request) -> str:
    return network_of(client_address(request))


def keyed(secret: str, *parts: str, length: int = 32) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:length]


def client_key(request) -> str:
    """A stable pseudonym of the client's network, for rate-limit counters."""
    return keyed(settings.SECRET_KEY, "client", client_network(request))

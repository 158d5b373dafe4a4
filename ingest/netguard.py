"""Tell whether a URL's host is on this machine or a private network (SSRF guard)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_private_address(address: IPAddress) -> bool:
    """True for loopback, private, link-local (cloud metadata), unspecified and other non-global
    addresses, including IPv4 addresses wrapped in IPv6 (`::ffff:127.0.0.1`)."""
    if isinstance(address, ipaddress.IPv6Address):
        wrapped = address.ipv4_mapped or address.sixtofour
        if wrapped is not None:
            return is_private_address(wrapped)
    # `is_global` is False for 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, 0/8, 100.64/10,
    # ::1, fc00::/7, fe80::/10 and the other special-purpose blocks.
    return not address.is_global or address.is_multicast


async def resolve(host: str) -> list[IPAddress]:
    """Return every address `host` resolves to (an IP literal resolves to itself).

    Raises:
        socket.gaierror: The name does not resolve.
    """
    literal = host.strip("[]")
    try:
        return [ipaddress.ip_address(literal)]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(literal, None, type=socket.SOCK_STREAM)
    # Drop any IPv6 zone ("fe80::1%eth0") before parsing.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


async def is_private_host(host: str) -> bool:
    """True if any address `host` resolves to is private (see `is_private_address`).

    Any one private address is enough: the connection could go to it.

    Raises:
        socket.gaierror: The name does not resolve.
    """
    if not host:
        return True
    return any(is_private_address(address) for address in await resolve(host))


async def is_private_url(url: str) -> bool:
    """True if `url` has no host or its host is private.

    Raises:
        socket.gaierror: The host does not resolve.
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return True
    return await is_private_host(host or "")


async def source_is_private(url: str) -> bool:
    """True if a source at `url` lives on a private or local address.

    Only such a source may lead us to article pages on private addresses (no SSRF through a
    feed). A host that does not resolve counts as public: its links keep the check.
    """
    try:
        return await is_private_url(url)
    except OSError:  # socket.gaierror: the name does not resolve
        return False

"""The private-address guard: which hosts and URLs count as local or private."""

from __future__ import annotations

import ipaddress

import pytest

from ingest.netguard import is_private_address, is_private_host, is_private_url

PRIVATE = [
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "0.0.0.0",
    "100.64.0.1",  # carrier-grade NAT
    "::1",
    "::",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "224.0.0.1",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", PRIVATE)
def test_private_addresses(address: str) -> None:
    assert is_private_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    assert not is_private_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "::1", "169.254.169.254", ""])
async def test_private_hosts(host: str) -> None:
    assert await is_private_host(host)


async def test_public_literal_host() -> None:
    assert not await is_private_host("8.8.8.8")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/feed",
        "http://[::1]/feed",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f.1/",
        "http:///no-host",
        "http://[::1/broken",
    ],
)
async def test_private_urls(url: str) -> None:
    assert await is_private_url(url)


async def test_public_url() -> None:
    assert not await is_private_url("https://8.8.8.8/feed")

"""Addresses refused when the connection is made (served beyond loopback): by
IP, by a name that resolves to one, and at a redirect hop; a host the user
allowed passes, and with no policy nothing changes."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from monitor.sources.addresses import AddressPolicy, refused
from monitor.sources.base import FetchOptions
from monitor.sources.http import fetch_http, new_session
from tests.origin import STORY

REFUSE = AddressPolicy(refuse_private=True)


def _read(url: str, policy: AddressPolicy | None):
    async def go():
        async with new_session(policy=policy) as s:
            return await fetch_http(s, url, FetchOptions(retries=0))

    return asyncio.run(go())


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.9", "169.254.169.254", "::1",
                                     "fe80::1", "0.0.0.0", "::ffff:127.0.0.1"])
def test_this_machine_and_private_networks_are_refused(address):
    assert refused(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "1.1.1.1"])
def test_public_addresses_pass(address):
    assert not refused(address)


def test_a_page_on_this_machine_is_refused_by_ip_and_by_name_unless_allowed(origin):
    by_ip = _read(origin.url(STORY), REFUSE)
    assert by_ip.status == "failed" and "127.0.0.1 points to 127.0.0.1" in (by_ip.error or "")
    assert "refused while the app is served beyond loopback" in by_ip.error
    by_name = _read(origin.url(STORY).replace("127.0.0.1", "localhost"), REFUSE)
    assert by_name.status == "failed" and by_name.error.startswith("localhost points to ")
    assert _read(origin.url(STORY), None).status == "ok"  # no policy: as before
    allowed = AddressPolicy(refuse_private=True, allow_hosts=frozenset({"127.0.0.1"}))
    assert _read(origin.url(STORY), allowed).status == "ok"


def test_a_redirect_to_a_refused_address_is_refused_at_that_hop(origin):
    """The allowed name redirects to an IP the policy refuses: the hop is checked, not only the first URL."""
    async def hop(request):
        raise web.HTTPFound(origin.url(STORY))  # 127.0.0.1, written as an IP

    origin.add_route("/hop", hop)
    allowed = AddressPolicy(refuse_private=True, allow_hosts=frozenset({"localhost"}))
    got = _read(origin.url("/hop").replace("127.0.0.1", "localhost"), allowed)
    assert got.status == "failed" and "127.0.0.1 points to 127.0.0.1" in (got.error or "")

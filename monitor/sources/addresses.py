"""Which addresses a page may be read from, checked when the connection is
made: served beyond loopback (``monitor serve --allow-remote``), a watch must
not reach this machine or its private network, whatever its host name
resolves to at that moment (a name can be pointed at 127.0.0.1 after it was
added) and wherever a redirect leads.

The check sits in the connector, where every request of a session, each
redirect hop and an IP written in the URL alike, is given the addresses it
will connect to; a host the user allowed by name (``--allow-host``) passes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp


@dataclass(frozen=True)
class AddressPolicy:
    """``refuse_private``: refuse loopback, private, link-local, reserved and multicast
    addresses; ``allow_hosts``: host names (lower case) that may have them anyway."""

    refuse_private: bool = False
    allow_hosts: frozenset[str] = field(default_factory=frozenset)

    def allows(self, host: str, address: str) -> bool:
        """Whether ``host`` (lower case, no trailing dot) may be reached at ``address``, one it resolved to:
        the one test of every way out (the http source's connector, the browser's gate)."""
        return host in self.allow_hosts or not refused(address)


class AddressRefused(aiohttp.ClientError):
    """A request to an address the policy refuses; its message is the check's reason."""


def refusal(host: str, addresses: Iterable[str]) -> str:
    """The reason a connection to ``host`` was refused, every address it resolved to being refused."""
    shown = ", ".join(sorted(set(addresses)))
    return (f"{host} points to {shown}, a loopback, private or link-local address: refused while the app is "
            "served beyond loopback (allow the host with --allow-host)")


def refused(address: str) -> bool:
    """True for an address on this machine or a private network (the policy's refusal)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return True  # not an address at all: nothing to connect to that we can vouch for
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast
                or ip.is_unspecified)


class GuardedConnector(aiohttp.TCPConnector):
    """A connector that drops refused addresses from every resolution, and
    refuses the request when none is left."""

    def __init__(self, policy: AddressPolicy, **kw: Any) -> None:
        super().__init__(**kw)
        self._policy = policy

    async def _resolve_host(self, host: str, port: int, traces: Any = None) -> list[Any]:  # type: ignore[override]
        found = await super()._resolve_host(host, port, traces=traces)
        name = (host or "").rstrip(".").lower()
        kept = [r for r in found if self._policy.allows(name, str(r["host"]))]
        if not kept:
            raise AddressRefused(refusal(name, (str(r["host"]) for r in found)))
        return kept

"""The browser source under an address policy (served beyond loopback, ``monitor run --refuse-private``):
every connection a rendered page makes goes through the gate (``sources.browser_gate``), so the local news
site is refused by IP and by a name that resolves to it, at a redirect hop and when the page moves itself on;
its scripts' requests to a refused host are blocked while the page is read; WebRTC sends nothing; an allowed
host is read as before, and with no policy nothing changes."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web

from monitor.run.check import CheckSettings
from monitor.run.round import check_claims
from monitor.sources.addresses import AddressPolicy
from monitor.sources.base import FetchOptions
from monitor.sources.browser import render
from monitor.store import add_watch, claim_due, get_engine, session_scope, utcnow
from tests.origin import STORY, seed_versions
from tests.sources.test_browser import JS_STORY, US_BEFORE, page

REFUSE = AddressPolicy(refuse_private=True)
NAME_ONLY = AddressPolicy(refuse_private=True, allow_hosts=frozenset({"localhost"}))
BOTH = AddressPolicy(refuse_private=True, allow_hosts=frozenset({"localhost", "127.0.0.1"}))
REASON = ("{host} points to 127.0.0.1, a loopback, private or link-local address: refused while the app is "
          "served beyond loopback (allow the host with --allow-host)")


def refused_as(error: str | None, host: str) -> bool:
    """The gate's reason for ``host`` (a name may also resolve to ::1, listed after 127.0.0.1)."""
    head, tail = REASON.format(host=host).split(", a loopback", 1)
    return bool(error) and error.startswith(head) and error.endswith(", a loopback" + tail)


def read(url: str, policy: AddressPolicy | None, **kw):
    return asyncio.run(render(url, FetchOptions(**kw), policy=policy))


def named(url: str) -> str:
    """The same URL by a name that resolves to this machine."""
    return url.replace("127.0.0.1", "localhost")


@pytest.fixture
def site(make_origin):
    """The seed story at v4, a page that pulls a script and data from the site by IP, and two ways of
    leaving for the site by IP: a redirect and a script that moves the page."""
    o = make_origin({STORY: seed_versions()})
    for _ in range(3):
        o.advance(STORY)
    by_ip = o.url("")
    o.add_route("/wire", page(
        "<h1>Wire</h1><article><p>The delegations met in Istanbul for two hours on Friday.</p>"
        "<p id='wire'></p></article>"
        f"<script src='{by_ip}/wire.js'></script>"
        f"<script>fetch('{by_ip}/beacon', {{mode: 'no-cors'}}).catch(function () {{}});</script>"))

    async def wire_js(_request: web.Request) -> web.Response:
        return web.Response(text="document.getElementById('wire').textContent = "
                                 "'A wire line written by a script from the site by its address.';",
                            content_type="application/javascript")

    async def hop(_request: web.Request) -> web.Response:
        raise web.HTTPFound(o.url(JS_STORY))  # 127.0.0.1, written as an IP

    o.add_route("/wire.js", wire_js)
    o.add_route("/beacon", page("ok"))
    o.add_route("/hop", hop)
    o.add_route("/moves", page(f"<p>Moving on.</p><script>location.href = '{o.url(JS_STORY)}';</script>"))
    return o


def test_a_rendered_page_on_this_machine_is_refused_by_ip_and_by_name_and_read_without_a_policy(browser, site):
    by_ip = read(site.url(JS_STORY), REFUSE)
    assert by_ip.status == "failed" and not by_ip.transient
    assert by_ip.error == REASON.format(host="127.0.0.1")
    by_name = read(named(site.url(JS_STORY)), REFUSE)
    assert by_name.status == "failed" and refused_as(by_name.error, "localhost"), by_name.error
    assert site.request_count(JS_STORY) == 0  # the browser never reached the site
    # No policy, or one that refuses nothing: read as before, by IP and by name.
    for url, policy in ((site.url(JS_STORY), None), (named(site.url(JS_STORY)), AddressPolicy())):
        got = read(url, policy)
        assert got.status == "ok" and US_BEFORE in got.text, got.error
    assert site.request_count("/api/story/istanbul-talks.json") == 2


def test_an_allowed_host_is_read_with_its_scripts_requests_and_only_that_host(browser, site):
    got = read(named(site.url(JS_STORY)), NAME_ONLY)
    assert got.status == "ok" and US_BEFORE in got.text, got.error  # the story its script fetched, through the gate
    assert got.final_url == named(site.url(JS_STORY))
    assert site.request_count("/api/story/istanbul-talks.json") == 1
    # Allowed by name is not allowed by address.
    assert read(site.url(JS_STORY), NAME_ONLY).error == REASON.format(host="127.0.0.1")


def test_a_pages_requests_to_a_refused_host_are_blocked_and_the_page_is_read_without_them(browser, site):
    got = read(named(site.url("/wire")), NAME_ONLY)
    assert got.status == "ok", got.error
    assert "two hours on Friday" in got.text and "wire line" not in got.text
    assert site.request_count("/wire.js") == 0 and site.request_count("/beacon") == 0
    both = read(named(site.url("/wire")), BOTH)
    assert both.status == "ok" and "A wire line written by a script" in both.text, both.error
    assert site.request_count("/wire.js") == 1 and site.request_count("/beacon") == 1


def test_a_redirect_or_a_move_to_a_refused_host_fails_the_page_with_the_reason(browser, site):
    hop = read(named(site.url("/hop")), NAME_ONLY)
    assert hop.status == "failed" and hop.error == REASON.format(host="127.0.0.1")
    assert site.request_count("/hop") == 1 and site.request_count(JS_STORY) == 0
    moved = read(named(site.url("/moves")), NAME_ONLY)
    assert moved.status == "failed" and moved.error == REASON.format(host="127.0.0.1")
    assert site.request_count("/moves") == 1 and site.request_count(JS_STORY) == 0
    # Allowed both ways, the hop is followed to the story.
    followed = read(named(site.url("/hop")), BOTH)
    assert followed.status == "ok" and US_BEFORE in followed.text and followed.final_url == site.url(JS_STORY)


def test_an_unreachable_allowed_host_fails_with_the_gates_reason(browser):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    got = read(f"http://localhost:{port}/story", NAME_ONLY)
    assert got.status == "failed" and got.transient
    assert got.error.startswith(f"cannot connect to localhost:{port}: "), got.error


WEBRTC = ("<article><p>The talks are over.</p></article><script>var pc = new RTCPeerConnection("
          "{iceServers: [{urls: 'stun:127.0.0.1:%d'}]}); pc.createDataChannel('d');"
          "pc.createOffer().then(function (o) { return pc.setLocalDescription(o); });</script>")


def test_webrtc_sends_nothing_to_this_machine(browser, site):
    """A STUN request would leave the page outside any proxy: the browser allows WebRTC no UDP at all."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        udp.settimeout(2.0)
        site.add_route("/rtc", page(WEBRTC % udp.getsockname()[1]))
        got = read(named(site.url("/rtc")), NAME_ONLY)
        assert got.status == "ok" and "The talks are over." in got.text, got.error
        with pytest.raises(TimeoutError):
            udp.recvfrom(2048)


def test_a_check_under_the_daemons_policy_refuses_a_rendered_watch(browser, site, tmp_path: Path):
    """``monitor run --refuse-private``'s settings reach the browser source through the round."""
    engine = get_engine(f"sqlite:///{tmp_path / 'monitor.db'}")
    with session_scope(engine, write=True) as s:
        add_watch(s, "rendered", named(site.url(JS_STORY)), kind="browser")

    def check(policy: AddressPolicy | None, day: int):
        claims = claim_due(engine, "test", now=utcnow() + timedelta(days=day))
        [report] = asyncio.run(check_claims(engine, claims, settings=CheckSettings(addresses=policy),
                                            worker_id="test"))
        return report

    refused = check(REFUSE, 1)
    assert refused.outcome == "failed" and refused_as(refused.error, "localhost"), refused.error
    allowed = check(NAME_ONLY, 30)
    assert allowed.outcome == "first", allowed.error
    engine.dispose()

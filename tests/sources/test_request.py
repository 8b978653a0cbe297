"""A watch's own request options, asserted on what the local site received."""

from __future__ import annotations

import socket

import pytest

from monitor.config import Invalid
from monitor.config.request import check_auth, check_proxy, check_request
from tests.sources.proxy import Proxy, Socks5
from tests.sources.test_documents import W, read

STORY = "/story/istanbul-talks"


def test_headers_cookies_user_agent_method_and_body_reach_the_server(origin, monkeypatch):
    monkeypatch.setenv("MONITOR_SECRET_TOKEN", "tok-123")
    request = {"headers": {"X-Desk": "politics", "Authorization": "env:MONITOR_SECRET_TOKEN"},
               "cookies": {"consent": "yes", "session": "env:MONITOR_SECRET_TOKEN"},
               "user_agent": "NewsroomBot/2", "method": "POST", "body": "q=istanbul&page=1"}
    (got,) = read(W(origin.url(STORY), request=request))
    assert got.ok, got.error
    (seen,) = origin.received_at(STORY)
    assert seen.method == "POST" and seen.body == b"q=istanbul&page=1"
    assert seen.headers["x-desk"] == "politics" and seen.headers["authorization"] == "tok-123"
    assert seen.headers["cookie"] == "consent=yes; session=tok-123"
    assert seen.headers["user-agent"] == "NewsroomBot/2"


def test_the_default_request_is_a_plain_get_with_the_monitors_agent(origin):
    (got,) = read(W(origin.url(STORY)))
    (seen,) = origin.received_at(STORY)
    assert got.ok and seen.method == "GET" and seen.body == b"" and "cookie" not in seen.headers
    assert seen.headers["user-agent"].startswith("StoryMonitor/")


def test_basic_auth_reads_the_password_from_the_environment_when_sending(origin, monkeypatch):
    import base64

    monkeypatch.setenv("MONITOR_SECRET_DESK", "s3cret-pw")
    (got,) = read(W(origin.url(STORY), request={"auth": "alice:env:MONITOR_SECRET_DESK"}))
    assert got.ok
    (seen,) = origin.received_at(STORY)
    assert seen.headers["authorization"] == "Basic " + base64.b64encode(b"alice:s3cret-pw").decode()


def test_a_missing_secret_fails_the_check_naming_the_variable_not_a_value(origin, monkeypatch):
    monkeypatch.delenv("MONITOR_SECRET_DESK", raising=False)
    (got,) = read(W(origin.url(STORY), request={"auth": "alice:env:MONITOR_SECRET_DESK"}))
    assert got.status == "failed"
    assert got.error == "basic auth: environment variable MONITOR_SECRET_DESK is not set"
    assert origin.received_at(STORY) == []


def test_a_literal_password_is_refused_and_not_repeated():
    with pytest.raises(Invalid) as info:
        check_auth("alice:hunter2")
    assert "hunter2" not in str(info.value) and "env:MONITOR_SECRET_NAME" in str(info.value)
    with pytest.raises(Invalid, match="cannot be read as a secret"):
        check_auth("alice:env:HOME")


def test_a_read_through_an_http_proxy_goes_through_it(origin):
    with Proxy() as proxy:
        (got,) = read(W(origin.url(STORY), request={"proxy": proxy.url}))
    assert got.ok, got.error
    assert proxy.seen == [f"GET {origin.url(STORY)} HTTP/1.1"]
    assert len(origin.received_at(STORY)) == 1


def test_a_read_through_a_socks5_proxy_goes_through_it(origin):
    with Socks5() as proxy:
        (got,) = read(W(origin.url(STORY), request={"proxy": proxy.url}))
    assert got.ok, got.error
    assert proxy.seen == [f"127.0.0.1:{origin.port}"]
    assert len(origin.received_at(STORY)) == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_proxy_that_does_not_answer_is_a_failed_check_that_names_it(origin):
    port = _closed_port()
    http, socks = read(W(origin.url(STORY), request={"proxy": f"http://127.0.0.1:{port}"}),
                       W(origin.url(STORY), request={"proxy": f"socks5://127.0.0.1:{port}"}))
    assert http.error == f"cannot connect to the proxy http://127.0.0.1:{port}" and http.transient
    assert socks.error.startswith(f"socks proxy socks5://127.0.0.1:{port}: ") and socks.transient
    assert origin.received_at(STORY) == []


def test_a_watch_timeout_bounds_the_whole_read(origin):
    origin.set_fault(STORY, "slow", slow_seconds=10)
    (got,) = read(W(origin.url(STORY), request={"timeout": 1}))
    assert got.status == "failed" and got.error.startswith("timed out after 1 s")


@pytest.mark.parametrize(("given", "message"), [
    ({"method": "DELETE"}, "'DELETE' is not a method a watch can use; use GET, POST, PUT, PATCH"),
    ({"method": "GET", "body": "x"}, "a GET request has no body; give method POST (or PUT, PATCH)"),
    ({"headers": {"Bad Name": "x"}}, "'Bad Name' is not a valid header name"),
    ({"headers": {"X-A": "one\r\nX-Injected: 1"}}, "header X-A cannot contain a line break"),
    ({"cookies": {"a": "b;c"}}, "cookie a: a value cannot contain ';'"),
    ({"timeout": 0.5}, "must be a whole number of seconds, not 0.5"),
    ({"timeout": 900}, "must be between 1 and 600 seconds, not 900"),
])
def test_request_settings_are_checked_in_one_line(given, message):
    with pytest.raises(Invalid) as info:
        check_request(given)
    assert str(info.value) == message


def test_a_body_alone_is_posted_and_a_proxy_must_be_http_or_socks():
    assert check_request({"body": "a=1"}) == {"body": "a=1", "method": "POST"}
    assert check_proxy("socks5h://127.0.0.1:1080") == "socks5h://127.0.0.1:1080"
    with pytest.raises(Invalid, match="a proxy URL starts with http://"):
        check_proxy("ftp://127.0.0.1:21")
    with pytest.raises(Invalid, match="not supported"):
        check_proxy("http://bob:pw@127.0.0.1:3128")

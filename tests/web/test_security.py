"""Hostile page text stays text; the app answers to loopback only unless given a token; forms need CSRF."""

from __future__ import annotations

import re

import feedparser
import pytest

from monitor.store import add_watch, session_scope
from monitor.web.security import CSP, Access, ServeError
from tests.conftest import run_monitor
from tests.web.conftest import client_for, store_versions

HOSTILE = [
    "Officials met on Friday. <script>alert('x')</script> The talks went on.",
    'A photo <img src=x onerror="alert(1)"> was posted.',
    '<a href="javascript:alert(2)">Read more</a> said the ministry.',
    "Quote: \"</textarea><svg onload=alert(3)>\" and '<iframe src=//evil>'.",
]
TOKEN = "a-long-enough-test-token-0123456789"


@pytest.fixture
def hostile(tmp_path, db_url):
    from monitor.store import get_engine

    engine = get_engine(db_url)
    doc = tmp_path / "hostile.txt"
    with session_scope(engine, write=True) as s:
        add_watch(s, "hostile <b>name</b>", str(doc), kind="file")
    store_versions(engine, doc, ["Officials met on Friday. The talks went on.", "\n\n".join(HOSTILE)])
    yield engine
    engine.dispose()


def _no_live_markup(html: str) -> None:
    """None of the hostile markup reaches the page as markup; only as escaped text."""
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg" not in html
    assert "<iframe" not in html and 'href="javascript:' not in html and "<b>name</b>" not in html
    assert re.search(r"<[^>]*\sonerror=", html) is None and re.search(r"<[^>]*\sonload=", html) is None


def test_hostile_page_text_is_escaped_everywhere(hostile):
    with client_for(hostile) as c:
        pages = [c.get(p) for p in ("/", "/watches/1", "/watches/1?view=side", "/watches/1/versions/2",
                                    "/watches/1/versions", "/alerts", "/watches/1/edit", "/watches/1/live")]
        for page in pages:
            assert page.status_code == 200, page.url
            assert page.headers["content-security-policy"] == CSP
            _no_live_markup(page.text)
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in pages[3].text
        assert "hostile &lt;b&gt;name&lt;/b&gt;" in pages[0].text
        feed = c.get("/feeds/watches/1.atom")
        parsed = feedparser.parse(feed.content)
        assert not parsed.bozo
        body = parsed.entries[0].content[0].value  # the HTML a feed reader would show
        _no_live_markup(body)
        assert "&lt;script&gt;" in body


def test_csp_forbids_inline_script_and_anything_from_elsewhere():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert "unsafe-inline" not in CSP and "http" not in CSP
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"


def test_serving_beyond_loopback_needs_the_flag_and_a_token(tmp_path):
    with pytest.raises(ServeError, match="without --allow-remote"):
        Access.for_serving("0.0.0.0", allow_remote=False, token=TOKEN)
    with pytest.raises(ServeError, match="without a token"):
        Access.for_serving("192.0.2.10", allow_remote=True, token=None)
    assert Access.for_serving("::1", allow_remote=False, token=None).loopback_only
    r = run_monitor("serve", "--host", "0.0.0.0", "--port", "0", "--db", str(tmp_path / "m.db"))
    assert r.returncode == 2 and "refusing to serve on 0.0.0.0" in r.stderr
    r = run_monitor("serve", "--host", "0.0.0.0", "--allow-remote", "--db", str(tmp_path / "m.db"),
                    env={"MONITOR_TOKEN": ""})
    assert r.returncode == 2 and "without a token: set MONITOR_TOKEN" in r.stderr
    r = run_monitor("serve", "--allow-remote", "--host", "0.0.0.0", env={"MONITOR_TOKEN": "short"})
    assert r.returncode == 2 and "at least 16 characters" in r.stderr


def test_with_a_token_every_request_needs_it(hostile):
    access = Access(host="0.0.0.0", token=TOKEN)
    with client_for(hostile, access) as c:
        assert c.get("/api/watches").status_code == 401
        assert c.get("/api/watches").headers["content-type"] == "application/problem+json"
        assert c.get("/feeds/changes.atom").status_code == 401
        assert c.get("/", follow_redirects=False).headers["location"] == "/login"
        assert c.get("/api/watches", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/watches", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        login = c.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
        assert c.post("/login", data={"csrf": csrf, "token": "nope"}).status_code == 401
        assert c.post("/login", data={"csrf": csrf, "token": TOKEN}, follow_redirects=False).status_code == 303
        assert c.get("/").status_code == 200  # the session cookie now


def test_loopback_answers_loopback_host_names_and_refuses_cross_site_writes(hostile):
    with client_for(hostile) as c:
        assert c.get("/api/watches", headers={"host": "evil.example:8000"}).status_code == 421
        assert c.get("/api/watches", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/api/watches", headers={"host": "[::1]:8000"}).status_code == 200
        cross = c.post("/api/watches", json={"url": "https://example.org/"}, headers={"origin": "https://evil.example"})
        assert cross.status_code == 403
        same = c.post("/api/watches", json={"url": "https://example.org/"},
                      headers={"origin": "http://127.0.0.1:8000"})
        assert same.status_code == 201
        c.get("/")
        assert c.post("/watches/1/pause", data={"enable": "0"}).status_code == 403  # no CSRF token


def test_beyond_loopback_watches_may_not_read_files_or_private_addresses(hostile, tmp_path):
    bearer = {"authorization": f"Bearer {TOKEN}"}
    with client_for(hostile, Access(host="0.0.0.0", token=TOKEN, allowed_hosts=frozenset({"10.1.2.3"}))) as c:
        for url in ("http://127.0.0.1:8080/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                    "http://10.0.0.7/", "http://0.0.0.0/"):
            r = c.post("/api/watches", json={"url": url}, headers=bearer)
            assert r.status_code == 422 and "loopback, private or link-local" in r.json()["detail"], url
        doc = tmp_path / "secret.txt"
        doc.write_text("not for the network")
        r = c.post("/api/watches", json={"url": str(doc)}, headers=bearer)
        assert r.status_code == 422 and "not files on this machine" in r.json()["detail"]
        moved = c.patch("/api/watches/1", json={"url": "http://169.254.169.254/"}, headers=bearer)
        assert moved.status_code == 422
        assert c.post("/api/watches", json={"url": "http://93.184.215.14/"}, headers=bearer).status_code == 201
        assert c.post("/api/watches", json={"url": "http://10.1.2.3/"}, headers=bearer).status_code == 201
    with client_for(hostile) as c:  # on loopback the user's own machine is theirs to watch
        assert c.post("/api/watches", json={"url": "http://127.0.0.1:8080/"}).status_code == 201


def test_beyond_loopback_a_check_refuses_a_watch_that_now_points_at_this_machine(hostile, origin):
    """Added while its name pointed elsewhere (or with `monitor add`): the check from the app refuses
    it when it connects, and on loopback the same check reads it."""
    from tests.origin import STORY

    with session_scope(hostile, write=True) as s:
        add_watch(s, "moved", origin.url(STORY).replace("127.0.0.1", "localhost"))
    bearer = {"authorization": f"Bearer {TOKEN}"}
    with client_for(hostile, Access(host="0.0.0.0", token=TOKEN)) as c:
        r = c.post("/api/watches/moved/check", headers=bearer)
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["outcome"] == "failed" and "localhost points to" in report["error"]
        assert "refused while the app is served beyond loopback" in report["error"]
    with client_for(hostile) as c:
        assert c.post("/api/watches/moved/check").json()["outcome"] == "first"


def test_beyond_loopback_a_check_refuses_a_rendered_watch_on_this_machine(hostile, origin, browser):
    """The same for a page read in the browser (`--render`): its connections go through the policy too."""
    from tests.origin import STORY

    with session_scope(hostile, write=True) as s:
        add_watch(s, "moved-js", origin.url("/js" + STORY).replace("127.0.0.1", "localhost"), kind="browser")
    bearer = {"authorization": f"Bearer {TOKEN}"}
    with client_for(hostile, Access(host="0.0.0.0", token=TOKEN)) as c:
        report = c.post("/api/watches/moved-js/check", headers=bearer).json()
        assert report["outcome"] == "failed", report
        assert report["error"].startswith("localhost points to ") and "--allow-host" in report["error"]
    assert origin.request_count("/js" + STORY) == 0
    allowed = Access(host="0.0.0.0", token=TOKEN, allowed_hosts=frozenset({"localhost"}))
    with client_for(hostile, allowed) as c:
        assert c.post("/api/watches/moved-js/check", headers=bearer).json()["outcome"] == "first"
    assert origin.request_count("/api/story/istanbul-talks.json") == 1

"""``monitor serve`` for real: uvicorn on 127.0.0.1 (a free port), a story page that goes live."""

from __future__ import annotations

import http.client
import json
import urllib.request

from tests.origin import seed_versions
from tests.web.conftest import store_versions

_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1, never through a proxy


def _events(url: str):
    """(event, data) pairs from a server-sent event stream, as they arrive."""
    host, port = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    conn.request("GET", "/watches/1/events")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("content-type").startswith("text/event-stream")
    event = None
    while True:
        line = resp.readline().decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event:
            yield event, json.loads(line[6:])
            event = None


def test_pages_and_api_over_a_real_server(served):
    url, _, _ = served
    with _direct.open(url + "/") as r:
        page = r.read().decode()
        assert r.status == 200 and "istanbul-talks" in page
        assert "default-src 'none'" in r.headers["content-security-policy"]
    with _direct.open(url + "/static/live.js") as r:
        assert "EventSource" in r.read().decode()
    with _direct.open(url + "/api/watches/istanbul-talks/versions") as r:
        assert json.load(r)["total"] == 2


def test_a_story_page_hears_of_a_new_version_without_a_reload(served):
    url, engine, doc = served
    stream = _events(url)
    assert next(stream) == ("version", {"version": 2})
    store_versions(engine, doc, [seed_versions()[2]], start_day=10)
    assert next(stream) == ("version", {"version": 3})
    # What live.js then fetches and swaps in: the version list, now with version 3.
    with _direct.open(url + "/watches/1/versions") as r:
        fragment = r.read().decode()
    assert 'data-version="3"' in fragment and "/watches/1/versions/3" in fragment

"""The REST API on SQLite and PostgreSQL: CRUD, pages, ETags, problem+json, and diffs equal to `monitor diff`."""

from __future__ import annotations

import json

from monitor.web.openapi import schema
from tests.conftest import run_monitor


def test_watches_crud_with_the_clis_messages(client):
    made = client.post("/api/watches", json={"url": "https://example.org/story", "name": "other", "every": "5m"})
    assert made.status_code == 201 and made.headers["location"] == f"/api/watches/{made.json()['id']}"
    assert made.json()["schedule"].startswith("every 5m")
    dup = client.post("/api/watches", json={"url": "https://example.org/x", "name": "other"})
    assert dup.status_code == 409 and dup.headers["content-type"] == "application/problem+json"
    assert dup.json()["detail"] == "a watch named 'other' already exists; pick another name"
    bad = client.post("/api/watches", json={"url": "ftp://example.org/x"})
    assert bad.status_code == 422
    assert bad.json()["detail"] == "url: ftp://example.org/x: unsupported URL scheme 'ftp'; use http:// or https://"
    assert client.post("/api/watches", content=b"url=x",
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 415
    assert client.post("/api/watches", json={"url": 3}).status_code == 400
    patched = client.patch("/api/watches/other", json={"every": "1h", "enabled": False})
    assert patched.status_code == 200 and patched.json()["enabled"] is False
    assert any("1h" in line for line in patched.json()["changed"])
    assert client.delete("/api/watches/other").status_code == 204
    assert client.get("/api/watches/other").status_code == 404


def test_lists_are_pages_with_a_next_link(client):
    first = client.get("/api/watches/istanbul-talks/versions", params={"limit": 4})
    body = first.json()
    assert body["total"] == 6 and [v["version"] for v in body["items"]] == [6, 5, 4, 3]
    assert 'rel="next"' in first.headers["link"] and "offset=4" in body["next"]
    rest = client.get(body["next"]).json()
    assert [v["version"] for v in rest["items"]] == [2, 1] and rest["next"] is None
    alerts = client.get("/api/alerts", params={"status": "pending", "limit": 3}).json()
    assert len(alerts["items"]) == 3 and alerts["total"] > 3
    assert all(a["status"] == "pending" for a in alerts["items"])
    assert client.get("/api/alerts", params={"limit": 0}).status_code == 400
    assert client.get("/api/alerts", params={"status": "lost"}).json()["detail"].startswith("status:")


def test_etags_answer_conditional_gets(client):
    r = client.get("/api/watches/1/versions/2")
    assert r.status_code == 200 and "text" not in r.json() and r.json()["compared_to"] == 1
    again = client.get("/api/watches/1/versions/2", headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    client.post("/api/watches", json={"url": "https://example.org/new"})
    listing = client.get("/api/watches")
    assert client.get("/api/watches", headers={"if-none-match": listing.headers["etag"]}).status_code == 304


def test_version_text_and_diff_are_what_the_cli_gives(story, client, tmp_path, db_url):
    text = client.get("/api/watches/istanbul-talks/versions/-1/text")
    assert text.headers["content-type"].startswith("text/plain") and "did not participate" in text.text
    d = client.get("/api/watches/istanbul-talks/diff", params={"old": "2", "new": "latest"})
    assert d.status_code == 200 and d.json()["old"] == "istanbul-talks@2" and d.json()["new"] == "istanbul-talks@6"
    cli = run_monitor("diff", "istanbul-talks@2", "istanbul-talks@-1", "--format", "json", "--db", db_url)
    assert cli.returncode == 1, cli.stderr
    assert d.json() == json.loads(cli.stdout)
    missing = client.get("/api/watches/istanbul-talks/diff", params={"old": "1", "new": "99"})
    assert missing.status_code == 404 and "has no version 99" in missing.json()["detail"]


def test_retry_and_the_served_schema(client):
    assert client.post("/api/alerts/99999/retry").json()["detail"] == "no alert with id 99999"
    retried = client.post("/api/alerts/1/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "pending"
    served = client.get("/api/openapi.json").json()
    assert served == json.loads(json.dumps(schema())) and "/api/watches/{ref}/diff" in served["paths"]


def test_check_now_stores_a_new_version(story, client):
    engine, doc = story
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\nThe talks ended after two hours.\n", encoding="utf-8")
    report = client.post("/api/watches/istanbul-talks/check").json()
    assert report["outcome"] == "changed" and report["version"] == 7 and report["changes"] >= 1
    newest = client.get("/api/watches/istanbul-talks/versions/7").json()
    assert any(c["kind"] == "added" and "two hours" in (c["new"] or "") for c in newest["changes"])


def test_text_no_database_can_store_is_a_400(client):
    for body in ({"url": "https://example.org/\x00"}, {"url": "https://example.org/", "ignore": ["a\x00"]}):
        r = client.post("/api/watches", json=body)
        assert r.status_code == 400 and r.json()["detail"] == "settings cannot contain NUL characters"
    literal = client.post("/api/watches", json={"url": "https://example.org/", "name": "back\\x00slash"})
    assert literal.status_code == 201  # a backslash followed by x00 is ordinary text


def test_a_database_failing_mid_request_is_a_503_not_a_traceback(tmp_path):
    import sqlite3

    from monitor.store import get_engine
    from tests.web.conftest import client_for

    path = tmp_path / "m.db"
    engine = get_engine(str(path))
    with client_for(engine) as c:
        assert c.get("/api/watches").status_code == 200
        engine.dispose()
        with sqlite3.connect(path) as raw:
            raw.execute("DROP TABLE alert")
        r = c.get("/api/watches")
        assert r.status_code == 503 and r.json()["detail"].startswith("database error: ")
        assert "no such table" in r.json()["detail"]
    engine.dispose()


def test_a_digit_that_is_not_a_number_is_not_found(client):
    """"²" is a digit to ``str.isdigit`` but not to ``int``: no watch or alert has it as an id."""
    for path in ("/api/watches/²", "/api/watches/²/timeline", "/watches/²"):
        assert client.get(path).status_code == 404, path
    assert client.post("/api/alerts/²/retry").status_code == 404
    assert client.get("/api/watches/１/timeline").json()["watch"]["name"] == "istanbul-talks"  # fullwidth 1

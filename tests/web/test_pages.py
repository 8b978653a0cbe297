"""The pages as a person uses them, through Starlette's TestClient: read, add, edit, pause, remove, retry."""

from __future__ import annotations

import re

from monitor.store import mark_failed, session_scope, utcnow
from tests.conftest import run_monitor


def csrf_of(client, path: str = "/watches/new") -> str:
    page = client.get(path)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_stories_list_every_watch_with_status_and_search(client):
    page = client.get("/")
    assert page.status_code == 200 and "istanbul-talks" in page.text
    assert "last material change" in page.text
    assert "istanbul-talks" not in client.get("/", params={"q": "nothing-like-it"}).text.split("<main>")[1]
    assert "istanbul-talks" in client.get("/", params={"q": "ISTANBUL"}).text


def test_story_page_shows_versions_diffs_and_alerts(client):
    page = client.get("/watches/istanbul-talks")
    assert page.status_code == 200
    listed = page.text.split('<section id="versions"', 1)[1].split("</section>", 1)[0]
    assert listed.count('href="/watches/1/versions/') == 6
    # Default diff: the newest version against the one before, inline, from the diff renderer's boxes.
    assert 'class="change ' in page.text and "istanbul-talks@5 → istanbul-talks@6" in page.text
    side = client.get("/watches/1", params={"old": "3", "new": "5", "view": "side"})
    assert "istanbul-talks@3 → istanbul-talks@5" in side.text and '<table class="side">' in side.text
    assert "<del>" in side.text and "<ins>" in side.text
    assert "did not participate" in side.text or "ultimately" in side.text
    assert "Alerts (" in page.text and "pending" in page.text
    bad = client.get("/watches/1", params={"old": "0", "new": "2"})
    assert bad.status_code == 400 and "versions are numbered from 1" in bad.text


def test_add_through_the_form_with_the_clis_validation(client, tmp_path):
    token = csrf_of(client)
    refused = client.post("/watches", data={"url": "https://example.org/a", "csrf": "wrong"})
    assert refused.status_code == 403
    bad = client.post("/watches", data={"url": "https://example.org/a", "every": "often", "csrf": token})
    assert bad.status_code == 422
    cli = run_monitor("add", "https://example.org/a", "--every", "often", "--db", str(tmp_path / "x.db"))
    cli_reason = cli.stderr.strip().split("--every: ", 1)[1]
    assert f"every: {cli_reason}" in bad.text.replace("&#39;", "'")
    ok = client.post("/watches", data={"url": "https://example.org/a", "name": "second", "every": "5m",
                                       "csrf": token}, follow_redirects=True)
    assert ok.status_code == 200 and "added watch second" in ok.text and "every 5m" in ok.text
    dup = client.post("/watches", data={"url": "https://example.org/b", "name": "second", "csrf": token})
    assert dup.status_code == 422 and "already exists" in dup.text


def test_edit_pause_and_remove(client):
    token = csrf_of(client, "/watches/1/edit")
    form = client.get("/watches/1/edit").text
    values = {k: v for k, v in re.findall(r'name="(\w+)" value="([^"]*)"', form)}
    edited = client.post("/watches/1/edit", data={**values, "every": "15m", "csrf": token}, follow_redirects=True)
    assert "updated watch istanbul-talks" in edited.text and "15m" in edited.text
    same = client.post("/watches/1/edit", data={**values, "csrf": token}, follow_redirects=True)
    assert "unchanged" in same.text
    paused = client.post("/watches/1/pause", data={"enable": "0", "csrf": token}, follow_redirects=True)
    assert "paused watch istanbul-talks" in paused.text and "Resume" in paused.text
    assert client.get("/api/watches/1").json()["enabled"] is False
    gone = client.post("/watches/1/remove", data={"csrf": token}, follow_redirects=True)
    assert "removed watch istanbul-talks (id 1) and its 6 versions" in gone.text
    assert client.get("/watches/1").status_code == 404


def test_alerts_page_lists_dead_letters_with_errors_and_retries_them(client, story):
    engine = story[0]
    with session_scope(engine, write=True) as s:
        mark_failed(s, 1, "HTTP 500 from the webhook", utcnow(), dead=True)
    page = client.get("/alerts")
    assert "Dead letters" in page.text and "HTTP 500 from the webhook" in page.text
    token = csrf_of(client, "/alerts")
    retried = client.post("/alerts/1/retry", data={"csrf": token}, follow_redirects=True)
    assert "alert 1 queued again" in retried.text
    assert client.get("/api/alerts", params={"status": "dead"}).json()["total"] == 0


def test_a_version_page_shows_its_text(client):
    page = client.get("/watches/1/versions/6")
    assert page.status_code == 200 and "did not participate" in page.text


def test_a_feed_entry_link_shows_that_versions_changes(client):
    page = client.get("/watches/1", params={"new": "4"})
    assert "istanbul-talks@3 → istanbul-talks@4" in page.text
    assert client.get("/watches/1", params={"new": "1"}).status_code == 400

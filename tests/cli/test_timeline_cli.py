"""``monitor timeline`` and ``monitor report`` as a user runs them, on the seed story."""

from __future__ import annotations

import json

import pytest

from monitor.store import get_engine
from tests.origin import seed_versions
from tests.views.test_timeline import store_versions


@pytest.fixture
def seed_db(tmp_path):
    path = tmp_path / "seed.db"
    engine = get_engine(str(path))
    try:
        store_versions(engine, tmp_path, seed_versions())
    finally:
        engine.dispose()
    return str(path)


def test_timeline_about_lists_the_participation_statement_in_order(mon, seed_db):
    r = mon("timeline", "istanbul-talks", "--about", "United States", "--db", seed_db)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert sum(1 for line in lines if line.startswith("  v")) == 6 + 3  # six versions, three steps
    head = next(i for i, x in enumerate(lines) if x.startswith("statement "))
    steps = [line.split(":", 1) for line in lines[head + 1:]]
    assert [s[0].split()[1:] for s in steps] == [["appeared"], ["edited", "[entities]"], ["edited", "[negation]"]]
    assert steps[-1][1].strip().startswith("Despite initially saying") and "did not participate" in steps[-1][1]
    assert "statements about United States (United States, US, U.S." in r.stdout


def test_timeline_json_and_aliases(mon, seed_db):
    r = mon("timeline", "istanbul-talks", "--json", "--about", "Umerov", "--alias", "Defense Minister",
            "--db", seed_db)
    assert r.returncode == 0, r.stderr
    tl = json.loads(r.stdout)
    assert tl["about"]["names"] == ["Umerov", "Defense Minister"]
    assert [s["first_version"] for s in tl["statements"]] == [1, 6]  # the conditions, then the POW exchange
    assert [h["kind"] for h in tl["statements"][0]["history"]] == ["appeared", "edited", "moved", "edited"]
    everything = json.loads(mon("timeline", "istanbul-talks", "--json", "--db", seed_db).stdout)
    assert len(everything["statements"]) == 18 and len(everything["versions"]) == 6


def test_report_writes_the_page_and_the_evidence(mon, seed_db, tmp_path):
    r = mon("report", "istanbul-talks", "--html", str(tmp_path / "story.html"), "--db", seed_db)
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "story.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and 'name="viewport"' in page and 'id="statements"' in page
    assert f"({len(page.encode()):,} bytes)" in r.stdout
    r = mon("report", "istanbul-talks", "--format", "json", "--db", seed_db)
    assert r.returncode == 0, r.stderr
    ev = json.loads(r.stdout)
    assert [len(v["hash"]) for v in ev["versions"]] == [64] * 6 and ev["versions"][0]["text"] == seed_versions()[0]


@pytest.mark.parametrize("args, message", [
    (("timeline", "nope"), "no watch named or numbered 'nope'"),
    (("timeline", "istanbul-talks", "--alias", "US"), "--alias and --no-builtin-aliases go with --about"),
    (("timeline", "istanbul-talks", "--about", " "), "--about needs a subject"),
    (("report", "istanbul-talks", "--html", "x.html", "--format", "json"), "--html FILE writes the page"),
    (("report", "istanbul-talks", "--html", "/nonexistent-dir/x.html"), "cannot write /nonexistent-dir/x.html"),
])
def test_mistakes_are_one_line_and_exit_2(mon, seed_db, args, message):
    r = mon(*args, "--db", seed_db)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("monitor: error: ") and message in r.stderr and r.stderr.count("\n") == 1

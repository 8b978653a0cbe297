"""`monitor import FORMAT FILE` as a user runs it: dry run, import, re-import, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import one_error_line
from tests.run.test_importers import DATA, OPML, WATCHING, changedetection_backup


def test_urlwatch_dry_run_writes_nothing_then_import_creates_and_reimport_changes_nothing(mon, tmp_path: Path):
    urls = str(DATA / "urls.yaml")
    r = mon("import", "urlwatch", urls, "--dry-run")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "would create watch Ministry statements: https://ministry.example/press/statements, every 10m"
    assert sum(1 for line in lines if line.startswith("would create watch ")) == 10
    assert "not carried over (12 lines):" in lines
    assert "  job 10 (Local headline scraper): not imported: a command job runs a program; Story Monitor reads " \
           "documents (watch a file the command writes instead)" in lines
    assert lines[-1] == "dry run: nothing written"
    assert json.loads(mon("list", "--json").stdout) == []

    r = mon("import", "urlwatch", urls)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == ("created watch Ministry statements (id 1): "
                                        "https://ministry.example/press/statements, every 10m")
    rows = {w["name"]: w for w in json.loads(mon("list", "--json").stdout)}
    assert len(rows) == 10 and rows["Ceasefire text (PDF)"]["kind"] == "pdf" and rows["Live feed API"]["kind"] == "json"
    assert rows["Ministry statements"]["tags"] == ["ministry", "україна"]
    again = mon("import", "urlwatch", urls)
    assert again.stdout.splitlines()[0] == "unchanged: 10 watches"


def test_changedetection_and_opml_import(mon, tmp_path: Path):
    (tmp_path / "backup.zip").write_bytes(changedetection_backup(WATCHING))
    r = mon("import", "changedetection", "backup.zip")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[:2] == [
        "created watch Istanbul live (id 1): https://news.example/live/istanbul, every 1h30m",
        "created watch shop.example-item (id 2): https://shop.example/item, every 3h"]
    (tmp_path / "feeds.opml").write_text(OPML)
    r = mon("import", "opml", "feeds.opml")
    assert r.stdout.splitlines()[0] == "created watch Wire: world (id 3): https://wire.example/world.rss, every 10m"
    rows = {w["name"]: w for w in json.loads(mon("list", "--json").stdout)}
    assert rows["Court news"]["kind"] == "feed" and rows["shop.example-item"]["enabled"] is False


def test_import_mistakes_are_one_line(mon, tmp_path: Path):
    assert one_error_line(mon("import", "netvibes", "x")) == (
        "unknown format 'netvibes'; use one of backup, urlwatch, changedetection, opml")
    assert one_error_line(mon("import")) == "give the file to import: monitor import [FORMAT] FILE"
    (tmp_path / "urls.yaml").write_text("url: https://news.example/a\n")
    assert one_error_line(mon("import", "urlwatch", "urls.yaml", "--json")) == (
        "--json is for restoring a backup, not for importing from urlwatch")
    assert one_error_line(mon("import", "urlwatch", "missing.yaml")) == "missing.yaml: no such file"
    (tmp_path / "a.zip").write_bytes(b"PK\x03\x04 broken")
    assert one_error_line(mon("import", "changedetection", "a.zip")) == "a.zip: not a zip file"

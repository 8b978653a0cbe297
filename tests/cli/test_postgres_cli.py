"""The same commands against PostgreSQL, given with --db: nothing in them is SQLite-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres


def test_add_list_check_history_on_postgres(mon, tmp_path: Path, postgres_url: str) -> None:
    page = tmp_path / "story.txt"
    page.write_text("The talks will begin on Thursday.\n\nThe US will attend.\n")
    db = ("--db", postgres_url)
    r = mon("add", "story.txt", *db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("added watch story (id 1): ")
    assert mon("add", "https://news.example/live", "--every", "2m..6h", *db).returncode == 0

    r = mon("check", "story", *db)
    assert r.stdout.startswith("✓ story: first version stored, version 1"), r.stderr
    page.write_text("The talks will begin on Friday.\n\nThe US will not attend.\n")
    r = mon("check", "story", "--json", *db)
    (report,) = json.loads(r.stdout)
    assert report["outcome"] == "changed" and report["version"] == 2 and report["changes"] == 2, r.stderr

    rows = {w["name"]: w for w in json.loads(mon("list", "--json", *db).stdout)}
    assert rows["story"]["versions"] == 2 and rows["story"]["status"] == "changed"
    assert rows["news.example-live"]["schedule"] == "every 2m..6h (adaptive)"

    history = json.loads(mon("history", "story", "--json", *db).stdout)
    assert [v["version"] for v in history["versions"]] == [1, 2]
    assert history["versions"][1]["counts"] == {"edited": 2}
    r = mon("diff", "story@1", "story@2", "--db", postgres_url)
    assert r.returncode == 1 and "{+not+}" in r.stdout, r.stderr
    # Nothing was written to the default SQLite database meanwhile.
    assert not (tmp_path / "snapshots").exists()


def test_sync_and_remove_on_postgres(cli, tmp_path: Path, postgres_url: str) -> None:
    (tmp_path / "monitor.toml").write_text('[[watch]]\nname = "a"\nurl = "https://a.example"\n')
    assert cli("sync", "monitor.toml", "--db", postgres_url).stdout.startswith("created watch a (id 1)")
    assert cli("remove", "a", "--yes", "--db", postgres_url).stdout == "removed watch a (id 1) and its 0 versions\n"
    assert cli("list", "--json", "--db", postgres_url).stdout == "[]\n"

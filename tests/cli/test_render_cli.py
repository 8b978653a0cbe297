"""``--render`` through the real ``monitor`` command: add, check, edit, sync and diff."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_monitor
from tests.origin import STORY, seed_versions

JS_STORY = "/js" + STORY


def test_add_render_check_and_edit(browser_env, origin, tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    url = origin.url(JS_STORY)
    added = run_monitor("add", url, "--render", "--name", "js", "--db", db, env=browser_env)
    assert added.returncode == 0, added.stderr
    listed = json.loads(run_monitor("list", "--json", "--db", db).stdout)
    assert [(w["name"], w["kind"]) for w in listed] == [("js", "browser")]
    checked = run_monitor("check", "js", "--json", "--db", db, env=browser_env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    [report] = json.loads(checked.stdout)
    assert report["outcome"] == "first", report
    shown = run_monitor("show", "js", "--db", db)
    assert "The United States would also be present at the talks" in shown.stdout, shown.stdout
    # A new URL keeps the rendering; --no-render goes back to the plain page.
    moved = run_monitor("edit", "js", "--url", url + "?x=1", "--db", db)
    assert moved.returncode == 0 and "kind:" not in moved.stdout, moved.stdout
    plain = run_monitor("edit", "js", "--no-render", "--db", db)
    assert plain.returncode == 0 and "kind: browser → http" in plain.stdout, plain.stdout


def test_render_and_feed_disagree(tmp_path: Path) -> None:
    r = run_monitor("add", "https://news.example/feed.xml", "--render", "--feed", "--db", str(tmp_path / "m.db"))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].endswith("--render and kind 'feed' disagree; give one"), r.stderr


def test_render_true_in_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text('[[watch]]\nname = "js"\nurl = "https://news.example/live"\nrender = true\n', encoding="utf-8")
    db = str(tmp_path / "m.db")
    synced = run_monitor("sync", str(config), "--db", db)
    assert synced.returncode == 0, synced.stderr
    assert [w["kind"] for w in json.loads(run_monitor("list", "--json", "--db", db).stdout)] == ["browser"]


def test_diff_render_finds_the_us_participation_edit(browser_env, make_origin) -> None:
    v = seed_versions()
    site = make_origin({"/story/before": [v[3]], "/story/after": [v[4]]})
    before, after = site.url("/js/story/before"), site.url("/js/story/after")
    rendered = run_monitor("diff", "--render", before, after, "--format", "json", env=browser_env)
    assert rendered.returncode == 1, rendered.stderr
    changes = json.loads(rendered.stdout)["changes"]
    negation = [c for c in changes if "negation" in c["aspects"]]
    assert [c["old"] for c in negation] == ["The United States said it would also be present in the negotiations."]
    assert "ultimately did not participate" in negation[0]["new"]
    plain = run_monitor("diff", before, after, "--format", "json")
    assert plain.returncode in (0, 1), plain.stderr
    assert "participate" not in plain.stdout

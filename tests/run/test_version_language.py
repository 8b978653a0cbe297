"""A version is stored with the language it is written in (issue: stories in
the languages they are reported in), and history and show report it."""

from __future__ import annotations

import json

from monitor.store import add_watch, session_scope
from monitor.views.history import version_view, watch_history
from tests.checks import check_texts
from tests.conftest import run_monitor

UKRAINIAN = ("Делегації України та Росії зустрінуться в Стамбулі у четвер. Президент заявив, що "
             "він особисто не поїде на переговори, але делегацію очолить міністр оборони.")
ENGLISH = ("The delegations of Ukraine and Russia will meet in Istanbul on Thursday. The president said "
           "he would not travel to the talks himself, but the defence minister would lead the delegation.")


def test_each_version_keeps_its_language(engine, tmp_path):
    doc = tmp_path / "story.txt"
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(doc), kind="file")
    check_texts(engine, doc, [ENGLISH, UKRAINIAN])
    assert [v["language"] for v in watch_history(engine, "story")["versions"]] == ["en", "uk"]
    assert version_view(engine, "story")["language"] == "uk"


def test_history_and_show_say_the_language(tmp_path):
    doc = tmp_path / "story.txt"
    doc.write_text(UKRAINIAN, encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert run_monitor("add", str(doc), "--name", "kyiv", "--db", db, cwd=tmp_path).returncode == 0
    assert run_monitor("check", "kyiv", "--db", db, cwd=tmp_path).returncode == 0
    shown = run_monitor("show", "kyiv", "--db", db, cwd=tmp_path).stdout
    assert shown.splitlines()[0].endswith("· language: uk")
    assert "in uk" in run_monitor("history", "kyiv", "--db", db, cwd=tmp_path).stdout
    assert json.loads(run_monitor("history", "kyiv", "--json", "--db", db, cwd=tmp_path).stdout)[
        "versions"][0]["language"] == "uk"

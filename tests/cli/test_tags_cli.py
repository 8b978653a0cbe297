"""Tags: `monitor add --tag`, `edit --tag/--add-tag/--untag/--clear-tags`, `list --tag`, `tags` in monitor.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import one_error_line


def _tags(cli, tag: str | None = None) -> dict[str, list[str]]:
    args = ("list", "--json", *(("--tag", tag) if tag else ()))
    return {w["name"]: w["tags"] for w in json.loads(cli(*args).stdout)}


def test_add_edit_and_list_by_tag(cli) -> None:
    r = cli("add", "https://news.example/kyiv", "--name", "kyiv", "--tag", "Україна", "--tag", "talks",
            "--tag", "talks")
    assert r.stdout == "added watch kyiv (id 1): https://news.example/kyiv, every 10m, tagged talks, україна\n"
    cli("add", "https://news.example/istanbul", "--name", "istanbul", "--tag", "talks")
    cli("add", "https://news.example/weather", "--name", "weather")
    assert _tags(cli) == {"istanbul": ["talks"], "kyiv": ["talks", "україна"], "weather": []}
    assert list(_tags(cli, "TALKS")) == ["istanbul", "kyiv"]  # matched in lower case, as stored
    assert list(_tags(cli, "україна")) == ["kyiv"]

    table = cli("list", "--tag", "talks").stdout
    assert table.splitlines()[0].split()[:4] == ["id", "name", "url", "tags"]
    assert "talks, україна" in table and "weather" not in table
    assert cli("list", "--tag", "sport").stdout == "no watch is tagged sport\n"
    assert cli("list", "--tag", "sport", "--json").stdout == "[]\n"

    r = cli("edit", "kyiv", "--add-tag", "war", "--untag", "talks")
    assert r.stdout == "updated watch kyiv (id 1): tags: talks, україна → war, україна\n", r.stderr
    r = cli("edit", "kyiv", "--tag", "kyiv", "--tag", "war")  # --tag replaces
    assert r.stdout == "updated watch kyiv (id 1): tags: war, україна → kyiv, war\n"
    assert "unchanged" in cli("edit", "kyiv", "--tag", "war", "--tag", "kyiv").stdout  # order is no change
    assert "unchanged" in cli("edit", "kyiv", "--untag", "absent").stdout
    r = cli("edit", "kyiv", "--clear-tags", "--json")
    assert json.loads(r.stdout)["changes"] == [{"setting": "tags", "old": ["kyiv", "war"], "new": []}]
    assert _tags(cli)["kyiv"] == []
    cli("edit", "istanbul", "--untag", "talks")
    assert cli("list").stdout.splitlines()[0].split()[:4] == ["id", "name", "url", "last"]  # no tag: no column


@pytest.mark.parametrize(("args", "message"), [
    (("--tag", ""), "--tag: a tag cannot be empty"),
    (("--tag", "peace talks"), "--tag: 'peace talks': a tag has only letters, digits, '-' and '_', not ' '"),
    (("--tag", "a,b"), "--tag: 'a,b': a tag has only letters, digits, '-' and '_', not ','"),
    (("--tag", "x" * 41), "--tag: a tag can have at most 40 characters, not 41"),
    (("--tag", "-x"), "--tag: '-x': a tag starts with a letter or a digit"),
    (("--tag", "new\x1b[2J"), "--tag: 'new\\x1b[2J': a tag has only letters, digits, '-' and '_', not '\\x1b['"),
    (tuple(a for i in range(21) for a in ("--tag", f"t{i}")), "--tag: a watch can have at most 20 tags, not 21"),
])
def test_a_bad_tag_is_one_line(cli, args: tuple[str, ...], message: str) -> None:
    assert one_error_line(cli("add", "https://a.example/x", *args)) == message
    assert cli("list", "--json").stdout == "[]\n"  # nothing was added


def test_edit_blames_the_option_that_gave_the_bad_tag(cli) -> None:
    cli("add", "https://a.example/x", "--name", "a", "--tag", "ok")
    assert one_error_line(cli("edit", "a", "--add-tag", "a b")).startswith("--add-tag: 'a b': ")
    assert one_error_line(cli("edit", "a", "--untag", "")) == "--untag: a tag cannot be empty"
    assert one_error_line(cli("edit", "a", "--tag", "x", "--clear-tags")) == "give --tag or --clear-tags, not both"
    assert one_error_line(cli("list", "--tag", "a/b")).startswith("--tag: 'a/b': a tag has only")
    assert _tags(cli) == {"a": ["ok"]}


def test_tags_in_monitor_toml_over_defaults_and_sync(cli, tmp_path: Path) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text('[defaults]\ntags = ["newsroom"]\n\n'
                      '[[watch]]\nname = "kyiv"\nurl = "https://news.example/kyiv"\ntags = ["Україна", "talks"]\n\n'
                      '[[watch]]\nname = "wire"\nurl = "https://wire.example/"\n')
    r = cli("sync", str(config))
    assert r.returncode == 0, r.stderr
    assert _tags(cli) == {"kyiv": ["talks", "україна"], "wire": ["newsroom"]}
    assert "unchanged" in cli("sync", str(config), "--json").stdout  # sorted and lower-cased: the same again

    config.write_text(config.read_text().replace('["Україна", "talks"]', '["україна"]'))
    r = cli("sync", str(config), "--dry-run")
    assert "tags: talks, україна → україна" in r.stdout, r.stdout
    cli("sync", str(config))
    assert _tags(cli)["kyiv"] == ["україна"]

    config.write_text(config.read_text().replace('["україна"]', '["peace talks"]'))
    assert one_error_line(cli("sync", str(config))) == (
        f"{config}: watch[1].tags: 'peace talks': a tag has only letters, digits, '-' and '_', not ' '")
    config.write_text(config.read_text().replace('["peace talks"]', '"talks"'))
    assert one_error_line(cli("sync", str(config))) == f"{config}: watch[1].tags: must be a list of tags, not 'talks'"

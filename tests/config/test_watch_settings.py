"""The table of watch settings is the one truth: TOML keys, options, stored fields and the README follow it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from monitor.cli import _register, app
from monitor.config import ConfigError, WatchSpec, parse_config
from monitor.config.watch_settings import DEFAULT_KEYS, SETTINGS, WATCH_KEYS, markdown_table
from monitor.store import Watch

README = Path(__file__).resolve().parents[2] / "README.md"
# Options of add/edit that are not settings: what a command acts on, and where.
NOT_SETTINGS = {"--db", "--json"}  # where to, and how to report: not settings of the watch


def _options(command: str) -> dict[str, Any]:
    _register()
    cmd = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    return {o: p for p in cmd.params if p.param_type_name == "option" for o in (*p.opts, *p.secondary_opts)}


def test_the_readme_documents_every_setting() -> None:
    """Regenerate with ``python -m monitor.config.watch_settings`` after changing the table."""
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_every_option_of_add_and_edit_is_a_setting_and_every_setting_an_option() -> None:
    add, edit = _options("add"), _options("edit")
    declared = {o for s in SETTINGS for o in s.options}
    assert declared <= set(add) | set(edit), "a setting names an option no command has"
    undeclared = (set(add) | set(edit)) - declared - NOT_SETTINGS
    assert undeclared == set(), f"options missing from the table of watch settings: {sorted(undeclared)}"


def test_the_options_show_the_tables_help() -> None:
    add, edit = _options("add"), _options("edit")
    for s in SETTINGS:
        if not s.options:
            continue
        shown = [c[s.options[0]].help for c in (add, edit) if s.options[0] in c]
        assert shown and all(h == s.help or (h or "").startswith(s.help) for h in shown), s.name


def test_every_setting_is_stored_and_every_stored_field_is_a_setting() -> None:
    columns = {c for s in SETTINGS for c in s.columns}
    assert columns <= set(Watch.model_fields), columns - set(Watch.model_fields)
    assert columns == set(WatchSpec(name="x", url="https://a.example").fields()) | {"name"}


def test_defaults_take_every_key_but_name_and_url() -> None:
    assert {"name", "url"} == WATCH_KEYS - DEFAULT_KEYS


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_a_value_of_the_wrong_type_is_refused_in_the_words_of_the_table(setting, tmp_path: Path) -> None:
    wrong = 3.5  # a TOML float: no setting takes one
    table = {"name": "w", "url": "https://a.example/x", setting.name: wrong}
    with pytest.raises(ConfigError) as info:
        parse_config({"watch": [table]}, path=tmp_path / "m.toml", label="m.toml")
    assert str(info.value) == f"m.toml: watch[1].{setting.name}: must be {setting.type_words}, not 3.5"


def test_an_unknown_key_lists_the_tables_keys(tmp_path: Path) -> None:
    known = "adaptive, auth, body, cookies, cron, debounce, enabled, every, feed, headers, ignore"
    with pytest.raises(ConfigError, match=f"unknown key; known keys: {known}"):
        parse_config({"watch": [{"name": "w", "url": "https://a.example", "colour": "red"}]},
                     path=tmp_path / "m.toml", label="m.toml")


def test_every_validator_named_is_a_check_of_the_settings_module() -> None:
    from monitor.config import settings

    for s in SETTINGS:
        assert s.validator == "" or callable(getattr(settings, s.validator, None)), s.name

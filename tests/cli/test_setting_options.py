"""The options of ``monitor add`` and ``edit`` are made from the table of watch settings, row by row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main

from monitor.cli import _register, app, setting_options
from monitor.config.watch_settings import SETTINGS, Option, WatchSetting
from tests.cli.conftest import invoke


def _params(command: str) -> dict[str, Any]:
    _register()
    cmd = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    return {p.name: p for p in cmd.params}


@pytest.mark.parametrize("command", ["add", "edit"])
def test_every_option_of_the_table_is_an_option_of_the_command_as_declared(command: str) -> None:
    params = _params(command)
    rows = [(s, o) for s in SETTINGS for o in s.cli if command in o.commands]
    assert {"every", "selector", "header", "timeout", "force"} <= {o.param for _, o in rows}
    for s, o in rows:
        p = params.get(o.param)
        assert p is not None, f"monitor {command} does not take {o.decls} ({s.name})"
        assert (*p.opts, *p.secondary_opts) == o.names, s.name
        assert p.metavar == (o.metavar or None), s.name
        assert p.help == (o.help or s.help) + (o.edit_help if command == "edit" else ""), s.name
        assert p.multiple == (not o.flag and s.type in (list, dict)), s.name
        assert p.default is (False if o.flag and "/" not in o.decls else None), s.name


def test_add_and_edit_list_the_settings_in_the_order_of_the_table() -> None:
    for command in ("add", "edit"):
        names = [n for n in _params(command) if n not in ("target", "ref", "as_json", "db")]
        table = [o.param for s in SETTINGS for o in s.cli if command in o.commands]
        assert names == table, command


def _toy_command(command: str, seen: dict[str, Any]) -> typer.Typer:
    toy = typer.Typer()

    @toy.command()
    @setting_options.setting_options(command)
    def cmd(target: str = typer.Argument(...), *, db: str | None = typer.Option(None, "--db"), **given: Any) -> None:
        seen.update(given, target=target, db=db)

    @toy.command("other")
    def other() -> None:  # a second command, so the first keeps its name on the command line
        pass

    return toy


def test_a_new_row_becomes_an_option_of_both_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    row = WatchSetting("colour", str, "a string", "none", "Colour of the watch in the list.",
                       (Option("--colour", metavar="NAME"), Option("--loud/--quiet", flag=True, commands=("edit",))))
    monkeypatch.setattr(setting_options, "SETTINGS", (*SETTINGS, row))
    for command in ("add", "edit"):
        seen: dict[str, Any] = {}
        result = CliRunner().invoke(_toy_command(command, seen), ["cmd", "x", "--colour", "red", "--db", "d"])
        assert result.exit_code == 0, result.output
        assert seen["colour"] == "red" and seen["target"] == "x" and seen["db"] == "d"
        assert seen["every"] is None and seen["force"] is False
        assert ("loud" in seen) == (command == "edit")
        assert setting_options.asked(command, seen) == {"colour"}


def test_two_options_of_one_name_are_refused_when_the_command_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    row = WatchSetting("again", str, "a string", "none", "A second --every.", (Option("--every"),))
    monkeypatch.setattr(setting_options, "SETTINGS", (*SETTINGS, row))
    with pytest.raises(TypeError, match="two options share a parameter name"):
        _toy_command("add", {})


def test_edit_with_only_a_qualifier_has_nothing_to_change(tmp_path: Path) -> None:
    assert invoke("add", "https://a.example/x", "--name", "w", cwd=tmp_path).returncode == 0
    r = invoke("edit", "w", "--force", cwd=tmp_path)
    assert r.returncode == 2 and "nothing to change" in r.stderr
    r = invoke("edit", "w", "--no-feed", "--no-adaptive", cwd=tmp_path)  # "off" is given, not absent
    assert r.returncode == 0 and "nothing to change" not in r.stderr

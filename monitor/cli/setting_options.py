"""The options of ``monitor add`` and ``monitor edit``, made from the table of watch settings.

Each row of ``monitor.config.watch_settings`` lists the options that set it and
on which command; here they become Typer options, put into the command's
signature (which Typer reads), so a new row is a new option of both commands
without a line here or in the command. The command takes them as ``**given``:
parameter name to value, ``--keep-versions`` as ``keep_versions``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from monitor.config.watch_settings import SETTINGS, Option, WatchSetting

F = TypeVar("F", bound=Callable[..., Any])


def options_of(command: str) -> list[tuple[WatchSetting, Option]]:
    """The options a command has, in the order of the table (so ``add`` and ``edit`` agree)."""
    return [(s, o) for s in SETTINGS for o in s.cli if command in o.commands]


def default_of(option: Option) -> bool | None:
    """A lone flag is off unless given; a pair and a value are None, so "not given" is never "off"."""
    return False if option.flag and "/" not in option.decls else None


def _parameter(setting: WatchSetting, option: Option, command: str) -> inspect.Parameter:
    help_text = (option.help or setting.help) + (option.edit_help if command == "edit" else "")
    annotation: Any
    if option.flag:
        annotation = bool if default_of(option) is False else bool | None
    else:
        # Values stay text: the checks of monitor.config read them, so a typo is one line, not a usage box.
        annotation = list[str] | None if setting.type in (list, dict) else str | None
    info = typer.Option(default_of(option), option.decls, metavar=option.metavar or None, help=help_text)
    return inspect.Parameter(option.param, inspect.Parameter.KEYWORD_ONLY, default=info, annotation=annotation)


def setting_options(command: str) -> Callable[[F], F]:
    """Give the command the table's options: after its positional parameters (what it acts on),
    before its keyword-only ones (``--json``, ``--db``); their values arrive in ``**given``."""

    def decorate(func: F) -> F:
        own = inspect.signature(func, eval_str=True).parameters.values()
        made = [_parameter(s, o, command) for s, o in options_of(command)]
        names = [p.name for p in (*own, *made) if p.kind is not inspect.Parameter.VAR_KEYWORD]
        if len(names) != len(set(names)):
            raise TypeError(f"monitor {command}: two options share a parameter name: {sorted(names)}")
        head = [p for p in own if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        tail = [p for p in own if p.kind is inspect.Parameter.KEYWORD_ONLY]
        func.__signature__ = inspect.Signature([*head, *made, *tail])  # type: ignore[attr-defined]
        return func

    return decorate


def asked(command: str, given: dict[str, Any]) -> set[str]:
    """The options given on the command line: those whose value is not their default."""
    return {o.param for _, o in options_of(command) if given[o.param] is not default_of(o)}

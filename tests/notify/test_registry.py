"""Notifiers are found through entry points, built-ins and third parties alike."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from monitor.notify import registry
from monitor.notify.base import NotifierConfigError, UnknownNotifier
from monitor.notify.sample import sample_alert

BUILTINS = ("apprise", "console", "email", "file", "webhook")
PLUGIN_SOURCE = Path(__file__).resolve().parent.parent / "plugins" / "memory_plugin.py"


def test_builtins_are_entry_points() -> None:
    found = registry.available()
    assert set(BUILTINS) <= set(found)
    for kind in BUILTINS:
        assert found[kind].kind == kind


def test_every_builtin_is_described() -> None:
    infos = {i.kind: i for i in registry.describe()}
    for kind in BUILTINS:
        info = infos[kind]
        assert info.summary and len(info.doc) > len(info.summary), f"{kind} has no help text"
        assert info.options, f"{kind} has no options"
        for opt in info.options:
            assert opt.description, f"{kind}.{opt.name} has no description"
    webhook = {o.name: o for o in infos["webhook"].options}
    assert webhook["url"].required and webhook["url"].default is registry.REQUIRED
    assert webhook["preset"].default == "generic" and not webhook["preset"].required


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({"type": "webhook"}, ["webhook", "url", "required"]),
        ({"type": "webhook", "url": "https://x.example", "bogus": 1}, ["webhook", "unknown option", "bogus"]),
        ({"type": "webhook", "url": "ftp://x.example"}, ["webhook", "url", "http"]),
        ({"type": "email", "to": ["a@b"], "port": "many"}, ["email", "port"]),
        ({"type": "console", "stream": "printer"}, ["console", "stream"]),
    ],
    ids=["missing-key", "unknown-key", "bad-scheme", "bad-type", "bad-literal"],
)
def test_config_errors_name_kind_and_key(config: dict, words: list[str]) -> None:
    with pytest.raises(NotifierConfigError) as info:
        registry.build(config)
    message = str(info.value)
    assert "\n" not in message
    for w in words:
        assert w in message


def test_unknown_type_lists_installed() -> None:
    with pytest.raises(UnknownNotifier) as info:
        registry.build({"type": "pager"})
    assert isinstance(info.value, LookupError)
    assert str(info.value).startswith("unknown notifier type 'pager'; installed: apprise, console, email")


def test_type_and_name_are_not_options() -> None:
    n = registry.build({"type": "console", "name": "loud", "stream": "stderr"})
    assert n.options.stream == "stderr"


def test_third_party_plugin_is_discovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = "story_monitor_memory_plugin"
    (tmp_path / f"{module}.py").write_text(PLUGIN_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    dist = tmp_path / "story_monitor_memory_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: story-monitor-memory-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[monitor.notifiers]\nmemory = {module}:MemoryNotifier\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)
    try:
        assert "memory" in registry.available()
        assert "memory" in {i.kind for i in registry.describe()}
        notifier = registry.build({"type": "memory", "name": "m", "label": "x"})
        alert = sample_alert()
        notifier.send(alert)
        assert type(notifier).sent == [("x", alert)]
        with pytest.raises(NotifierConfigError, match="memory.*unknown option 'nope'"):
            registry.build({"type": "memory", "nope": 1})
    finally:
        sys.modules.pop(module, None)

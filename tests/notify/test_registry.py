"""Notifiers are found through entry points, built-ins and third parties alike."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.notify import registry
from monitor.notify.base import AlertMessage, NotifierConfigError, UnknownNotifier
from monitor.notify.sample import sample_alert
from tests.conftest import run_monitor

BUILTINS = ("apprise", "console", "email", "file", "webhook")
PLUGIN = "monitor_test_notifier"
PLUGIN_SOURCE = Path(__file__).resolve().parent.parent / "plugins" / PLUGIN


def test_builtins_are_entry_points() -> None:
    found = registry.available()
    assert set(BUILTINS) <= set(found)
    for kind in BUILTINS:
        assert found[kind].kind == kind


def test_every_installed_notifier_is_described() -> None:
    """Built-ins and whatever plugins are installed: the listing is generated from these, so none may be blank."""
    infos = {i.kind: i for i in registry.describe()}
    assert set(BUILTINS) <= set(infos)
    for kind, info in infos.items():
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


def _install_with_setuptools(source: Path, site: Path) -> None:
    """What ``pip install`` leaves behind, made offline: the module, and the metadata setuptools
    writes from the plugin's own pyproject.toml (``egg_info`` needs no wheel package and no network)."""
    build = site.parent / "build"
    shutil.copytree(source, build)  # keep setuptools' droppings out of the repository
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "egg_info", "--egg-base",
                    str(site)], cwd=build, check=True, capture_output=True, timeout=120)
    shutil.copy(build / f"{PLUGIN}.py", site)


def _install_from_pyproject(source: Path, site: Path) -> None:
    """The same without setuptools: a ``.dist-info`` whose entry points are read from the plugin's pyproject."""
    project = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dist = site / f"{PLUGIN}-{project['version']}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    lines = [f"{name} = {target}" for name, target in project["entry-points"]["monitor.notifiers"].items()]
    (dist / "entry_points.txt").write_text("[monitor.notifiers]\n" + "\n".join(lines) + "\n")
    shutil.copy(source / f"{PLUGIN}.py", site)


def _has_setuptools() -> bool:
    return importlib.util.find_spec("setuptools") is not None


@pytest.fixture(params=["setuptools", "pyproject"])
def plugin_site(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on ``sys.path`` holding the test plugin as installed, and nothing of it imported yet."""
    if request.param == "setuptools" and not _has_setuptools():
        pytest.skip("setuptools is not installed in this environment")
    site = tmp_path / "site"
    site.mkdir()
    (_install_with_setuptools if request.param == "setuptools" else _install_from_pyproject)(PLUGIN_SOURCE, site)
    monkeypatch.syspath_prepend(str(site))
    sys.modules.pop(PLUGIN, None)
    yield site
    sys.modules.pop(PLUGIN, None)


def test_third_party_plugin_is_discovered(plugin_site: Path, tmp_path: Path) -> None:
    assert PLUGIN not in registry.available()  # found by its entry point's name, not its module's
    assert registry.available()["jsonl"].__module__ == PLUGIN
    info = {i.kind: i for i in registry.describe()}["jsonl"]
    assert info.summary == "Append each alert to a JSON Lines file, one alert per line."
    assert [o.name for o in info.options] == ["path", "label"] and info.options[0].required
    out = tmp_path / "alerts.jsonl"
    notifier = registry.build({"type": "jsonl", "name": "tail", "path": str(out), "label": "desk"})
    alert = sample_alert()
    notifier.send(alert)
    notifier.send(alert)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["label"] for x in lines] == ["desk", "desk"]
    assert AlertMessage.from_dict(lines[0]["alert"]) == alert
    with pytest.raises(NotifierConfigError, match="notifier 'jsonl': unknown option 'nope'"):
        registry.build({"type": "jsonl", "path": str(out), "nope": 1})
    with pytest.raises(NotifierConfigError, match="notifier 'jsonl': option 'path' is required"):
        registry.build({"type": "jsonl"})


def test_plugin_reaches_the_command_line(plugin_site: Path, tmp_path: Path) -> None:
    """``monitor notifiers`` lists it and ``monitor notify test`` sends through it, in a fresh process."""
    env = {"PYTHONPATH": os.pathsep.join([str(plugin_site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    listing = run_monitor("notifiers", "--json", cwd=tmp_path, env=env)
    assert listing.returncode == 0, listing.stderr
    kinds = {i["kind"]: i for i in json.loads(listing.stdout)}
    assert {*BUILTINS, "jsonl"} <= set(kinds)
    assert all(o["description"] for o in kinds["jsonl"]["options"])
    sent = run_monitor("notify", "test", "jsonl", "--set", "path=out.jsonl", cwd=tmp_path, env=env)
    assert sent.returncode == 0, sent.stderr
    (line,) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["alert"]["kind"] == "test"


def test_broken_plugin_does_not_hide_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = tmp_path / "broken_notifier-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-notifier\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[monitor.notifiers]\nbroken = no_such_module_here:Nothing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = registry.available()
    assert "broken" not in found and set(BUILTINS) <= set(found)
    with pytest.raises(UnknownNotifier) as info:
        registry.build({"type": "broken"})
    assert str(info.value) == ("notifier type 'broken' is installed but unusable: no_such_module_here:Nothing "
                               "failed to import: ModuleNotFoundError: No module named 'no_such_module_here'")

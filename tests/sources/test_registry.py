"""Sources are found through entry points; the built-ins register like any plugin."""

from __future__ import annotations

import asyncio
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from monitor.config import Invalid, parse_target
from monitor.sources import registry
from monitor.sources.fetch import FetchContext
from tests.plugins.install import install

ROOT = Path(__file__).resolve().parents[2]


def test_builtins_are_the_entry_points_of_pyproject() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["monitor.sources"]
    found = registry.available()
    assert set(declared) <= set(found)
    for kind in declared:
        assert found[kind].kind == kind and registry.summary_of(found[kind])


@pytest.fixture
def counter_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    site = install("monitor_test_source", tmp_path / "site")
    monkeypatch.syspath_prepend(str(site))
    sys.modules.pop("monitor_test_source", None)
    yield
    sys.modules.pop("monitor_test_source", None)


def test_a_plugin_kind_is_chosen_by_its_scheme_and_read(counter_installed: None) -> None:
    assert "counter" in registry.kinds()
    assert parse_target("counter://visitors") == ("counter://visitors", "counter")
    assert parse_target("https://a.example/x") == ("https://a.example/x", "http")
    with pytest.raises(Invalid, match="needs a name"):
        parse_target("counter://9lives")
    with pytest.raises(Invalid, match="unsupported URL scheme 'ftp'; use counter://, http:// or https://"):
        parse_target("ftp://a.example/x")

    async def read_twice() -> list[str | None]:
        watch = SimpleNamespace(kind="counter", url="counter://reads", selector=None, ignore=[], etag=None,
                                last_modified=None, last_body_hash=None)
        async with FetchContext() as ctx:
            return [(await ctx.fetch(watch)).text for _ in range(2)]

    first, second = asyncio.run(read_twice())
    assert first != second and "read 2 times" in (second or "")


def test_a_kind_can_be_named(tmp_path: Path) -> None:
    assert parse_target("https://a.example/rss", kind="feed") == ("https://a.example/rss", "feed")
    with pytest.raises(Invalid, match="unknown source kind 'docx'; installed: browser, feed, file, http, json, pdf"):
        parse_target("https://a.example/x.docx", kind="docx")
    with pytest.raises(Invalid, match="disagree"):
        parse_target("https://a.example/rss", feed=True, kind="http")


def test_a_watch_of_a_kind_no_longer_installed_is_a_failed_check() -> None:
    async def read() -> object:
        watch = SimpleNamespace(kind="gone", url="gone://x", selector=None, ignore=[], etag=None,
                                last_modified=None, last_body_hash=None)
        async with FetchContext() as ctx:
            return await ctx.fetch(watch)

    got = asyncio.run(read())
    assert got.status == "failed" and "unknown source kind 'gone'" in got.error


def test_a_broken_plugin_does_not_hide_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    dist = site / "broken_source-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-source\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[monitor.sources]\ndocx = broken_source_missing:DocxSource\n"
                                             "a-kind-name-too-long = monitor.sources.builtin:HttpSource\n")
    monkeypatch.syspath_prepend(str(site))
    found, broken = registry.scan()
    assert "http" in found and "docx" not in found
    assert "failed to import" in broken["docx"]
    assert "at most 16 characters" in broken["a-kind-name-too-long"]
    with pytest.raises(Invalid, match="installed but unusable"):
        parse_target("https://a.example/x.docx", kind="docx")

"""The file notifier: deterministic names, atomic writes, no escape from its directory."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.notify import registry
from monitor.notify.base import AlertMessage
from tests.notify.conftest import make_alert


def _files(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


def test_writes_json_and_html(tmp_path: Path) -> None:
    alert = make_alert()
    registry.build({"type": "file", "directory": str(tmp_path)}).send(alert)
    names = _files(tmp_path)
    assert len(names) == 2
    assert names[0].startswith("20240501T123005Z-istanbul-talks-") and names[0].endswith(".html")
    assert names[1] == names[0][:-5] + ".json"
    back = AlertMessage.from_dict(json.loads((tmp_path / names[1]).read_text(encoding="utf-8")))
    assert back == alert
    html = (tmp_path / names[0]).read_text(encoding="utf-8")
    assert "<ins>not </ins>" in html


def test_resend_overwrites(tmp_path: Path) -> None:
    notifier = registry.build({"type": "file", "directory": str(tmp_path)})
    notifier.send(make_alert())
    notifier.send(make_alert())
    assert len(_files(tmp_path)) == 2
    notifier.send(make_alert(key="watch1:changes:2:hook"))
    assert len(_files(tmp_path)) == 4
    assert not [n for n in _files(tmp_path) if n.endswith(".tmp") or n.startswith(".")]


def test_watch_name_cannot_traverse(tmp_path: Path) -> None:
    out = tmp_path / "alerts"
    registry.build({"type": "file", "directory": str(out)}).send(make_alert(watch="../../etc/passwd"))
    assert _files(tmp_path) == ["alerts"]
    assert all("/" not in n and ".." not in n for n in _files(out))
    assert any("-etc-passwd-" in n for n in _files(out))


def test_default_directory_is_relative(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    registry.build({"type": "file"}).send(make_alert())
    assert len(_files(tmp_path / "alerts")) == 2

"""``debounce``: a watch setting, read the same from the command line and from a file; the slot it gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import ConfigError, Invalid, check_debounce, parse_config
from monitor.store.outbox import debounce_slot


@pytest.mark.parametrize(("raw", "seconds"), [("0", 0), (0, 0), ("0s", 0), ("90", 90), (90, 90), ("90s", 90),
                                              ("2m", 120), (" 1h ", 3600), (None, None)])
def test_durations_and_seconds_are_read_alike(raw, seconds) -> None:
    assert check_debounce(raw) == seconds


@pytest.mark.parametrize(("raw", "needle"), [("soon", "cannot read 'soon' as a duration"),
                                             (-5, r"0 \(no batching\) or more"), ("2d", "at most a day"),
                                             (True, "a duration such as")])
def test_mistakes_are_refused(raw, needle) -> None:
    with pytest.raises(Invalid, match=needle):
        check_debounce(raw)


def test_a_file_takes_a_string_or_a_number(tmp_path: Path) -> None:
    cfg = parse_config({"defaults": {"debounce": "90s"},
                        "watch": [{"name": "a", "url": "https://a.example/x"},
                                  {"name": "b", "url": "https://b.example/x", "debounce": 0}]},
                       path=tmp_path / "m.toml", label="m.toml")
    assert [w.debounce for w in cfg.watches] == [90, 0]
    assert cfg.watches[0].fields()["debounce_seconds"] == 90
    with pytest.raises(ConfigError, match=r"m.toml: watch\[1\].debounce: cannot read 'later'"):
        parse_config({"watch": [{"name": "a", "url": "https://a.example/x", "debounce": "later"}]},
                     path=tmp_path / "m.toml", label="m.toml")


T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_leading_edge_then_one_batch_per_window() -> None:
    window = 120
    slot = None
    sent_at = []
    for offset in (0, 10, 50, 130, 400):  # seconds after the first change
        now = T0 + timedelta(seconds=offset)
        new = debounce_slot(now, slot, window)
        slot = max(slot, new) if slot else new
        sent_at.append((new - T0).total_seconds())
    # at once; 10 s and 50 s wait for the window's end; 130 s falls in the window the
    # 120 s send opened; 400 s comes to a quiet story again and goes at once.
    assert sent_at == [0, 120, 120, 240, 400]

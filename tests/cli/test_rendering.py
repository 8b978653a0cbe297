"""Small pieces the commands render with: stored-version specs, CSV safety, relative times."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from monitor.cli.common import human_size, relative
from monitor.cli.stored import parse_spec
from monitor.diff.model import Change
from monitor.errors import InputError
from monitor.store import get_watch, session_scope
from monitor.views.export import export_json, safe_cell, write_csv
from tests.store.helpers import NOW, check_in, make_watch, result


@pytest.mark.parametrize(("spec", "parsed"), [
    ("story@3", ("story", 3)), ("story@-1", ("story", -1)), ("story@latest", ("story", -1)),
    ("a@b@2", ("a@b", 2)), ("story@ LATEST", ("story", -1)),
])
def test_version_specs(spec: str, parsed: tuple[str, int]) -> None:
    assert parse_spec(spec) == parsed


@pytest.mark.parametrize("spec", ["@3", "story@", "story@three", "story@0", "story@1.5"])
def test_bad_version_specs(spec: str) -> None:
    with pytest.raises(InputError):
        parse_spec(spec)


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1 555", "'+1 555"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tTab", "'\tTab"), ("\rCR", "'\rCR"), ("plain = text", "plain = text"), ("", ""),
])
def test_formula_cells_are_defused(cell: str, safe: str) -> None:
    assert safe_cell(cell) == safe


def test_csv_survives_commas_quotes_newlines_and_formulas(engine: Engine) -> None:
    w = make_watch(engine, "story")
    check_in(engine, w, result("first", "Old text."))
    nasty = 'He said "no, never",\nthen left.'
    changes = [
        Change(kind="added", old=None, new="=1+2", significance=0.5, reason="new statement"),
        Change(kind="edited", old="Old text.", new=nasty, aspects=("quote", "negation"), significance=0.9,
               reason='quote changed: "no"'),
    ]
    check_in(engine, w, result("changed", "New text.\n\n" + nasty, at=NOW + timedelta(minutes=5), changes=changes),
             now=NOW + timedelta(minutes=5))
    out = io.StringIO(newline="")
    with session_scope(engine) as session:
        watch = get_watch(session, "story")
        assert write_csv(session, watch, out) == 2
        data = export_json(session, watch)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[1][2:] == ["added", "", "0.500", "", "'=1+2", "new statement"]
    assert rows[2][3] == "quote negation" and rows[2][6] == nasty and rows[2][7] == 'quote changed: "no"'
    assert [v["version"] for v in data["versions"]] == [1, 2] and data["versions"][1]["text"].endswith("left.")
    assert [c["kind"] for c in data["changes"]] == ["added", "edited"]
    assert data["changes"][1]["version"] == 2 and data["changes"][1]["aspects"] == ["quote", "negation"]


NOW_ = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(seconds=-10), "just now"), (timedelta(seconds=10), "now"), (timedelta(seconds=-50), "1 min ago"),
    (timedelta(minutes=-3), "3 min ago"), (timedelta(minutes=4), "in 4 min"), (timedelta(minutes=-58), "1 h ago"),
    (timedelta(hours=5), "in 5 h"), (timedelta(days=-3), "3 d ago"),
])
def test_relative_times(delta: timedelta, text: str) -> None:
    assert relative(NOW_ + delta, NOW_) == text
    assert relative(None, NOW_) == "never"


def test_sizes() -> None:
    assert [human_size(n) for n in (0, 999, 1000, 123_456, 5_000_000)] == ["0 B", "999 B", "1.0 kB", "123.5 kB",
                                                                        "5.0 MB"]

"""``monitor history``, ``show`` and ``export``: reading back what a watch has kept."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from monitor.cli import app, fail
from monitor.cli.common import (
    JSON_HELP,
    RESULT_JSON_HELP,
    complete_watch,
    console,
    db_option,
    engine_for,
    handled,
    human_size,
    print_json,
    watch_argument,
    when,
    write_text_file,
)
from monitor.text.terminal import for_terminal as safe

RECENT_CHECKS = 10


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@app.command("history", rich_help_panel="Checks and results")
@handled
def history_cmd(
    ref: str = watch_argument(),
    checks: int = typer.Option(RECENT_CHECKS, "--checks", metavar="N", help="How many recent checks to list."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    db: str | None = db_option(),
) -> None:
    """The versions a watch has kept, what changed in each, and its recent checks."""
    from monitor.views.history import watch_history

    with engine_for(db, must_exist=True) as engine:
        h = watch_history(engine, ref, checks=checks)
    if as_json:
        print_json(h)
        return
    from rich.table import Table

    w, versions, recent = h["watch"], h["versions"], h["checks"]
    con = console()
    con.print(f"{safe(w['name'])} (id {w['id']}): {safe(w['url'])}, {w['schedule']}", markup=False)
    if not versions:
        con.print("no versions yet (run `monitor check " + safe(w["name"]) + "`)", markup=False)
    else:
        table = Table(box=None, pad_edge=False, header_style="bold")
        for column, justify in (("version", "right"), ("time", "left"), ("size", "right"), ("changes", "left")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for i, v in enumerate(versions):
            what = _counts(v["counts"]) or ("first version" if i == 0 else "")
            if v["language"] and v["language"] != "en":
                what = (what + ", " if what else "") + f"in {v['language']}"
            if v["suspect"]:
                what = (what + ", " if what else "") + "suspect"
            table.add_row(str(v["version"]), when(v["time"]), human_size(v["size"]), what)
        con.print(table)
    if recent:
        con.print(f"\nrecent checks ({len(recent)}):", markup=False)
        table = Table(box=None, pad_edge=False, show_header=False)
        for justify in ("left", "left", "right", "left"):
            table.add_column(justify=justify)  # type: ignore[arg-type]
        for c in recent:
            detail = safe(c["error"], one_line=True) or (f"version {c['version']}" if c["version"] else "")
            if c["changes"]:
                detail += f", {_plural(c['changes'], 'change')}"
            table.add_row(when(c["time"]), c["outcome"], f"{c['duration_ms']} ms", detail)
        con.print(table)


@app.command("show", rich_help_panel="Checks and results")
@handled
def show_cmd(
    ref: str = watch_argument(),
    version: int | None = typer.Option(None, "--version", "-v", metavar="N",
                                       help="Version to show; negative counts back (-1 is the newest)."),
    change: int | None = typer.Option(None, "--change", metavar="ID", help="Show one stored change in detail."),
    text_only: bool = typer.Option(False, "--text", help="Print only the version's text."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    db: str | None = db_option(),
) -> None:
    """A stored version and the changes that made it (newest by default), or one change."""
    if version is not None and change is not None:
        raise fail("give --version or --change, not both")
    from monitor.views.history import change_view, version_view

    with engine_for(db, must_exist=True) as engine:
        if change is not None:
            _show_change(change_view(engine, ref, change), as_json=as_json)
            return
        v = version_view(engine, ref, -1 if version is None else version)
    if text_only:
        typer.echo(safe(v["text"]))
        return
    if as_json:
        print_json(v)
        return
    con = console()
    head = f"{safe(v['watch'])}@{v['version']} · {when(v['time'])} · {human_size(v['size'])}"
    if v["language"] and v["language"] != "en":
        head += f" · language: {v['language']}"
    if v["suspect"]:
        head += " · suspect (not yet confirmed)"
    con.print(head, markup=False)
    if v["title"]:
        con.print(safe(v["title"], one_line=True), markup=False)
    con.print("", markup=False)
    con.print(safe(v["text"]), markup=False)
    con.print("", markup=False)
    if not v["changes"]:
        con.print("first version: no earlier one to compare with" if v["version"] == 1 else
                  "no changes stored for this version", markup=False)
        return
    since = f" since version {v['compared_to']}" if v["compared_to"] else ""
    con.print(f"{_plural(len(v['changes']), 'change')}{since}:", markup=False)
    _print_changes(con, v["changes"])


def _print_changes(con: Any, changes: list[dict[str, Any]]) -> None:
    from rich.text import Text

    from monitor.diff.model import Change
    from monitor.diff.render.text import change_text

    plain = not con.is_terminal or con.no_color
    for d in changes:
        line = Text(f"#{d['id']:<5} ", style="dim")
        line.append_text(change_text(Change.from_dict(d), plain=plain))
        con.print(line)


def _show_change(d: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print_json(d)
        return
    from monitor.diff.model import Change

    c = Change.from_dict(d)
    con = console()
    against = f", compared with version {d['compared_to']}" if d["compared_to"] else ""
    con.print(f"change #{d['id']} of {safe(d['watch'])}: version {d['version']} ({when(d['time'])}){against}",
              markup=False)
    fields = [
        ("kind", c.kind),
        ("aspects", ", ".join(c.aspects) or "none"),
        ("significance", f"{c.significance:.2f}"),
        ("similarity", f"{c.similarity:.2f}"),
        ("reason", c.reason or "none"),
        ("old", c.old if c.old is not None else "(none)"),
        ("new", c.new if c.new is not None else "(none)"),
    ]
    fields += [(k, v) for k, v in c.details]
    for key, value in fields:
        con.print(f"{key + ':':<14}{safe(str(value))}", markup=False)
    if c.kind in ("edited", "split", "merged"):
        con.print("", markup=False)
        _print_changes(con, [d])


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


@app.command("export", rich_help_panel="Checks and results")
@handled
def export_cmd(
    ref: str | None = typer.Argument(None, metavar="[WATCH]", autocompletion=complete_watch,
                                     help="Name or id of the watch; without it, every watch (JSON only)."),
    fmt: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f",
                                     help="json: the watch's settings, every version and change (what `monitor "
                                          "import` restores); csv: one row per change."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE, not stdout."),
    as_json: bool = typer.Option(False, "--json", help=RESULT_JSON_HELP + " Needs --output."),
    db: str | None = db_option(),
) -> None:
    """Everything kept for a watch (or every watch), for a spreadsheet, a notebook or a backup."""
    from monitor.store import get_watch, session_scope, utcnow
    from monitor.views.export import export_all, export_json, write_csv

    if as_json and output is None:
        raise fail("--json reports on a file written with --output; without it the export itself is printed")
    if ref is None and fmt is ExportFormat.csv:
        raise fail("csv exports one watch: name it (monitor export WATCH --format csv)")
    buf = io.StringIO(newline="")
    with engine_for(db, must_exist=True) as engine, session_scope(engine) as session:
        if ref is None:
            data = export_all(session, now=utcnow())
            entries = data["watches"]
        elif fmt is ExportFormat.json:
            data = export_json(session, get_watch(session, ref))
            entries = [data]
        else:
            w = get_watch(session, ref)
            entries = [{"watch": {"id": w.id, "name": w.name}, "versions": None}]
            n_changes = write_csv(session, w, buf)
        if fmt is ExportFormat.json:
            buf.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            n_changes = sum(len(e["changes"]) for e in entries)
    n_versions = None if fmt is ExportFormat.csv else sum(len(e["versions"]) for e in entries)
    if output is None:
        from monitor.text.terminal import json_for_terminal

        out = buf.getvalue()
        typer.echo(json_for_terminal(out) if fmt is ExportFormat.json else safe(out), nl=False)
        return
    write_text_file(output, buf.getvalue())
    if as_json:
        from monitor.views.results import exported

        print_json(exported([e["watch"] for e in entries], fmt=fmt.value, output=str(output), versions=n_versions,
                            changes=n_changes))
        return
    what = _plural(n_changes, "change") if n_versions is None else \
        f"{_plural(n_versions, 'version')}, {_plural(n_changes, 'change')}"
    n = len(entries)
    who = entries[0]["watch"]["name"] if ref is not None else f"{n} watch{'' if n == 1 else 'es'}"
    typer.echo(f"exported {who} ({what}) to {output}")

"""``monitor diff`` and ``monitor eval``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from monitor.cli import app
from monitor.cli.common import write_text_file


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command("diff", rich_help_panel="Comparing")
def diff_cmd(
    old: str = typer.Argument(..., help="Old version: a file, an http(s) URL, WATCH@N, or - for stdin."),
    new: str = typer.Argument(..., help="New version: a file, an http(s) URL, WATCH@N, or - for stdin."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    show_moved: bool = typer.Option(False, "--show-moved", help="Also list statements that only moved."),
    threshold: float = typer.Option(
        0.5, "--threshold", min=0.0, max=1.0,
        help="Least similarity (0-1) for two wordings to count as one edited statement.",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout."),
    db: str | None = typer.Option(None, "--db", help="Database URL or SQLite path, for WATCH@N."),
    render: bool = typer.Option(False, "--render",
                                help="Read http(s) URLs in a browser first, so text their scripts write is seen."),
    color: bool | None = typer.Option(None, "--color/--no-color", help="Force colour on or off."),
) -> None:
    """Show what changed between two versions, statement by statement.

    Exit status as diff(1): 0 no changes, 1 changes, 2 trouble.
    """
    from monitor.diff.engine import diff_texts
    from monitor.diff.render import renderer, visible

    a = _read(old, db, stdin_used=False, render=render)
    b = _read(new, db, stdin_used=old == "-", render=render)
    d = diff_texts(a.text, b.text, threshold=threshold)
    render = renderer(fmt.value)
    to_file = output is not None
    out = render(d, old_label=a.label, new_label=b.label, show_moved=show_moved,
                 color=False if to_file else color)
    if to_file:
        write_text_file(output, out)
    else:
        from monitor.text.terminal import for_terminal, json_for_terminal

        # The text renderer escapes as it renders; the other formats are documents, made safe here.
        typer.echo(json_for_terminal(out) if fmt is Format.json else for_terminal(out), nl=False)
    raise typer.Exit(1 if visible(d, show_moved) else 0)


def _read(spec: str, db: str | None, *, stdin_used: bool, render: bool = False):
    from monitor.cli.inputs import read_document

    if "@" in spec and "://" not in spec and not Path(spec).exists():
        from monitor.cli.stored import read_stored

        return read_stored(spec, db)
    return read_document(spec, stdin_used=stdin_used, render=render)


@app.command("eval", rich_help_panel="Comparing")
def eval_cmd(
    corpus: Path = typer.Argument(..., help="Labelled corpus, one JSON object per line."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    threshold: float | None = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                           help="Override the edit threshold."),
    show_misses: bool = typer.Option(False, "--misses", help="List links the engine got wrong."),
) -> None:
    """Score the diff engine on a labelled corpus (links, labels, kinds, aspects)."""
    from monitor.diff.evaluate import evaluate, load_corpus

    score = evaluate(load_corpus(corpus), threshold)
    d = score.to_dict()
    if as_json:
        typer.echo(json.dumps(d, indent=2))
        return
    _print_scores(d)
    if show_misses:
        for m in score.misses:
            typer.echo(f"  {m}")


def _print_scores(d: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(highlight=False)
    lk = d["links"]
    con.print(f"records: {d['records']}")
    con.print(f"links:   precision {lk['precision']:.3f}  recall {lk['recall']:.3f}  "
              f"F1 {lk['f1']:.3f}  (tp {lk['tp']}, fp {lk['fp']}, fn {lk['fn']})")
    lb = d["labels"]
    con.print(f"labels:  accuracy {lb['accuracy']:.3f} over {lb['sentences']} sentences")
    if "groups" in d:
        g = d["groups"]
        con.print(f"groups:  precision {g['precision']:.3f}  recall {g['recall']:.3f}  F1 {g['f1']:.3f}")
        for n, g in d.get("groups_by_entries", {}).items():
            con.print(f"  {n:>2} new entries: precision {g['precision']:.3f}  recall {g['recall']:.3f}  "
                      f"F1 {g['f1']:.3f}  (tp {g['tp']}, fp {g['fp']}, fn {g['fn']})")
    for section in ("kinds", "aspects"):
        if section not in d:
            continue
        t = Table(title=section, title_justify="left")
        for col in ("", "precision", "recall", "F1", "tp", "fp", "fn"):
            t.add_column(col, justify="right" if col else "left")
        for name, s in d[section].items():
            if s["tp"] + s["fp"] + s["fn"] == 0:
                continue
            t.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                      str(s["tp"]), str(s["fp"]), str(s["fn"]))
        con.print(t)

"""Scores the engine on a labelled corpus (``monitor eval``).

One JSON object per line: ``{"id", "old", "new", "old_sentences"?,
"new_sentences"?, "links"?, "changes"?, "groups"?}``. When sentence lists are
given the engine aligns exactly those lists, so the score measures alignment
and classification, not segmentation. ``links`` are 0-based ``[i, j]`` pairs
of the same statement; ``changes`` are ``{"kind", "old", "new", "aspects"}``
records matched to predicted ones by kind and normalised text; ``groups``
are ``{"new": [j, ...]}`` update entries, 0-based indexes of the new
version's statements, matched whole (an entry split in two or merged with its
neighbour counts as wrong). Groups are also scored per number of labelled
entries in the record (0, 1, 2, 3+): a page with ``"groups": []`` must get
none, so every group there is a false positive.

A record may name two HTML pages instead, ``{"id", "old_html", "new_html",
"entries", "others"?}`` (paths relative to the corpus file): both pages go
through the whole chain a watch runs (HTML extraction, segmentation, the
diff, update groups), so the score includes what extraction keeps and drops.
``entries`` lists, per new entry, the texts its group must hold (its stamp,
heading and paragraphs as a reader sees them); ``others`` are texts of entries
that are not new, which no group may hold. A predicted group matches an entry
when it holds every text of that entry and no text of another (statement
indexes would tie the labels to one extraction). These are scored as
``groups`` and ``groups_by_entries`` like the text records.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.diff.engine import diff_texts
from monitor.diff.model import ASPECTS, KINDS, Diff
from monitor.errors import InputError
from monitor.text.normalize import normalize

LABELS = ("unchanged", "edited", "added", "removed")
ENTRY_BUCKETS = ("0", "1", "2", "3+")


def entry_bucket(n: int) -> str:
    """The bucket of a record with ``n`` labelled new entries."""
    return str(n) if n < 3 else "3+"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Score:
    records: int = 0
    links: Tally = field(default_factory=Tally)
    label_total: int = 0
    label_correct: int = 0
    confusion: Counter = field(default_factory=Counter)
    kinds: dict[str, Tally] = field(default_factory=dict)
    aspects: dict[str, Tally] = field(default_factory=dict)
    groups: Tally = field(default_factory=Tally)
    # update groups by the number of new entries the record's labels name:
    # "0" (a page that must get no group), "1", "2", "3+"
    groups_by_entries: dict[str, Tally] = field(default_factory=dict)
    has_changes: bool = False
    has_groups: bool = False
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        acc = self.label_correct / self.label_total if self.label_total else 1.0
        out: dict[str, Any] = {
            "records": self.records,
            "links": self.links.scores(),
            "labels": {"accuracy": round(acc, 4), "sentences": self.label_total,
                       "confusion": {f"{g}->{p}": n for (g, p), n in sorted(self.confusion.items())}},
        }
        if self.has_changes:
            out["kinds"] = {k: t.scores() for k, t in sorted(self.kinds.items())}
            out["aspects"] = {a: t.scores() for a, t in sorted(self.aspects.items())}
        if self.has_groups:
            out["groups"] = self.groups.scores()
            out["groups_by_entries"] = {
                k: self.groups_by_entries[k].scores() for k in ENTRY_BUCKETS if k in self.groups_by_entries
            }
        return out


def load_corpus(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such corpus file: {p}")
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{p}:{n}: not valid JSON ({e.msg})") from None
        if isinstance(rec, dict) and "old_html" in rec and "new_html" in rec:
            rec = {**rec, "old_html": _read(p.parent / rec["old_html"], p, n),
                   "new_html": _read(p.parent / rec["new_html"], p, n)}
        elif not isinstance(rec, dict) or not (
            ("old" in rec or "old_sentences" in rec) and ("new" in rec or "new_sentences" in rec)
        ):
            raise InputError(f"{p}:{n}: each line needs 'old' and 'new' (or *_sentences, or *_html)")
        out.append(rec)
    if not out:
        raise InputError(f"{p}: the corpus is empty")
    return out


def _read(page: Path, corpus: Path, line: int) -> str:
    try:
        return page.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{corpus}:{line}: cannot read {page}: {e.strerror}") from None


def _diff(rec: dict[str, Any], threshold: float | None) -> tuple[Diff, list[str], list[str], Any, Any]:
    kw = {} if threshold is None else {"threshold": threshold}
    if rec.get("old_sentences") is not None and rec.get("new_sentences") is not None:
        old, new = list(rec["old_sentences"]), list(rec["new_sentences"])
        d = diff_texts(old, new, **kw)
        return d, old, new, (lambda loc: loc[0]), (lambda loc: loc[0])
    d = diff_texts(rec["old"], rec["new"], **kw)
    oi, ni = d.index("old"), d.index("new")
    old = [t for _, t in d.sentences("old")]
    new = [t for _, t in d.sentences("new")]
    return d, old, new, oi.__getitem__, ni.__getitem__


def _key(kind: str, old: str | None, new: str | None) -> tuple[str, str, str]:
    return kind, normalize(old or ""), normalize(new or "")


def _flat(text: str) -> str:
    return " ".join(normalize(text).split())


def score_html(rec: dict[str, Any], score: Score, threshold: float | None = None) -> None:
    """Scores a record of two HTML pages end to end (see the module docstring)."""
    from monitor.text.extract import extract

    kw = {} if threshold is None else {"threshold": threshold}
    d = diff_texts(extract(rec["old_html"]).text, extract(rec["new_html"]).text, **kw)
    score.records += 1
    score.has_groups = True
    new = dict(d.sentences("new"))
    pred = [_flat(" ".join(new.get(loc, "") for loc in g.new_at)) for g in d.groups]
    gold = [[_flat(t) for t in texts] for texts in rec.get("entries") or ()]
    others = [_flat(t) for t in rec.get("others") or ()]
    matched: set[int] = set()
    for g in pred:
        hit = None
        for k, texts in enumerate(gold):
            foreign = others + [t for m, ts in enumerate(gold) if m != k for t in ts if t not in texts]
            if k not in matched and all(t in g for t in texts) and not any(t in g for t in foreign):
                hit = k
                break
        if hit is None:
            score.misses.append({"id": rec.get("id"), "group": g[:120], "extra": True})
        else:
            matched.add(hit)
    for k in set(range(len(gold))) - matched:
        score.misses.append({"id": rec.get("id"), "entry": " | ".join(gold[k])[:120], "missing": True})
    for t in (score.groups, score.groups_by_entries.setdefault(entry_bucket(len(gold)), Tally())):
        t.tp += len(matched)
        t.fp += len(pred) - len(matched)
        t.fn += len(gold) - len(matched)


def score_record(rec: dict[str, Any], score: Score, threshold: float | None = None) -> None:
    if "old_html" in rec:
        score_html(rec, score, threshold)
        return
    d, old, new, oi, ni = _diff(rec, threshold)
    score.records += 1
    pred_links = {(oi(o), ni(n)) for o, n in d.links()}
    if "links" in rec:
        gold_links = {(int(i), int(j)) for i, j in rec["links"]}
        score.links.tp += len(pred_links & gold_links)
        score.links.fp += len(pred_links - gold_links)
        score.links.fn += len(gold_links - pred_links)
        _labels(score, old, new, gold_links, pred_links)
        for miss in sorted(gold_links ^ pred_links):
            score.misses.append({"id": rec.get("id"), "link": list(miss),
                                 "missing" if miss in gold_links else "extra": True})
    if "changes" in rec:
        score.has_changes = True
        _changes(score, rec["changes"], d)
    if "groups" in rec:
        score.has_groups = True
        gold = {tuple(sorted(int(j) for j in g["new"])) for g in rec["groups"]}
        pred = {tuple(sorted(ni(loc) for loc in g.new_at)) for g in d.groups}
        for t in (score.groups, score.groups_by_entries.setdefault(entry_bucket(len(gold)), Tally())):
            t.tp += len(gold & pred)
            t.fp += len(pred - gold)
            t.fn += len(gold - pred)


def _labels(score: Score, old: list[str], new: list[str], gold, pred) -> None:
    def labels(links: set[tuple[int, int]]) -> tuple[list[str], list[str]]:
        lo, ln = ["removed"] * len(old), ["added"] * len(new)
        for i, j in links:
            if 0 <= i < len(old) and 0 <= j < len(new):
                lab = "unchanged" if normalize(old[i]) == normalize(new[j]) else "edited"
                lo[i] = lab
                ln[j] = lab
        return lo, ln

    go, gn = labels(gold)
    po, pn = labels(pred)
    for g, p in zip(go + gn, po + pn, strict=True):
        score.label_total += 1
        score.label_correct += g == p
        score.confusion[(g, p)] += 1


def _changes(score: Score, gold_changes: Iterable[dict[str, Any]], d: Diff) -> None:
    gold = [(_key(c["kind"], c.get("old"), c.get("new")), set(c.get("aspects") or ())) for c in gold_changes]
    pred = [(_key(c.kind, c.old, c.new), set(c.aspects)) for c in d.changes]
    for k in KINDS:
        score.kinds.setdefault(k, Tally())
    for a in ASPECTS:
        score.aspects.setdefault(a, Tally())
    gk = Counter(k for k, _ in gold)
    pk = Counter(k for k, _ in pred)
    for key in set(gk) | set(pk):
        t = score.kinds[key[0]]
        both = min(gk[key], pk[key])
        t.tp += both
        t.fp += pk[key] - both
        t.fn += gk[key] - both
    # aspects: compare on the same statement regardless of kind
    by_text = {(k[1], k[2]): a for k, a in pred}
    matched: set[tuple[str, str]] = set()
    for k, ga in gold:
        pa = by_text.get((k[1], k[2]))
        if pa is not None:
            matched.add((k[1], k[2]))
        pa = pa or set()
        for a in ASPECTS:
            t = score.aspects[a]
            t.tp += a in ga and a in pa
            t.fn += a in ga and a not in pa
            t.fp += a in pa and a not in ga
    for k, pa in pred:
        if (k[1], k[2]) not in matched:
            for a in pa:
                score.aspects[a].fp += 1


def evaluate(records: Iterable[dict[str, Any]], threshold: float | None = None) -> Score:
    score = Score()
    for rec in records:
        score_record(rec, score, threshold)
    return score

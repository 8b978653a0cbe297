"""``diff_texts``: two versions in, statement-level changes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from monitor.diff import classify
from monitor.diff.align import DEFAULT_THRESHOLD, align
from monitor.diff.groups import Statement, find_groups
from monitor.diff.model import Change, Diff, UpdateGroup
from monitor.text.segment import split_paragraphs

Text = str | Sequence[str]


def diff_texts(
    old: Text,
    new: Text,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> Diff:
    """Statement-level changes from ``old`` to ``new``.

    Each side is either a document (paragraphs separated by blank lines) or an
    already segmented list of sentences, which is then aligned exactly as
    given. ``threshold`` (0–1) is the least similarity for two different
    wordings to count as one edited statement rather than a removal and an
    addition.
    """
    pre = not isinstance(old, str) or not isinstance(new, str)
    if pre:
        old_paras = [s.strip() for s in _as_list(old) if s.strip()]
        new_paras = [s.strip() for s in _as_list(new) if s.strip()]
    else:
        old_paras = split_paragraphs(old)
        new_paras = split_paragraphs(new)
    al = align(old_paras, new_paras, threshold=threshold, presegmented=pre)

    changes: list[tuple[tuple, Change]] = []
    same: list[tuple[tuple[int, int], tuple[int, int]]] = []
    region_start = {r: (j1, i1) for r, (i1, _i2, j1, _j2) in enumerate(al.regions)}
    for p in al.pairs:
        o, n = p.old, p.new
        if p.kind == "same":
            same.append((o[0].loc, n[0].loc))
            continue
        if p.kind == "moved":
            ch = classify.moved(o[0].text, n[0].text, o[0].loc, n[0].loc)
        else:
            ch = classify.edited(
                p.kind,
                " ".join(i.text for i in o),
                " ".join(i.text for i in n),
                [i.loc for i in o],
                [i.loc for i in n],
                p.score,
                p.moved,
            )
        changes.append(((n[0].loc[0], 1, n[0].loc[1], 0), ch))
    for it in al.removed:
        j1, i1 = region_start[it.region]
        changes.append(((j1, 0, it.loc[0] - i1, it.loc[1]), classify.removed(it.text, it.loc)))
    added_items = sorted(al.added, key=lambda it: it.loc)
    for it in added_items:
        changes.append(((it.loc[0], 1, it.loc[1], 0), classify.added(it.text, it.loc)))
    changes.sort(key=lambda kc: kc[0])
    ordered = [c for _, c in changes]

    groups = _groups(ordered, al, added_items, new_paras)
    if groups:
        member = {loc: g.id for g in groups for loc in g.new_at}
        ordered = [
            replace(c, group=member[c.new_at[0]]) if c.kind == "added" and c.new_at[0] in member
            else c
            for c in ordered
        ]
    return Diff(
        changes=tuple(ordered),
        groups=tuple(groups),
        old_paras=tuple(old_paras),
        new_paras=tuple(new_paras),
        anchors=tuple(al.anchors),
        same=tuple(same),
        presegmented=pre,
    )


def _as_list(x: Text) -> list[str]:
    return [x] if isinstance(x, str) else list(x)


def _groups(ordered: list[Change], al, added_items, new_paras: list[str]) -> list[UpdateGroup]:
    if not added_items:
        return []
    added = {it.loc for it in added_items}
    stmts: list[Statement] = []
    for p, para in enumerate(new_paras):
        sents = al.new_segmented.get(p)
        if sents is None:  # an identical paragraph: kept whole, never split
            stmts.append(Statement((p, 0), para, False, alone=True))
            continue
        n = len(sents)
        for s, text in enumerate(sents):
            stmts.append(Statement((p, s), text, (p, s) in added, alone=n == 1,
                                   para_start=s == 0, para_end=s == n - 1))
    found = find_groups(stmts)
    sig = {c.new_at[0]: c.significance for c in ordered if c.kind == "added"}
    return [
        UpdateGroup(
            id=gid,
            trigger=e.trigger,
            heading=e.heading,
            new_at=e.locs,
            significance=round(min(1.0, max(sig.get(loc, 0.0) for loc in e.locs) + 0.1), 3),
            at=e.at,
        )
        for gid, e in enumerate(found, start=1)
    ]

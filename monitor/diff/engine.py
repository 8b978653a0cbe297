"""``diff_texts``: two versions in, statement-level changes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from monitor.diff import budget, classify
from monitor.diff.align import DEFAULT_THRESHOLD, align
from monitor.diff.groups import Statement, find_groups
from monitor.diff.model import Change, Diff, UpdateGroup
from monitor.text.clean import BIDI_REASON, clean, from_override, overridden_blocks
from monitor.text.lang import detect_language, paragraph_language
from monitor.text.normalize import drop_ref_marks
from monitor.text.segment import split_paragraphs

Text = str | Sequence[str]


def diff_texts(old: Text, new: Text, *, threshold: float = DEFAULT_THRESHOLD) -> Diff:
    """Statement-level changes from ``old`` to ``new``.

    Each side is a document (paragraphs separated by blank lines) or an
    already segmented list of sentences; ``threshold`` (0–1) is the least
    similarity for two wordings to be one edited statement. Every stage
    works within a budget (``monitor.diff.budget``); a stage that
    reached its cap and paired statements by position instead is named in
    ``Diff.degraded``, with what it did.
    """
    with budget.recording() as notes:
        d = _diff_texts(old, new, threshold=threshold)
    return replace(d, degraded=tuple(notes.items())) if notes else d


def _diff_texts(
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
    # Compared as read: invisible characters out, bidi overrides resolved (text.clean).
    old_bidi, new_bidi = overridden_blocks(old), overridden_blocks(new)
    if pre:
        old_paras = [s for s in (clean(x).strip() for x in _as_list(old)) if s]
        new_paras = [s for s in (clean(x).strip() for x in _as_list(new)) if s]
    else:
        old_paras = split_paragraphs(clean(old))
        new_paras = split_paragraphs(clean(new))
    # The new version's language (the old one's text helps a short page).
    lang = detect_language("\n".join(new_paras + old_paras))
    al = align(old_paras, new_paras, threshold=threshold, presegmented=pre, lang=lang)

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
            old_text = " ".join(i.text for i in o)
            new_text = " ".join(i.text for i in n)
            # a mixed page: the edited statement may be in another language
            pair_lang = paragraph_language(new_text, lang)
            ch = classify.edited(
                p.kind,
                *_aspect_view(old_text, new_text),
                [i.loc for i in o],
                [i.loc for i in n],
                p.score,
                p.moved,
                lang=pair_lang,
            )
            if ch.old != old_text or ch.new != new_text:
                ch = replace(ch, old=old_text, new=new_text)
            if pair_lang != lang:
                ch = replace(ch, language=pair_lang)
        changes.append(((n[0].loc[0], 1, n[0].loc[1], 0), ch))
    for it in al.removed:
        j1, i1 = region_start[it.region]
        changes.append(((j1, 0, it.loc[0] - i1, it.loc[1]), classify.removed(it.text, it.loc)))
    added_items = sorted(al.added, key=lambda it: it.loc)
    for it in added_items:
        changes.append(((it.loc[0], 1, it.loc[1], 0), classify.added(it.text, it.loc)))
    changes.sort(key=lambda kc: kc[0])
    ordered = [c for _, c in changes]
    if old_bidi or new_bidi:
        ordered = [replace(c, reason=f"{c.reason}; {BIDI_REASON}")
                   if from_override(c.old, old_bidi) or from_override(c.new, new_bidi) else c for c in ordered]

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
        language=lang,
    )


def _aspect_view(old: str, new: str) -> tuple[str, str]:
    """What the aspect detectors read of one edited pair.

    The detectors cost about 5 µs a character: nothing for a sentence, five
    seconds for a one-megabyte "statement" (a page with no punctuation). Past
    ``budget.ASPECT_CHARS`` a side, they read the changed stretch with some
    context either side, and at most that many characters of it; the change
    record keeps the whole text.
    """
    old, new = drop_ref_marks(old), drop_ref_marks(new)  # "[4]" → "[5]" renumbered is no figure
    cap = budget.ASPECT_CHARS
    if len(old) <= cap and len(new) <= cap:
        return old, new
    p = _common_prefix(old, new)
    s = _common_prefix(old[p:][::-1], new[p:][::-1])
    budget.note("aspects", f"statements over {cap:,} characters: aspects judged on the changed part")
    return _around(old, p, len(old) - s, cap), _around(new, p, len(new) - s, cap)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving (string compares run in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _around(text: str, start: int, end: int, cap: int) -> str:
    """``text[start:end]`` widened to whole words with context, cut to ``cap``."""
    ctx = cap // 10
    a = max(0, start - ctx)
    b = min(len(text), max(end, start) + ctx)
    a = text.rfind(" ", 0, a) + 1 if a else 0
    nb = text.find(" ", b)
    b = len(text) if nb == -1 else nb
    piece = text[a:b]
    if len(piece) > cap:
        half = cap // 2
        head = piece[:half].rsplit(" ", 1)[0]
        tail = piece[-half:].split(" ", 1)[-1]
        piece = f"{head} {tail}"
    return piece


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

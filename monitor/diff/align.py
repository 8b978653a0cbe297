"""Aligns the statements of two versions: cheap first, fuzzy last.

1. Paragraphs that are byte-identical are anchored by a longest common
   subsequence over the paragraph lists; they are never segmented, hashed or compared again, which
   is what keeps a mostly-unchanged 10,000-sentence live blog cheap.
2. Only the paragraphs between anchors ("regions") are split into sentences.
   Inside each region, sentences with equal normalised keys are matched in
   order (longest common subsequence).
3. Equal keys left over anywhere are the same statement in another place: a
   move.
4. One old statement against two or three adjacent new ones (or the reverse)
   that together read the same is a split (or merge).
5. Whatever is left is scored with rapidfuzz — the residue only — and paired
   one-to-one, best score first, above a threshold, if the two share a
   content word. Words are compared in the page's language: in Ukrainian,
   Russian, Turkish, German, French and Spanish by their stems, less that
   language's function words (``monitor.text.stemming``), which also score
   a reordered sentence whose characters moved.
6. Within a region, matched pairs that break the order are moves.

Locations are ``(paragraph, sentence)`` pairs, so unchanged paragraphs never
need to be segmented just to count their sentences.

Steps 4 and 5 have budgets (``monitor.diff.budget``). Below them the result
is exact; past them a statement is compared only with its neighbours by
position (between the same unchanged statements, then within a few places
of the same relative position), and the stage is named in the diff's
budget notes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from monitor.diff import budget
from monitor.diff.lcs import increasing_run, matching_blocks, opcodes
from monitor.diff.words import content_words
from monitor.text.normalize import normalize
from monitor.text.segment import split_sentences
from monitor.text.stemming import SUPPORTED

if TYPE_CHECKING:
    import numpy as np

Loc = tuple[int, int]

DEFAULT_THRESHOLD = 0.5
_SPLIT_THRESHOLD = 0.85
# Below this many candidate pairs, scoring in plain Python beats numpy's
# per-call overhead.
_SMALL = 64


@dataclass(slots=True)
class Item:
    loc: Loc
    text: str
    key: str
    region: int
    taken: bool = False
    # Statements of the region that the LCS kept before this one: statements
    # with the same ``gap`` on both sides lie between the same unchanged ones.
    gap: int = 0


@dataclass(slots=True)
class Pair:
    """One alignment decision between old items and new items."""

    kind: str  # "same", "edited", "moved", "split", "merged"
    old: list[Item]
    new: list[Item]
    score: float = 1.0
    moved: bool = False


@dataclass(slots=True)
class Alignment:
    anchors: list[tuple[int, int]]  # identical paragraphs (old p, new p)
    pairs: list[Pair]
    removed: list[Item]
    added: list[Item]
    regions: list[tuple[int, int, int, int]]
    # sentence lists of segmented (changed) paragraphs, for adjacency checks
    old_segmented: dict[int, list[str]] = field(default_factory=dict)
    new_segmented: dict[int, list[str]] = field(default_factory=dict)


def align(
    old_paras: list[str],
    new_paras: list[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    presegmented: bool = False,
    lang: str = "en",
) -> Alignment:
    if presegmented:
        seg = (lambda p: [p])  # noqa: E731
    elif lang == "en":
        seg = split_sentences
    else:
        seg = (lambda p: split_sentences(p, lang))  # noqa: E731
    anchors: list[tuple[int, int]] = []
    regions: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes(old_paras, new_paras):
        if tag == "equal":
            anchors.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            regions.append((i1, i2, j1, j2))

    old_seg: dict[int, list[str]] = {}
    new_seg: dict[int, list[str]] = {}
    keys: dict[str, str] = {}
    olds: list[list[Item]] = []
    news: list[list[Item]] = []
    for r, (i1, i2, j1, j2) in enumerate(regions):
        olds.append(_items(old_paras, i1, i2, r, seg, old_seg, keys))
        news.append(_items(new_paras, j1, j2, r, seg, new_seg, keys))

    pairs: list[Pair] = []
    for o_items, n_items in zip(olds, news, strict=True):
        if o_items and n_items:
            pairs.extend(_lcs_same(o_items, n_items))
            _number_gaps(o_items)
            _number_gaps(n_items)

    all_old = [it for items in olds for it in items]
    all_new = [it for items in news for it in items]
    pairs.extend(_exact_moves(all_old, all_new))
    pairs.extend(_splits_and_merges(olds, news))
    pairs.extend(_fuzzy(all_old, all_new, olds, news, threshold, lang))
    pairs = _drop_stray_dates(pairs, anchors, old_seg, new_seg)
    _mark_moves(pairs)

    return Alignment(
        anchors=anchors,
        pairs=pairs,
        removed=[it for it in all_old if not it.taken],
        added=[it for it in all_new if not it.taken],
        regions=regions,
        old_segmented=old_seg,
        new_segmented=new_seg,
    )


def _items(paras, a, b, region, seg, cache, keys: dict[str, str]) -> list[Item]:
    """The statements of paragraphs ``a`` to ``b`` with their matching keys.

    ``keys`` is shared by both sides of one diff: a changed region is mostly
    statements that are on both sides (one word edited in a 5,000-sentence
    paragraph), so each distinct wording is normalised once, not twice.
    """
    out: list[Item] = []
    for p in range(a, b):
        sents = seg(paras[p])
        cache[p] = sents
        for s, t in enumerate(sents):
            key = keys.get(t)
            if key is None:
                key = keys[t] = normalize(t)
            out.append(Item((p, s), t, key, region))
    return out


def _lcs_same(o_items: list[Item], n_items: list[Item]) -> list[Pair]:
    ko = [i.key for i in o_items]
    kn = [i.key for i in n_items]
    out: list[Pair] = []
    if len(ko) == len(kn) and sum(a != b for a, b in zip(ko, kn, strict=True)) <= 1:
        # One statement edited in place, the commonest region: position-wise
        # equality is already the longest common subsequence.
        for o, n in zip(o_items, n_items, strict=True):
            if o.key == n.key:
                o.taken = n.taken = True
                out.append(Pair("same", [o], [n]))
        return out
    for a, b, size in matching_blocks(ko, kn):
        for k in range(size):
            o, n = o_items[a + k], n_items[b + k]
            o.taken = n.taken = True
            out.append(Pair("same", [o], [n]))
    return out


def _number_gaps(items: list[Item]) -> None:
    kept = 0
    for it in items:
        it.gap = kept
        kept += it.taken


def _exact_moves(all_old: list[Item], all_new: list[Item]) -> list[Pair]:
    by_key: dict[str, list[Item]] = {}
    for n in all_new:
        if not n.taken:
            by_key.setdefault(n.key, []).append(n)
    used: dict[str, int] = {}  # how many of by_key[key] are taken, oldest first
    out: list[Pair] = []
    for o in all_old:
        if o.taken:
            continue
        cands = by_key.get(o.key)
        k = used.get(o.key, 0)
        if cands and k < len(cands):
            n = cands[k]
            used[o.key] = k + 1
            o.taken = n.taken = True
            out.append(Pair("moved", [o], [n], 1.0, moved=True))
    return out


def _splits_and_merges(olds: list[list[Item]], news: list[list[Item]]) -> list[Pair]:
    out: list[Pair] = []
    searches = []
    for o_items, n_items in zip(olds, news, strict=True):
        if not o_items or not n_items:
            continue
        searches.append((o_items, n_items, "split"))
        searches.append((n_items, o_items, "merged"))
    # Count first: windows whose length rules out the split threshold cost
    # nothing, the rest one character alignment each.
    plans = [_windows(manys) for _, manys, _ in searches]
    cells = sum(_candidates(ones, plan) for (ones, _, _), plan in zip(searches, plans, strict=True))
    near = cells > budget.SPLIT_CELLS
    if near:
        budget.note(
            "splits",
            f"{cells:,} window scores over the cap of {budget.SPLIT_CELLS:,}: "
            "splits and merges searched only near each statement's position",
        )
    found = 0
    for (ones, manys, kind), plan in zip(searches, plans, strict=True):
        if kind == "merged" and found:
            # Windows again: the splits just found took some of them.
            plan = _windows(manys)
        pairs = _one_to_many(ones, manys, kind, plan, near)
        found = len(pairs)
        out.extend(pairs)
    return out


@dataclass(slots=True)
class _Windows:
    """Candidate windows of two or three adjacent untaken statements, in the
    order the search visits them, with their lengths sorted for a range look-up."""

    items: list[list[Item]]
    joined: list[str]
    starts: list[int]  # index in ``manys`` of each window's first statement
    lens: list[int]  # lengths of the joined keys, sorted
    order: list[int]  # window indexes in the order of ``lens``
    by_start: list[int]  # window indexes in the order of ``starts``
    sorted_starts: list[int]


def _windows(manys: list[Item]) -> _Windows:
    items: list[list[Item]] = []
    starts: list[int] = []  # index in ``manys`` of each window's first statement
    run: list[Item] = []
    for k in range(len(manys) + 1):
        if k < len(manys) and not manys[k].taken:
            run.append(manys[k])
            continue
        # ``run`` is a maximal run of untaken statements ending before ``k``.
        if len(run) >= 2:
            first = k - len(run)
            for size in (2, 3):
                for start in range(0, len(run) - size + 1):
                    items.append(run[start : start + size])
                    starts.append(first + start)
        run = []
    joined = [_clip(" ".join(w.key for w in window)) for window in items]
    by_len = sorted((len(j), k) for k, j in enumerate(joined))
    by_start = sorted(range(len(starts)), key=starts.__getitem__)
    return _Windows(
        items, joined, starts, [n for n, _ in by_len], [k for _, k in by_len],
        by_start, [starts[k] for k in by_start],
    )


def _len_range(n: int) -> tuple[int, int]:
    """Lengths a string can have and still reach the split threshold against
    one of length ``n``: a ratio of 2·common/(total) >= t needs the lengths
    within (1-t)/(1+t) of their sum (with a character of slack)."""
    t = _SPLIT_THRESHOLD
    return int(n * t / (2 - t)) - 1, int(n * (2 - t) / t) + 1


def _candidates(ones: list[Item], plan: _Windows) -> int:
    lens = plan.lens
    total = 0
    for one in ones:
        if not one.taken:
            lo, hi = _len_range(len(_clip(one.key)))
            total += bisect.bisect_right(lens, hi) - bisect.bisect_left(lens, lo)
    return total


def _one_to_many(
    ones: list[Item], manys: list[Item], kind: str, plan: _Windows, near: bool
) -> list[Pair]:
    """For each statement in order, the best window that reads as it joined.

    Exactly the exhaustive search over every window (windows whose length
    rules them out would score 0 and are skipped unscored); with ``near``,
    only windows starting within ``budget.BAND`` places of the statement's
    relative position are tried.
    """
    out: list[Pair] = []
    if not plan.items:
        return out
    lens = plan.lens
    scale = len(manys) / max(1, len(ones))
    for idx, one in enumerate(ones):
        if one.taken:
            continue
        key = _clip(one.key)
        lo, hi = _len_range(len(key))
        if near:
            # Windows near the statement's relative position, then by length.
            centre = idx * scale
            reach = budget.BAND * max(1.0, scale) + 2
            ss = plan.sorted_starts
            near_k = plan.by_start[bisect.bisect_left(ss, centre - reach) : bisect.bisect_right(ss, centre + reach)]
            cand = [k for k in near_k if lo <= len(plan.joined[k]) <= hi]
        else:
            cand = plan.order[bisect.bisect_left(lens, lo) : bisect.bisect_right(lens, hi)]
        # The best score wins; among equal scores the window the exhaustive
        # search visits first (the lowest index), as it did.
        best: tuple[float, int] | None = None
        for k in cand:
            window = plan.items[k]
            if any(w.taken for w in window):
                continue
            score = fuzz.ratio(key, plan.joined[k], score_cutoff=_SPLIT_THRESHOLD * 100) / 100
            if not score:
                continue
            single = max(fuzz.ratio(key, _clip(w.key)) for w in window) / 100
            if not _joins_better(score, single):
                continue
            if best is None or score > best[0] or (score == best[0] and k < best[1]):
                best = (score, k)
        if best:
            score, window = best[0], plan.items[best[1]]
            one.taken = True
            for w in window:
                w.taken = True
            if kind == "split":
                out.append(Pair("split", [one], list(window), score))
            else:
                out.append(Pair("merged", list(window), [one], score))
    return out


def _joins_better(score: float, single: float) -> bool:
    """Whether a window read together is the statement more than its best
    member alone is: by 0.15, or, when that member already reads as most of
    it, by a quarter of what it lacks. "X said A, and B will follow later."
    split off a short "B will follow later, he said." gains only 0.06 over
    its first half (0.81 → 0.87), in any language; an edit with an
    unrelated statement added next to it gains nothing, or loses."""
    gain = score - single
    return gain >= 0.15 or (gain >= 0.04 and gain >= 0.25 * (1 - single))


def _fuzzy(all_old, all_new, olds, news, threshold, lang: str = "en") -> list[Pair]:
    """Pairs edited statements: first inside each region (small matrices, the
    common case of an edit in place), then across regions for what is left
    (edits that also moved).

    Scoring every residue pair costs about 5 µs a pair, so the whole matrix
    is scored only within ``budget.FUZZY_CELLS`` pairs per diff, smallest
    regions first. A region past it is cut at its unchanged statements and
    each piece scored whole while the budget lasts; a piece still too large
    is scored along its diagonal only (``_banded``). Cross-region pairing
    needs the rest of the budget.
    """
    out: list[Pair] = []
    left = budget.FUZZY_CELLS
    residues = [
        ([o for o in oi if not o.taken], [n for n in ni if not n.taken])
        for oi, ni in zip(olds, news, strict=True)
    ]
    over: list[tuple[list[Item], list[Item]]] = []
    for os_, ns_ in sorted(residues, key=lambda r: len(r[0]) * len(r[1])):
        cells = len(os_) * len(ns_)
        if cells <= left:
            left -= cells
            out.extend(_assign(os_, ns_, threshold, lang))
        else:
            over.append((os_, ns_))
    banded = 0
    for os_, ns_ in over:
        pieces: dict[int, tuple[list[Item], list[Item]]] = {}
        for o in os_:
            pieces.setdefault(o.gap, ([], []))[0].append(o)
        for n in ns_:
            pieces.setdefault(n.gap, ([], []))[1].append(n)
        for po, pn in sorted(pieces.values(), key=lambda r: len(r[0]) * len(r[1])):
            cells = len(po) * len(pn)
            if cells <= left:
                left -= cells
                out.extend(_assign(po, pn, threshold, lang))
            elif po and pn:
                banded += len(po)
                out.extend(_banded(po, pn, threshold, lang))
    if over:
        budget.note(
            "fuzzy",
            f"{sum(len(o) * len(n) for o, n in over):,} statement pairs over the cap of "
            f"{budget.FUZZY_CELLS:,}: paired between unchanged statements"
            + (f", {banded:,} statements by position" if banded else ""),
        )
    o_left = [o for o in all_old if not o.taken]
    n_left = [n for n in all_new if not n.taken]
    if o_left and n_left:
        if len(o_left) * len(n_left) <= left:
            out.extend(_assign(o_left, n_left, threshold, lang))
        else:
            budget.note(
                "fuzzy",
                f"{len(o_left):,} x {len(n_left):,} statements left over the cap of "
                f"{budget.FUZZY_CELLS:,}: no pairing across changed regions",
            )
    return out


def _banded(os_: list[Item], ns_: list[Item], threshold: float, lang: str = "en") -> list[Pair]:
    """``_assign`` restricted to pairs near the same relative position.

    Each old statement is scored against the new statements within a few
    places of where it would sit if the piece had only been edited in place,
    so the cost is linear; the pairing is still one-to-one, best first.
    """
    m, k = len(os_), len(ns_)
    # A few places either side, more where the new side is longer (one old
    # statement among many new ones), within the piece's share of scores.
    band = int(min(budget.BAND * max(1.0, k / m), budget.BANDED_SCORES / (2 * m)))
    cands: list[tuple[float, int, int]] = []
    for i, o in enumerate(os_):
        c = (2 * i + 1) * k // (2 * m)
        for j in range(max(0, c - band), min(k, c + band + 1)):
            if (sc := _score(o.key, ns_[j].key, lang)) >= threshold:
                cands.append((-sc, i, j))
    cands.sort()
    out: list[Pair] = []
    for neg, i, j in cands:
        o, n = os_[i], ns_[j]
        if o.taken or n.taken:
            continue
        o.taken = n.taken = True
        out.append(Pair("edited", [o], [n], min(1.0, -neg), moved=o.region != n.region))
    return out


def _assign(os_: list[Item], ns_: list[Item], threshold: float, lang: str = "en") -> list[Pair]:
    """One-to-one assignment, best score first, above the threshold."""
    if not os_ or not ns_:
        return []
    out: list[Pair] = []
    if len(os_) * len(ns_) <= _SMALL:
        cands = sorted(
            (
                (-sc, i, j)
                for i, o in enumerate(os_)
                for j, n in enumerate(ns_)
                if (sc := _score(o.key, n.key, lang)) >= threshold
            )
        )
    else:
        import numpy as np  # only for many residue pairs; most checks never load it

        scores = _scores(os_, ns_, lang)
        ii, jj = np.nonzero(scores >= threshold)
        order = np.lexsort((jj, ii, -scores[ii, jj]))
        cands = [(-float(scores[ii[k], jj[k]]), int(ii[k]), int(jj[k])) for k in order]
    for neg, i, j in cands:
        o, n = os_[i], ns_[j]
        if o.taken or n.taken or not _related(o.key, n.key, -neg, threshold, lang):
            continue  # a score raised by shared function words alone is no link
        o.taken = n.taken = True
        out.append(Pair("edited", [o], [n], min(1.0, -neg), moved=o.region != n.region))
    return out


# Below this score two wordings are one statement only when most content
# words of the shorter one are in the other. On a real page pair, unrelated
# statements of one topic ("… federal agencies will take to address key ocean
# challenges …" / "… convenes federal agencies … to address global change …")
# reached 0.53-0.65 on shared words alone, with 29-58% of the shorter one's
# content words shared; every edit of the labelled corpora below 0.65 shares
# 67-100%.
_LOW_SCORE = 0.65
_LOW_OVERLAP = 0.6
# Calendar words as ``content_words`` stems them; with figures, what a date is made of.
_CALENDAR = frozenset(
    w
    for t in (
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec "
        "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow"
    ).split()
    for w in content_words(t)
)


@lru_cache(maxsize=16384)
def _words(key: str, lang: str = "en") -> tuple[frozenset[str], frozenset[str]]:
    """The content words of a key, and those of them that are not part of a date."""
    words = content_words(key, lang)
    return words, frozenset(w for w in words if not (w.isdigit() or w in _CALENDAR))


def _related(a: str, b: str, score: float, threshold: float, lang: str = "en") -> bool:
    """True when two keys may be one statement: they share a content word (or
    one has none, a bare "Update:"), and most of them when the score is low,
    unless a threshold below the default asked for looser pairs."""
    (ca, ua), (cb, ub) = _words(a, lang), _words(b, lang)
    if not ca or not cb or not (ua or ub):
        return True  # a bare "Update:", or two figures or dates alone ("234" → "237" in a table)
    shared = len(ca & cb)
    if shared and ua and ub and ua.isdisjoint(ub):
        # Only a date in common: "— County Fire (@countyfire) May 4" is not
        # "— City Police (@citypd) May 2" (two embedded posts' attribution lines).
        return False
    if score >= _LOW_SCORE or threshold < DEFAULT_THRESHOLD:
        return shared > 0
    return shared >= _LOW_OVERLAP * min(len(ca), len(cb))


def _clip(key: str) -> str:
    """A key short enough to score: its two ends when it is huge."""
    if len(key) <= budget.SCORE_CHARS:
        return key
    budget.note(
        "fuzzy", f"statements over {budget.SCORE_CHARS:,} characters scored on their first and last parts"
    )
    half = budget.SCORE_CHARS // 2
    return key[:half] + key[-half:]


def _score(a: str, b: str, lang: str = "en") -> float:
    """``_scores`` for one pair, without numpy's per-call overhead."""
    a, b = _clip(a), _clip(b)
    r = fuzz.ratio(a, b)
    # 0.9 x token-set similarity cannot beat a character ratio of 90 or more.
    if r < 90 and min(len(a), len(b)) >= 40:
        r = max(r, fuzz.token_set_ratio(a, b) * 0.9)
    if r < 90 and lang in SUPPORTED:
        r = max(r, _stem_score(a, b, lang))
    return r / 100


# A statement with fewer content words than this is scored by its characters
# alone: one or two shared words say little about short statements.
STEM_WORDS = 3


@lru_cache(maxsize=8192)
def _stems(key: str, lang: str) -> frozenset[str]:
    """The content stems of a statement; none when there are too few to
    compare (``STEM_WORDS``)."""
    cw = content_words(key, lang)
    return cw if len(cw) >= STEM_WORDS else frozenset()


def _stem_score(a: str, b: str, lang: str) -> float:
    """0.9 x the share of content stems two statements have in common (Dice),
    0-90: a sentence reordered or inflected in Russian, German, …
    ("Делегацию Мединского встретили" / "встретили делегацию, которую
    возглавил Мединский") keeps its stems where its characters move."""
    sa, sb = _stems(a, lang), _stems(b, lang)
    if not sa or not sb:
        return 0.0
    return 180 * len(sa & sb) / (len(sa) + len(sb))


def _stem_scores(ko: list[str], kn: list[str], lang: str, shape) -> np.ndarray:
    """``_stem_score`` of every pair, found through the stems they share."""
    import numpy as np

    out = np.zeros(shape, dtype=np.float32)
    holders: dict[str, list[int]] = {}
    sizes = []
    for j, k in enumerate(kn):
        sb = _stems(k, lang)
        sizes.append(len(sb))
        for s in sb:
            holders.setdefault(s, []).append(j)
    for i, k in enumerate(ko):
        sa = _stems(k, lang)
        shared: dict[int, int] = {}
        for s in sa:
            for j in holders.get(s, ()):
                shared[j] = shared.get(j, 0) + 1
        for j, c in shared.items():
            out[i, j] = 180 * c / (len(sa) + sizes[j])
    return out


def _scores(os_: list[Item], ns_: list[Item], lang: str = "en") -> np.ndarray:
    """Similarity of every residue pair, in [0, 1.1].

    Character similarity (``fuzz.ratio``), raised for longer statements when
    one wording holds most of the other's words: a statement that gained a
    clause ("Despite initially saying …, X") is still X. In the other
    languages the engine knows, also raised to ``_stem_score`` when that is
    higher: their words change form where a sentence is reordered.
    """
    import numpy as np
    from rapidfuzz.process import cdist

    ko = [_clip(o.key) for o in os_]
    kn = [_clip(n.key) for n in ns_]
    ratio = cdist(ko, kn, scorer=fuzz.ratio, dtype=np.float32)
    tset = cdist(ko, kn, scorer=fuzz.token_set_ratio, dtype=np.float32) * 0.9
    lo = np.array([len(k) for k in ko])[:, None]
    ln = np.array([len(k) for k in kn])[None, :]
    tset[np.minimum(lo, ln) < 40] = 0
    best = np.maximum(ratio, tset)
    if lang in SUPPORTED:
        best = np.maximum(best, _stem_scores(ko, kn, lang, best.shape))
    return best / 100


def _mark_moves(pairs: list[Pair]) -> None:
    """Within a region, pairs off the longest increasing run are moves."""
    by_region: dict[int, list[Pair]] = {}
    for p in pairs:
        if p.old[0].region == p.new[0].region:
            by_region.setdefault(p.old[0].region, []).append(p)
    for group in by_region.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda p: p.old[0].loc)
        keep = set(increasing_run([p.new[0].loc for p in group]))
        for idx, p in enumerate(group):
            if idx not in keep:
                p.moved = True
                if p.kind == "same":
                    p.kind = "moved"


def _drop_stray_dates(pairs: list[Pair], anchors, old_seg, new_seg) -> list[Pair]:
    """Unpairs two statements that are only a date or a figure ("September 29,
    2017" / "September 12, 2017") when nothing next to them is paired.

    A listing page that gains items on top and loses some at the bottom pairs
    the date lines of unrelated items, which share nothing but a month (a real
    press-release page). A date or figure corrected in place ("May 3, 2024" →
    "May 10, 2024" under an unchanged "The fair opens on") keeps a paired neighbour.
    """
    bare = [p for p in pairs if p.kind == "edited" and not _words(p.old[0].key)[1] and not _words(p.new[0].key)[1]]
    if not bare:
        return pairs
    para_links = {(o, n) for o, n in anchors}
    stmt_links = set()
    for p in pairs:
        for o in p.old:
            for n in p.new:
                stmt_links.add((o.loc, n.loc))
                para_links.add((o.loc[0], n.loc[0]))

    def linked(o: Loc, n: Loc, step: int) -> bool:
        (op, os_), (np_, ns) = o, n
        ko, kn = len(old_seg.get(op, ())), len(new_seg.get(np_, ()))
        inside_o, inside_n = 0 <= os_ + step < ko, 0 <= ns + step < kn
        if inside_o and inside_n:
            return ((op, os_ + step), (np_, ns + step)) in stmt_links
        if not inside_o and not inside_n:
            return (op + step, np_ + step) in para_links
        return False

    drop = {id(p) for p in bare if not any(linked(p.old[0].loc, p.new[0].loc, d) for d in (-1, 1))}
    for p in bare:
        if id(p) in drop:
            for it in (*p.old, *p.new):
                it.taken = False
    return [p for p in pairs if id(p) not in drop]

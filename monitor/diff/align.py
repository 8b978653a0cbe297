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
   one-to-one, best score first, above a threshold.
6. Within a region, matched pairs that break the order are moves.

Locations are ``(paragraph, sentence)`` pairs, so unchanged paragraphs never
need to be segmented just to count their sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from monitor.diff.lcs import matching_blocks, opcodes
from monitor.diff.words import shares_content
from monitor.text.normalize import normalize
from monitor.text.segment import split_sentences

if TYPE_CHECKING:
    import numpy as np

Loc = tuple[int, int]

DEFAULT_THRESHOLD = 0.5
_SPLIT_THRESHOLD = 0.85
# Above this many residue pairs the fuzzy pass stays inside each region, so a
# rewritten document costs O(region size squared), not O(document squared).
_GLOBAL_FUZZY_CELLS = 4_000_000
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
) -> Alignment:
    seg = (lambda p: [p]) if presegmented else split_sentences
    anchors: list[tuple[int, int]] = []
    regions: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes(old_paras, new_paras):
        if tag == "equal":
            anchors.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            regions.append((i1, i2, j1, j2))

    old_seg: dict[int, list[str]] = {}
    new_seg: dict[int, list[str]] = {}
    olds: list[list[Item]] = []
    news: list[list[Item]] = []
    for r, (i1, i2, j1, j2) in enumerate(regions):
        olds.append(_items(old_paras, i1, i2, r, seg, old_seg))
        news.append(_items(new_paras, j1, j2, r, seg, new_seg))

    pairs: list[Pair] = []
    for o_items, n_items in zip(olds, news, strict=True):
        if o_items and n_items:
            pairs.extend(_lcs_same(o_items, n_items))

    all_old = [it for items in olds for it in items]
    all_new = [it for items in news for it in items]
    pairs.extend(_exact_moves(all_old, all_new))
    pairs.extend(_splits_and_merges(olds, news))
    pairs.extend(_fuzzy(all_old, all_new, olds, news, threshold))
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


def _items(paras, a, b, region, seg, cache) -> list[Item]:
    out: list[Item] = []
    for p in range(a, b):
        sents = seg(paras[p])
        cache[p] = sents
        out.extend(Item((p, s), t, normalize(t), region) for s, t in enumerate(sents))
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


def _exact_moves(all_old: list[Item], all_new: list[Item]) -> list[Pair]:
    by_key: dict[str, list[Item]] = {}
    for n in all_new:
        if not n.taken:
            by_key.setdefault(n.key, []).append(n)
    out: list[Pair] = []
    for o in all_old:
        if o.taken:
            continue
        cands = by_key.get(o.key)
        if cands:
            n = cands.pop(0)
            o.taken = n.taken = True
            out.append(Pair("moved", [o], [n], 1.0, moved=True))
    return out


def _runs(items: list[Item]) -> list[list[Item]]:
    """Maximal runs of untaken items that are adjacent in the document."""
    runs: list[list[Item]] = []
    cur: list[Item] = []
    for it in items:
        if it.taken:
            if cur:
                runs.append(cur)
            cur = []
            continue
        cur.append(it)
    if cur:
        runs.append(cur)
    return runs


def _splits_and_merges(olds: list[list[Item]], news: list[list[Item]]) -> list[Pair]:
    out: list[Pair] = []
    for o_items, n_items in zip(olds, news, strict=True):
        if not o_items or not n_items:
            continue
        out.extend(_one_to_many(o_items, n_items, "split"))
        out.extend(_one_to_many(n_items, o_items, "merged"))
    return out


def _one_to_many(ones: list[Item], manys: list[Item], kind: str) -> list[Pair]:
    out: list[Pair] = []
    runs = [r for r in _runs(manys) if len(r) >= 2]
    if not runs:
        return out
    for one in ones:
        if one.taken:
            continue
        best: tuple[float, list[Item]] | None = None
        for run in runs:
            for size in (2, 3):
                for start in range(0, len(run) - size + 1):
                    window = run[start : start + size]
                    if any(w.taken for w in window):
                        continue
                    joined = " ".join(w.key for w in window)
                    score = fuzz.ratio(one.key, joined, score_cutoff=_SPLIT_THRESHOLD * 100) / 100
                    if not score:
                        continue
                    single = max(fuzz.ratio(one.key, w.key) for w in window) / 100
                    if score - single < 0.15:
                        continue
                    if best is None or score > best[0]:
                        best = (score, window)
        if best:
            score, window = best
            one.taken = True
            for w in window:
                w.taken = True
            if kind == "split":
                out.append(Pair("split", [one], list(window), score))
            else:
                out.append(Pair("merged", list(window), [one], score))
    return out


def _fuzzy(all_old, all_new, olds, news, threshold) -> list[Pair]:
    """Pairs edited statements: first inside each region (small matrices, the
    common case of an edit in place), then across regions for what is left
    (edits that also moved)."""
    out: list[Pair] = []
    for oi, ni in zip(olds, news, strict=True):
        out.extend(_assign([o for o in oi if not o.taken], [n for n in ni if not n.taken], threshold))
    o_left = [o for o in all_old if not o.taken]
    n_left = [n for n in all_new if not n.taken]
    if o_left and n_left and len(o_left) * len(n_left) <= _GLOBAL_FUZZY_CELLS:
        out.extend(_assign(o_left, n_left, threshold))
    return out


def _assign(os_: list[Item], ns_: list[Item], threshold: float) -> list[Pair]:
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
                if (sc := _score(o.key, n.key)) >= threshold
            )
        )
    else:
        import numpy as np  # only for many residue pairs; most checks never load it

        scores = _scores(os_, ns_)
        ii, jj = np.nonzero(scores >= threshold)
        order = np.lexsort((jj, ii, -scores[ii, jj]))
        cands = [(-float(scores[ii[k], jj[k]]), int(ii[k]), int(jj[k])) for k in order]
    for neg, i, j in cands:
        o, n = os_[i], ns_[j]
        if o.taken or n.taken or not shares_content(o.key, n.key):
            continue  # a score raised by shared function words alone is no link
        o.taken = n.taken = True
        out.append(Pair("edited", [o], [n], min(1.0, -neg), moved=o.region != n.region))
    return out


def _score(a: str, b: str) -> float:
    """``_scores`` for one pair, without numpy's per-call overhead."""
    r = fuzz.ratio(a, b)
    if min(len(a), len(b)) >= 40:
        r = max(r, fuzz.token_set_ratio(a, b) * 0.9)
    return r / 100


def _scores(os_: list[Item], ns_: list[Item]) -> np.ndarray:
    """Similarity of every residue pair, in [0, 1.1].

    Character similarity (``fuzz.ratio``), raised for longer statements when
    one wording holds most of the other's words: a statement that gained a
    clause ("Despite initially saying …, X") is still X. Pairs inside the same
    region get a small bonus, since edits in place are likelier than edits
    that also moved.
    """
    import numpy as np
    from rapidfuzz.process import cdist

    ko = [o.key for o in os_]
    kn = [n.key for n in ns_]
    ratio = cdist(ko, kn, scorer=fuzz.ratio, dtype=np.float32)
    tset = cdist(ko, kn, scorer=fuzz.token_set_ratio, dtype=np.float32) * 0.9
    lo = np.array([len(k) for k in ko])[:, None]
    ln = np.array([len(k) for k in kn])[None, :]
    tset[np.minimum(lo, ln) < 40] = 0
    return np.maximum(ratio, tset) / 100


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
        keep = _lis([p.new[0].loc for p in group])
        for idx, p in enumerate(group):
            if idx not in keep:
                p.moved = True
                if p.kind == "same":
                    p.kind = "moved"


def _lis(seq: list[Loc]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (patience)."""
    import bisect

    tails: list[Loc] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out: set[int] = set()
    i = tails_idx[-1] if tails_idx else -1
    while i != -1:
        out.add(i)
        i = prev[i]
    return out

"""Deterministic synthetic live blogs for benchmarks: paragraphs of news-like
sentences, and a "next version" with a given share of statements changed."""

from __future__ import annotations

import random

_SUBJECTS = ["The delegation", "Officials in Kyiv", "The ministry", "Negotiators", "The president",
             "Observers", "The mayor", "Rescue teams", "The spokesperson", "Local residents"]
_VERBS = ["said", "reported", "confirmed", "denied", "announced", "warned", "noted", "added"]
_OBJECTS = ["that talks would resume on {d}", "that {n} people were evacuated overnight",
            "a new round of shelling near {p}", "that aid convoys reached {p}",
            "that the exchange of {n} prisoners was delayed", "plans to meet in {p} on {d}",
            "that power was restored to {n} homes in {p}", "a curfew in {p} until {d}"]
_PLACES = ["Kharkiv", "Sumy", "Odesa", "Istanbul", "Dnipro", "Zaporizhzhia", "Kherson", "Lviv"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def sentence(rng: random.Random) -> str:
    obj = rng.choice(_OBJECTS).format(d=rng.choice(_DAYS), n=rng.randint(2, 5000), p=rng.choice(_PLACES))
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {obj}."


def live_blog(n_sentences: int, seed: int = 1, per_para: int = 4) -> list[list[str]]:
    rng = random.Random(seed)
    sents = [sentence(rng) for _ in range(n_sentences)]
    return [sents[i : i + per_para] for i in range(0, n_sentences, per_para)]


def next_version(paras: list[list[str]], share: float = 0.05, seed: int = 2) -> list[list[str]]:
    """Changes ``share`` of the statements: edits, removals, additions, and a
    new update block at the top, in roughly equal parts."""
    rng = random.Random(seed)
    out = [list(p) for p in paras]
    total = sum(len(p) for p in out)
    k = max(1, int(total * share))
    for i in range(k):
        p = rng.randrange(len(out))
        if not out[p]:
            continue
        s = rng.randrange(len(out[p]))
        r = i % 4
        if r == 0:
            out[p][s] = out[p][s].replace(".", f" on {rng.choice(_DAYS)}.", 1)
        elif r == 1:
            words = out[p][s].split()
            words[-1] = f"{rng.randint(2, 900)}."
            out[p][s] = " ".join(words)
        elif r == 2:
            del out[p][s]
        else:
            out[p].insert(s, sentence(rng))
    out.insert(0, ["Update:"])
    out.insert(1, [sentence(rng), sentence(rng)])
    return [p for p in out if p]


def as_text(paras: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paras)

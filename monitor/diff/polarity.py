"""Did a claim present in both wordings change polarity? (the ``negation`` aspect)

A newsroom reads "polarity flipped" as a correction, so this detector judges
meaning, not word counts:

- negators fall into one sign class: "not" = "n't" = "never" = "declined to" =
  "refused to" = "failed to"; "denied" is "not confirm", "rejected" is "not
  accept", "unlikely" is "not likely", "absent" and "skipped" are "not attend";
- each negation has a head (the first content word it governs) and a scope
  (the rest of its clause); a predicate flips only when it is negated in one
  wording and stated plainly in the *corresponding clause* of the other;
- clauses are paired by the content words they share, one to one, so a clause
  wholly added or dropped ("…, but Russia will not attend") pairs with nothing
  and is added content, not a reversal;
- a negation that only moved inside its phrase ("left without giving details"
  → "left, giving no details") is no flip: the two scopes overlap;
- "not all" negates the quantifier, not the verb, so "Not all … were rescued"
  → "All … were not rescued" is a change of scope, and flips;
- negators inside a name ("Doctors Without Borders"), in compounds
  ("no-confidence"), in "No. 2", "whether or not", "not only" and in
  unanswered questions ("did not say how many") carry no polarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from monitor.diff.words import STOPWORDS, stem


class _HasWords(Protocol):
    words: Any


C = TypeVar("C", bound=_HasWords)

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")

_PLAIN = frozenset(
    "not never no none nobody nothing neither nor without cannot nowhere noone".split()
)
# Verbs that negate the verb after "to" ("declined to comment").
_TO_VERBS = frozenset(
    """
    decline declined declines declining refuse refused refuses refusing fail failed fails failing
    """.split()
)
# Nouns a declining/refusing verb negates directly ("declined comment").
_DIRECT_OBJECTS = frozenset("comment comments interview interviews request requests entry".split())
# Words that are a negation of a class of meaning on their own.
_NEGATIVE_WORDS = {
    "deny": "confirm", "denied": "confirm", "denies": "confirm", "denying": "confirm",
    "reject": "accept", "rejected": "accept", "rejects": "accept", "rejecting": "accept",
    "unlikely": "likely", "impossible": "possible", "unable": "able", "unclear": "clear",
    "unwilling": "willing", "unconfirmed": "confirm", "untrue": "true", "incorrect": "correct",
    "inaccurate": "correct", "illegal": "legal", "unsuccessful": "succeed", "absent": "attend",
    "skip": "attend", "skipped": "attend", "skips": "attend", "skipping": "attend",
    "boycott": "attend", "boycotted": "attend", "boycotts": "attend",
}
# Stems of words that say the same thing, so a flip across them is seen:
# "would be present" → "did not participate".
_CLASSES = {
    "attend": "attend", "participat": "attend", "present": "attend",
    "confirm": "confirm", "admit": "confirm", "admitt": "confirm", "acknowledg": "confirm",
    "accept": "accept", "approv": "accept", "agre": "accept",
    "comment": "respond", "respond": "respond", "reply": "respond", "repli": "respond",
    "likely": "likely", "probabl": "likely",
    "accurat": "correct", "correct": "correct", "succe": "succeed", "succeed": "succeed",
    "success": "succeed", "successful": "succeed",
}
# Between a negator and what it negates: auxiliaries and adverbs.
_SKIP = frozenset(
    """
    be been being is are was were am have has had do does did will would shall should can could
    may might must to yet also ever even immediately still just really actually necessarily
    fully entirely quite always currently now then so as a an the any longer more much ultimately
    initially eventually formally officially publicly directly personally there it that this get
    got in at on for of
    """.split()
)
# "not only", "not just", "not least": emphasis, not negation.
_NOT_NEGATION_AFTER = frozenset("only just least merely solely to".split())
# "not all", "not every": the quantifier is negated, not the predicate.
_QUANTIFIERS = frozenset("all every everyone everybody everything always many much".split())
# A negation whose clause asks a question reports missing information
# ("did not say how many"), not a negative claim.
_WH = frozenset("how what when where why who whom whose whether which if".split())
# ... when what is negated is saying or knowing: "not armed when" is a claim.
_EPISTEMIC = frozenset(
    stem(w) for w in """
    say said tell told know known clear disclose reveal specify explain confirm indicate comment
    elaborate determine decide sure certain identify detail answer ask respond immediately
    """.split()
)
_NONE_WORDS = frozenset("no none nobody nothing".split())
_COUNT_WORDS = frozenset(
    "one two three four five six seven eight nine ten dozen dozens hundreds thousands several".split()
)
_BREAK_WORDS = frozenset(
    "but although though while whereas because despite however and or yet so".split()
)
_BREAK_PUNCT = frozenset(",;:()[]—–\"“”«»")
_CONTRACTION = re.compile(r"^(\w+?)n['’]t$", re.I)
_CONTRACTED_BASE = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}


@dataclass(slots=True)
class _Tok:
    text: str  # as written
    low: str  # lower-cased, apostrophes unified
    start: int
    end: int
    clause_start: bool = False


@dataclass(slots=True)
class _Negation:
    cue: str
    head: str  # meaning class of what is negated
    scope: frozenset[str]  # meaning classes of the words it governs


@dataclass(slots=True)
class _Clause:
    words: set[str] = field(default_factory=set)  # every content class in the clause
    positive: dict[str, str] = field(default_factory=dict)  # class -> surface, outside any scope
    negations: list[_Negation] = field(default_factory=list)
    figure: bool = False  # a number is written: "no arrests" → "two arrests" is a figure


def _klass(word: str) -> str:
    s = stem(word)
    return _CLASSES.get(s, s)


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        t = m.group()
        low = t.casefold().replace("’", "'")
        c = _CONTRACTION.match(low)
        if c and low not in ("can't",):
            base = c.group(1)
            out.append(_Tok(t, _CONTRACTED_BASE.get(base, base), m.start(), m.end()))
            out.append(_Tok("n't", "not", m.end(), m.end()))
        elif low in ("cannot", "can't"):
            out.append(_Tok(t, "can", m.start(), m.end()))
            out.append(_Tok(t, "not", m.end(), m.end()))
        else:
            out.append(_Tok(t, low, m.start(), m.end()))
    return out


def _clauses(text: str) -> list[list[_Tok]]:
    """Tokens split at clause punctuation and clause-joining words."""
    out: list[list[_Tok]] = [[]]
    for t in _tokens(text):
        if t.low in _BREAK_PUNCT or (t.low in ".!?" and t.end == len(text.rstrip())):
            if out[-1]:
                out.append([])
            continue
        if t.low in _BREAK_WORDS and out[-1]:
            out.append([])
        if not out[-1]:
            t.clause_start = True
        out[-1].append(t)
    return [c for c in out if c]


def _is_negator(toks: list[_Tok], i: int, text: str) -> bool:
    t = toks[i]
    if t.low not in _PLAIN:
        return False
    if t.text[:1].isupper() and not t.clause_start:
        return False  # inside a name: "Doctors Without Borders"
    before = text[t.start - 1 : t.start] if t.start else ""
    after = text[t.end : t.end + 1]
    if "-" in (before, after):
        return False  # a compound: "no-confidence vote", "no-fly zone"
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    prev = toks[i - 1].low if i else ""
    if t.low == "no" and (nxt == "." or nxt.isdigit()):
        return False  # "No. 2"
    if t.low == "not" and (prev in ("or", "if") or nxt in _NOT_NEGATION_AFTER):
        return False  # "whether or not", "if not", "not only", "not to mention"
    return not (t.low == "no" and nxt in ("doubt", "matter"))


# Saying and knowing: "had not been identified" → "was identified as …" is
# information arriving, not a claim reversed.
_DISCLOSURE = frozenset(
    _klass(w) for w in """
    say tell know known clear disclose reveal specify explain indicate comment elaborate
    determine identify identified name named respond reply
    """.split()
)


def _asks(clause: list[_Tok], i: int) -> bool:
    """True when the negation governs saying or knowing ("did not say how")."""
    if clause[i].low in _NEGATIVE_WORDS:
        return _klass(clause[i].low) in _EPISTEMIC or clause[i].low == "unclear"
    start = i + 2 if clause[i].low in _TO_VERBS else i + 1
    for t in clause[start:]:
        if t.low in _SKIP or not t.low[:1].isalnum():
            continue
        return stem(t.low) in _EPISTEMIC
    return False


def _head(toks: list[_Tok], start: int) -> tuple[str, str] | None:
    for t in toks[start:]:
        if t.low in _SKIP or t.low in _PLAIN or not t.low[:1].isalnum():
            continue
        if t.low in STOPWORDS and t.low not in _QUANTIFIERS:
            continue
        return _klass(t.low), t.text
    return None


# "declined any comment", "refused further interviews", "declined a request".
_OBJECT_DETERMINERS = frozenset("any a an further".split())


def _refused_object(clause: list[_Tok], k: int) -> bool:
    """Whether a noun a refusing verb negates directly starts at ``k``,
    after one determiner at most: "declined comment", "declined any comment"."""
    if k < len(clause) and clause[k].low in _OBJECT_DETERMINERS:
        k += 1
    return k < len(clause) and clause[k].low in _DIRECT_OBJECTS


def _analyse(clause: list[_Tok], text: str) -> _Clause:
    out = _Clause()
    scoped: set[int] = set()
    lows = [t.low for t in clause]
    for i, t in enumerate(clause):
        neg: _Negation | None = None
        body = range(i + 1, len(clause))
        cue = _is_negator(clause, i, text) or t.low in _TO_VERBS or t.low in _NEGATIVE_WORDS
        if cue and ("until" in lows[i + 1 :] or "till" in lows[i + 1 :]):
            scoped.update(body)  # "not expected until Friday": a time, not a polarity
            scoped.add(i)
            continue
        if cue and any(w in _WH for w in lows[i + 1 :]) and _asks(clause, i):
            scoped.update(body)  # "did not say how many": no claim either way
            scoped.add(i)
            continue
        if _is_negator(clause, i, text):
            nxt = clause[i + 1].low if i + 1 < len(clause) else ""
            if nxt in _QUANTIFIERS:
                neg = _Negation(t.low, nxt, frozenset({nxt}))
                scoped.add(i + 1)
            else:
                h = _head(clause, i + 1)
                if h is None:
                    continue
                neg = _Negation(t.low, h[0], frozenset(_klass(clause[k].low) for k in body))
                scoped.update(body)
        elif t.low in _TO_VERBS and i + 1 < len(clause):
            nxt = clause[i + 1].low
            if nxt == "to":
                h = _head(clause, i + 2)
                if h is not None:
                    rest = range(i + 2, len(clause))
                    neg = _Negation(t.low, h[0], frozenset(_klass(clause[k].low) for k in rest))
                    scoped.update(body)
            elif _refused_object(clause, i + 1) and t.low.startswith(("decl", "refus")):
                neg = _Negation(t.low, "respond", frozenset({"respond"}))
                scoped.update(body)
        elif t.low in _NEGATIVE_WORDS and not (t.text[:1].isupper() and not t.clause_start):
            cls = _NEGATIVE_WORDS[t.low]
            neg = _Negation(t.low, cls, frozenset({cls}))
            if i + 1 < len(clause) and clause[i + 1].low == "to":
                # "unable to reach" negates "reach" too
                h = _head(clause, i + 2)
                if h is not None:
                    rest = frozenset(_klass(clause[k].low) for k in range(i + 2, len(clause)))
                    out.negations.append(_Negation(t.low, h[0], rest | {cls}))
                    scoped.update(body)
        if neg is not None:
            out.negations.append(neg)
            scoped.add(i)
    for i, t in enumerate(clause):
        if not t.low[:1].isalnum() or t.low in STOPWORDS and t.low not in _QUANTIFIERS:
            continue
        if t.low in _PLAIN or t.low in _SKIP:
            continue
        k = _klass(t.low)
        out.words.add(k)
        if i not in scoped and t.low not in _NEGATIVE_WORDS and t.low not in _TO_VERBS:
            out.positive.setdefault(k, t.text)
    for n in out.negations:
        out.words.add(n.head)
    out.figure = any(t.low[:1].isdigit() or t.low in _COUNT_WORDS for t in clause)
    return out


def pair_clauses(old: Sequence[C], new: Sequence[C]) -> list[tuple[C, C]]:
    """Clauses paired one to one by the content words they share, most first
    (each language's clauses alike: anything with a set of ``words``)."""
    cands = sorted(
        ((-len(a.words & b.words), i, j) for i, a in enumerate(old) for j, b in enumerate(new)),
    )
    used_o: set[int] = set()
    used_n: set[int] = set()
    out = []
    for neg_shared, i, j in cands:
        if neg_shared == 0:
            break
        if i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        out.append((old[i], new[j]))
    return out


def _flip(a: _Clause, b: _Clause, disclosure: bool = False) -> _Negation | None:
    """A negation in ``b`` of a predicate ``a`` states plainly, if any; with
    ``disclosure``, only one of saying or knowing ("not identified")."""
    for n in b.negations:
        if disclosure != (n.head in _DISCLOSURE):
            continue
        if n.head not in a.positive or any(m.head == n.head for m in a.negations):
            continue
        if n.cue in _NONE_WORDS and a.figure:
            continue  # "no arrests" → "two arrests": a count changed, ``numbers`` says so
        if any(m.scope & n.scope for m in a.negations):
            continue  # the negation moved inside its phrase; the claim is the same
        return n
    return None


POLAR_WORDS = _PLAIN | _TO_VERBS | _NEGATIVE_WORDS.keys()


def could_flip(changed: list[str]) -> bool:
    """Whether any changed word can carry polarity; most edits touch none."""
    for w in changed:
        low = w.casefold().replace("’", "'")
        if low in POLAR_WORDS or low.endswith("n't"):
            return True
    return False


def analyse(text: str) -> list[_Clause]:
    return [_analyse(c, text) for c in _clauses(text)]


def polarity_change(old: str, new: str, a: list[_Clause] | None = None,
                    b: list[_Clause] | None = None) -> str | None:
    """A one-line reason when a predicate in both wordings changed polarity."""
    a = analyse(old) if a is None else a
    b = analyse(new) if b is None else b
    if not any(c.negations for c in a) and not any(c.negations for c in b):
        return None
    for ca, cb in pair_clauses(a, b):
        n = _flip(ca, cb)
        if n is not None:
            return f"polarity flipped: ‘{_cue(n)}’ added"
        n = _flip(cb, ca)
        if n is not None:
            return f"polarity flipped: ‘{_cue(n)}’ dropped"
    return None


def disclosure_change(old: str, new: str, a: list[_Clause] | None = None,
                      b: list[_Clause] | None = None) -> str | None:
    """"had not been identified" → "was identified": information arrived (or
    was withdrawn). A change of claim, but not a reversal of one."""
    a = analyse(old) if a is None else a
    b = analyse(new) if b is None else b
    for ca, cb in pair_clauses(a, b):
        if (n := _flip(cb, ca, disclosure=True)) is not None:
            return f"now stated: {n.head}"
        if (n := _flip(ca, cb, disclosure=True)) is not None:
            return f"no longer stated: {n.head}"
    return None


def _cue(n: _Negation) -> str:
    return "not" if n.cue in ("n't", "cannot") else n.cue

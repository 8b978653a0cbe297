"""What kind of edit an edit is: the aspects of DESIGN.md, each detected.

Every detector compares what the two wordings *say* (their figures, their
polarity, their quotations, their names, their times) rather than how alike
their characters are, so "1000" vs "1,000" is no figure change and a reworded
sentence carries ``wording`` alone. Each detector returns a short detail
string for the one-line reason, or ``None``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from monitor.diff import aspects_intl
from monitor.diff.figures import Figures, figure_change
from monitor.diff.names import is_common_word, name_change, names
from monitor.diff.polarity import POLAR_WORDS, analyse, could_flip, disclosure_change, polarity_change
from monitor.diff.words import STOPWORDS, changed_tokens, outside_spans, quotation_change, stem
from monitor.text.langdata import SUPPORTED
from monitor.text.numwords import mentions, number_words

# --- time -------------------------------------------------------------------

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = (
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
_RELATIVE = (
    """
    today tonight yesterday tomorrow morning afternoon evening overnight noon midnight
    weekend
    """.split()
)
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])|\b\d{1,2}:\d{2}\b", re.I
)
_DATE = re.compile(
    r"\b(?:" + "|".join(_MONTHS) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?!\d)(?:,?\s+\d{4})?"
    r"|\b(?:" + "|".join(_MONTHS) + r")\.?,?\s+\d{4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(_MONTHS) + r")\b\.?(?:,?\s+\d{4})?"
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)
_TIME_WORD = re.compile(r"\b(?:" + "|".join(_WEEKDAYS + _RELATIVE) + r")\b", re.I)
_RELATIVE_SPAN = re.compile(
    r"\b(?:a|one|two|three|\d+)\s+(?:day|days|week|weeks|hour|hours)\s+(?:later|earlier|ago|before)\b"
    r"|\b(?:last|next|this)\s+(?:week|month|year|weekend|spring|summer|autumn|fall|winter)\b",
    re.I,
)
_MONTH_ONLY = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b",
    re.I,
)


# One pass, most specific first: at any position a clock time or a full date
# wins over the bare weekday or month inside it.
# Matched against lower-cased text: case-insensitive matching of this many
# alternatives costs three times as much.
_ANY_TIME = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (_CLOCK, _DATE, _RELATIVE_SPAN, _TIME_WORD, _MONTH_ONLY))
)
_GLOSSED = frozenset(_WEEKDAYS + ["today", "tonight", "yesterday", "tomorrow"])
_AMPM = re.compile(r"(\d)\s*([ap])\.?\s?m\.?")
_SPACE_RUN = re.compile(r"\s+")


def _time_key(span: str) -> str:
    """"1 p.m." and "1pm" are one time; "a day later" stays readable."""
    return _SPACE_RUN.sub(" ", _AMPM.sub(r"\1\2m", span)).strip(" .")


def _lower(s: str) -> str:
    low = s.lower()
    # lower() can change the length of some non-ASCII text; positions must hold
    return low if len(low) == len(s) else s.encode("ascii", "replace").decode().lower()


_GLOSS = re.compile(r"\s*[(,]\s*$")


def _time_spans(s: str) -> tuple[tuple[int, int, str], ...]:
    low = _lower(s)
    spans = [(m.start(), m.end(), _time_key(m.group())) for m in _ANY_TIME.finditer(low)]
    # "today (October 3)", "Thursday, Oct. 3": the date glosses the day word,
    # so "today (October 3)" and "on October 3" name one date.
    keep = []
    for k, (a, b, key) in enumerate(spans):
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if (
            nxt is not None and key in _GLOSSED and _GLOSS.match(low, b, nxt[0]) is not None
            and _DATE.fullmatch(low[nxt[0]:nxt[1]]) is not None
        ):
            continue
        keep.append((a, b, key))
    return tuple(keep)


class Features:
    """What one wording says, each part computed at most once per diff."""

    __slots__ = ("text", "__dict__")

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def time_spans(self) -> tuple[tuple[int, int, str], ...]:
        return _time_spans(self.text)

    @cached_property
    def times(self) -> Counter[str]:
        return Counter(k for *_, k in self.time_spans)

    @cached_property
    def figures(self) -> Figures:
        return _figures(self.text, self.time_spans)

    @cached_property
    def quotations(self) -> str:
        return _quotations(self.text)

    @cached_property
    def entities(self) -> frozenset[str]:
        return _entities(self.text)

    @cached_property
    def clauses(self) -> list:
        return analyse(self.text)


def _feat(x: str | Features) -> Features:
    return x if isinstance(x, Features) else Features(x)


def time_change(old: str | Features, new: str | Features) -> str | None:
    a, b = _feat(old).times, _feat(new).times
    if a == b:
        return None
    return _arrow(a - b, b - a, "time")


# --- numbers ----------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?%?")
# "2 million" is two million, as "two million" is
_SCALE_AFTER = re.compile(r"[ \u00a0]+(hundred|thousand|million|billion)\b", re.I)
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def _figures(s: str, time_spans: tuple[tuple[int, int, str], ...]) -> Figures:
    rest = outside_spans(s, time_spans)
    out = Figures()
    taken: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(rest):
        v = m.group().replace(",", "")
        end = m.end()
        shown = None
        try:
            f = float(v.rstrip("%"))
            if not v.endswith("%") and (sc := _SCALE_AFTER.match(rest, end)) is not None:
                f *= _SCALES[sc.group(1).lower()]
                end = sc.end()
                shown = rest[m.start():end].lower()
            v = (str(int(f)) if f.is_integer() else str(f)) + ("%" if v.endswith("%") else "")
        except ValueError:
            pass
        taken.append((m.start(), end))
        out.add(v, shown)
    for w in number_words(rest, "en", tuple(taken)):
        if w.one:
            out.ones += 1
        else:
            out.add(w.key, w.shown)
    return out


# What a figure is said to be: a floor ("more than 65%", "at least 12"), a
# ceiling ("up to 300", "fewer than 10") or an estimate ("about", "nearly").
# The same figure with another bound is another claim: a situation report
# writing "Approximately 65% of stores are open" and then "More than 65% …".
_BOUND = re.compile(
    r"\b(no more than|not more than|more than|greater than|at least|upwards of|in excess of|over"
    r"|fewer than|less than|up to|at most|under|below"
    r"|about|around|approximately|roughly|nearly|almost|close to|an estimated)\s+"
    r"(?=[$€£]?\d|(?:half|a third|a quarter|dozens|hundreds|thousands|two|three|four|five|six|seven|eight|nine"
    r"|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)",
    re.I,
)
_FLOOR = frozenset(("more than", "greater than", "at least", "upwards of", "in excess of", "over"))
_CEILING = frozenset(("no more than", "not more than", "fewer than", "less than", "up to", "at most", "under",
                      "below"))


# The words of a bound that can tell one from none ("than", "to", "at" are everywhere).
_BOUND_WORDS = frozenset(
    "more greater least upwards excess over fewer less up most under below about around approximately roughly "
    "nearly almost close estimated".split())


def _bounds(s: str) -> list[str]:
    """The bound of each qualified figure in ``s``, in order: "floor", "ceiling" or "about"."""
    out = []
    for m in _BOUND.finditer(s):
        w = " ".join(m.group(1).lower().split())
        out.append("floor" if w in _FLOOR else "ceiling" if w in _CEILING else "about")
    return out


def number_change(old: str | Features, new: str | Features) -> str | None:
    a, b = _feat(old).figures, _feat(new).figures
    change = figure_change(a, b)
    if change is None and a.counts and a.counts == b.counts:
        return _bound_change(_feat(old).text, _feat(new).text)  # the same figures: did a bound move?
    return change


def _bound_change(old: str, new: str) -> str | None:
    """The same figures under another floor or ceiling ("about 65%" → "more than 65%");
    an estimate given or dropped ("about 300" → "300") is wording."""
    ba, bb = _bounds(old), _bounds(new)
    if sorted(x for x in ba if x != "about") == sorted(x for x in bb if x != "about"):
        return None
    wa = [m.group(1).lower() for m in _BOUND.finditer(old)]
    wb = [m.group(1).lower() for m in _BOUND.finditer(new)]
    return f"figure's bound changed: {', '.join(wa) or '—'} → {', '.join(wb) or '—'}"


# --- negation ---------------------------------------------------------------


def negation_change(old: str | Features, new: str | Features) -> str | None:
    """Polarity of a claim present in both wordings; see ``monitor.diff.polarity``."""
    a, b = _feat(old), _feat(new)
    return polarity_change(a.text, b.text, a.clauses, b.clauses)


# --- quotations -------------------------------------------------------------

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}
_FOLD = re.compile(r"[^\w]+")
_MAX_QUOTE = 2000
_CLITICS = frozenset("s d ll re ve m t".split())  # "it's" → "it s": the "s" says nothing alone
_QUOTE_MARK = re.compile(r"[“”\"«»„‘’]")


def _quote_spans(s: str) -> list[tuple[int, int]]:
    """Where the quoted words are, in one left-to-right scan.

    A quotation split around "he said" gives two spans that are read as one;
    a quotation that opens here and closes in the next sentence runs to the
    end, and one closed here that opened in the previous sentence runs from
    the start. An apostrophe (’ inside a word) is never a quotation mark.
    """
    spans: list[tuple[int, int]] = []
    opener: str | None = None
    start = 0
    n = len(s)
    for m in _QUOTE_MARK.finditer(s):
        i, ch = m.start(), m.group()
        if opener is None:
            if ch in _OPEN_CLOSE or ch == '"' or (ch == "‘" and (i == 0 or not s[i - 1].isalnum())):
                opener, start = ch, i + 1
            elif ch in ("”", "»") and not spans:
                spans.append((0, i))  # closes a quotation opened in an earlier sentence
            continue
        closes = (
            ch == _OPEN_CLOSE.get(opener)
            or (opener == '"' and ch == '"')
            or (opener == "‘" and ch == "’" and (i + 1 >= n or not s[i + 1].isalnum()))
        )
        if closes:
            spans.append((start, min(i, start + _MAX_QUOTE)))
            opener = None
    if opener is not None and opener != "‘":
        spans.append((start, min(n, start + _MAX_QUOTE)))  # closes in a later sentence
    return spans


_CONTRACTED = (
    (re.compile(r"\bwon['’]t\b", re.I), "will not"), (re.compile(r"\bcan['’]t\b|\bcannot\b", re.I), "can not"),
    (re.compile(r"n['’]t\b", re.I), " not"),
)


def _fold(text: str) -> str:
    """Quoted words as compared: case, punctuation and "n't" = "not" do not count."""
    if "'" in text or "’" in text or "nnot" in text:
        for rx, full in _CONTRACTED:
            text = rx.sub(full, text)
    return _FOLD.sub(" ", text).strip().casefold()


def _quotations(s: str) -> str:
    return " ".join(q for a, b in _quote_spans(s) if (q := _fold(s[a:b])))


def quote_change(old: str | Features, new: str | Features) -> str | None:
    """Quoted words changed: words that entered or left the quotation and are
    not in the other wording at all. Quote marks moved over words the sentence
    already had (“nonsense” and “lies” → “nonsense and lies”) change nothing."""
    fa, fb = _feat(old), _feat(new)
    a, b = fa.quotations, fb.quotations
    if a == b:
        return None
    wa = Counter(w for w in a.split() if w not in _CLITICS)
    wb = Counter(w for w in b.split() if w not in _CLITICS)
    ta, tb = set(_fold(fa.text).split()), set(_fold(fb.text).split())
    came = [w for w in wb - wa if w not in ta]
    gone = [w for w in wa - wb if w not in tb]
    return quotation_change(a, b, came, gone)


# --- named entities ---------------------------------------------------------

_TIME_NAMES = frozenset(w.capitalize() for w in _WEEKDAYS + _MONTHS)


def _entities(s: str) -> frozenset[str]:
    return names(s, _TIME_NAMES)


def entity_change(old: str | Features, new: str | Features,
                  gone: list[str] | None = None, came: list[str] | None = None) -> str | None:
    a, b = _feat(old), _feat(new)
    if gone is None or came is None:
        gone, came = changed_tokens(a.text, b.text)
    return name_change(a.entities, b.entities, gone, came, a.text, b.text)


# --- content ----------------------------------------------------------------

# Words that make or unmake a claim on their own: hedges, scope, and the
# states a news event moves through. Adding "initially" or changing "injured"
# to "killed" is content; "step" in "a step closer" is wording.
_MARKERS = frozenset(
    stem(w)
    for w in """
    allegedly reportedly apparently possibly probably likely may might could suspected alleged
    believed expected preliminary initially initial temporarily briefly partly partially fully
    entirely mostly largely nearly almost only both either several all most some few many
    killed died dead death deaths injured wounded hurt missing arrested detained charged
    convicted acquitted sentenced released freed rescued evacuated closed reopened open
    resigned fired suspended banned approved vetoed destroyed damaged collapsed
    attacked confirmed unconfirmed denied badly severely seriously heavily slightly critically
    lightly minor major
    """.split()
)
# Scope words are function words too ("most" → "some"): looked for before stopwords go.
# Hedging modals too: "will close" → "could close" weakens the claim.
_SCOPE_WORDS = frozenset("all most some many few several both either only none could may might".split())
_FIRST_WORD = re.compile(r"[^\W\d_][\w’']*")
_JOINERS = frozenset("and or but while whereas although".split())
# Pairs a newsroom writes interchangeably (after ``stem``).
_SYNONYMS = {
    frozenset(p.split())
    for p in """
    talk negotiation|begin start|begun start|start began|big larg|help assist|buy purchas
    show indicat|people person|nearly almost|about around|over mor|car vehicl|kill slain
    end finish|attempt try|meet gather
    """.split("|")
}


def _content_stems(words: list[str], initial: frozenset[str]) -> tuple[list[str], set[str]]:
    """Stems of the content words, and those of an attribution's source.

    Capitalised words are names, ``entities``' to judge, unless they open a
    sentence and are common ("Offering"). Every negator is one word, "not",
    so "could not" and "was unable to" cancel; polarity is ``negation``'s.
    The source of an added or dropped attribution ("…, the fire service said")
    and the no-comment formula ("did not respond to a request for comment" =
    "declined to comment") are not claims.
    """
    low = [w.casefold() for w in words]
    source: set[int] = set()
    for k, w in enumerate(low):
        if w in _REPORTING:
            source.update(range(max(0, k - _SOURCE_WORDS), k + _SOURCE_WORDS + 1))
    no_comment = any(w in POLAR_WORDS or w.endswith(("n't", "n’t")) for w in low)
    out: list[str] = []
    src: set[str] = set()
    for k, w in enumerate(words):
        lw = low[k]
        if lw in POLAR_WORDS or lw.endswith(("n't", "n’t")):
            if not (lw == "not" and k + 1 < len(low) and low[k + 1] in ("only", "just", "least")):
                out.append("not")
            continue
        if not w[:1].isalpha() or lw in STOPWORDS or _time_while(low, k):
            continue
        if w[:1].isupper() and (w.isupper() or w not in initial or not is_common_word(w)):
            continue
        st = stem(w)
        if no_comment and st in _NO_COMMENT:
            continue
        out.append(st)
        if k in source:
            src.add(st)
    return out, src


# "is said to have", "were reported to be", "it is said": hearsay, as "reportedly" is.
_HEARSAY = re.compile(
    r"\b(?:is|are|was|were)\s+(?:said|reported|rumou?red|thought|understood)\s+to\b"
    r"|\bit\s+(?:is|was)\s+(?:said|reported|rumou?red|thought|understood)\b",
    re.I,
)


def hearsay_change(old: str, new: str) -> str | None:
    """"Russia handed over" → "Russia is said to have handed over": the claim
    hedged, though no word but "said", a function word here, came."""
    a, b = len(_HEARSAY.findall(old)), len(_HEARSAY.findall(new))
    if a == b:
        return None
    return "hedge added: said to" if b > a else "hedge dropped: said to"


def content_change(gone: list[str], came: list[str], old: str = "", new: str = "") -> str | None:
    """A claim added to or dropped from the statement, nothing else touched."""
    if (old or new) and (d := hearsay_change(old, new)) is not None:
        return d
    initial = frozenset(m.group() for t in (old, new) if (m := _FIRST_WORD.search(t)))
    (gl, g_src), (cl, c_src) = _content_stems(gone, initial), _content_stems(came, initial)
    gs, cs = _scope_words(gone), _scope_words(came)
    if sorted(gl) == sorted(cl) and gs == cs:
        return None  # reordered, re-punctuated or re-tensed: nothing added or dropped
    g, c = Counter(gl), Counter(cl)
    added, dropped = c - g, g - c
    for x in list(added):
        for y in list(dropped):
            if added[x] and dropped[y] and frozenset((x, y)) in _SYNONYMS:
                added[x] -= 1
                dropped[y] -= 1
    # A negator only counts against another ("could not" / "unable"); a lone
    # one is polarity's. An attribution's source is not a claim.
    for w in ("not", *c_src):
        added.pop(w, None)
    for w in ("not", *g_src):
        dropped.pop(w, None)
    added, dropped = +added, +dropped
    if not added and not dropped and gs == cs:
        return None
    marks = sorted(w for w in (added | dropped) if w in _MARKERS) + sorted((cs - gs) | (gs - cs))
    joined_in = _joins(came) and sum(added.values()) >= 1
    joined_out = _joins(gone) and sum(dropped.values()) >= 1
    more, fewer = sum(added.values()), sum(dropped.values())
    if marks or more - fewer >= 2 or fewer - more >= 2 or (joined_in and more > fewer) or (
        joined_out and fewer > more
    ):
        if more >= fewer:
            return "claim added: " + _span(came)
        return "claim dropped: " + _span(gone)
    return None


# "a short while", "a little while": a span of time, the noun, not "while" joining a clause.
_WHILE_AFTER = frozenset("a short little long good".split())


def _time_while(low: list[str], k: int) -> bool:
    return low[k] == "while" and k > 0 and low[k - 1] in _WHILE_AFTER


def _joins(words: list[str]) -> bool:
    """Whether a word joining a clause on is among ``words``."""
    low = [w.casefold() for w in words]
    return any(w in _JOINERS and not _time_while(low, k) for k, w in enumerate(low))


_MODALS = frozenset("could may might".split())
_REPORTING = frozenset(
    "said says say told tells according added adds stated states wrote writes described describes".split()
)
_SOURCE_WORDS = 3
_NO_COMMENT = frozenset(
    stem(w) for w in "respond request requests comment message email call inquiry seeking return".split()
)


_NO_WORDS: Counter[str] = Counter()


def _scope_words(words: list[str]) -> Counter[str]:
    low = [w.casefold() for w in words]
    if _SCOPE_WORDS.isdisjoint(low):
        return _NO_WORDS
    # "not only … but also" is emphasis, not a narrower claim
    # and "could not" is a negation, polarity's to judge, not a hedge
    nxt = low[1:] + [""]
    return Counter(
        w for k, w in enumerate(low)
        if w in _SCOPE_WORDS and (k == 0 or low[k - 1] != "not")
        and not (w in _MODALS and (nxt[k] == "not" or nxt[k] == "n't"))
        and not nxt[k][:1].isdigit()  # "some 200" is "about 200"
    )


def _span(words: list[str], n: int = 8) -> str:
    text = " ".join(w for w in words if w[:1].isalnum())
    parts = text.split()
    return " ".join(parts[:n]) + (" …" if len(parts) > n else "")


# --- together ---------------------------------------------------------------

_TIME_TRIGGERS = frozenset(
    _WEEKDAYS + _MONTHS + _RELATIVE + "day days week weeks hour hours ago a p m am pm".split()
)
_QUOTE_CHARS = ("“", "”", '"', "«", "»", "‘", "’")


def _could_change(changed: list[str], old: str, new: str) -> dict[str, bool]:
    """Which detectors can possibly fire, judged from the words that changed.

    Running every detector on every edit costs more than aligning the
    document; most edits touch a few words, and a figure, a time, a name or a
    polarity can only have changed if one of those words is a digit, a time
    word, capitalised or a negator. The detectors still compare whole statements.
    """
    joined = "".join(changed)
    digit = any(ch.isdigit() for ch in joined)
    low = {t.lower() for t in changed}
    return {
        "negation": could_flip(changed),
        "numbers": digit or bool(low & _BOUND_WORDS) or mentions(changed, "en"),  # number words: ``mentions``
        "quote": any(q in old or q in new for q in _QUOTE_CHARS),
        "entities": any(t[:1].isupper() for t in changed),
        "time": digit or bool(low & _TIME_TRIGGERS),
    }


def detect(old: str, new: str, lang: str = "en") -> list[tuple[str, str]]:
    """(aspect, detail) pairs; ``content`` when only a claim was added or
    dropped, a lone ``wording`` when nothing material changed. An edit in
    another language the engine knows (``monitor.text.langdata``) is read
    with that language's words by ``monitor.diff.aspects_intl``."""
    if lang != "en" and lang in SUPPORTED:
        return aspects_intl.detect(old, new, lang)
    a, b = Features(old), Features(new)
    gone, came = changed_tokens(old, new, fold=False)
    gate = _could_change(gone + came, old, new)
    found: list[tuple[str, str]] = []
    if gate["negation"] and (d := negation_change(a, b)):
        found.append(("negation", d))
    if gate["numbers"] and (d := number_change(a, b)):
        found.append(("numbers", d))
    if gate["quote"] and (d := quote_change(a, b)):
        found.append(("quote", d))
    if gate["entities"] and (d := entity_change(a, b, gone, came)):
        found.append(("entities", d))
    if gate["time"] and (d := time_change(a, b)):
        found.append(("time", d))
    if not found and (d := content_change(gone, came, old, new)):
        found.append(("content", d))
    if not found and gate["negation"] and (d := disclosure_change(old, new, a.clauses, b.clauses)):
        found.append(("content", d))
    return found or [("wording", "reworded, meaning kept")]


def _arrow(gone: Counter[str], came: Counter[str], what: str) -> str:
    g = ", ".join(sorted(gone)) or "—"
    c = ", ".join(sorted(came)) or "—"
    return f"{what} changed: {g} → {c}"

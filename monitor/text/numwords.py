"""Figures written as words, in English and the six other languages.

"two" → "three", "zwei" → "drei", "двох" → "трьох", "iki" → "üç" and
"three" → "4" are figure changes; "three" → "3" is not. Each language's
words and what they are worth come from num2words, run backwards: at first
use its cardinals (0-99, the hundreds, a thousand, a million, a billion; for
Ukrainian and Russian in every case and gender) are spelled once and read
into a table, so a figure is a dictionary look-up. Measured here (2 cores
shared, load 4.8-5.2): importing num2words costs 30-130 ms and building one
language's table 1-50 ms (Russian, with its cases and genders, the most),
once a process and only when a figure is read; a statement with no number
word is told so in 10 µs (a set test on its letter runs), one with number
words read in 80-100 µs. text2num (``alpha2digit``, 4-25 µs a sentence)
reads English, German, French and Spanish as well, but no Ukrainian,
Russian or Turkish, and rewrites the text rather than saying where each
figure is, so it was not taken.

What num2words cannot say is written here, per language, kept short: the
forms of "one" that are an article or a pronoun ("one of the", "ein paar",
"l'un des", "uno de los", "один з"), which are figures only inside a larger
number ("twenty-one", "eine Million"); vague plurals ("hundreds",
"Tausende", "сотні", "binlerce"), read as a magnitude so "hundreds" →
"thousands" is a change and "hundreds" → "200" one too; round
approximations ("une centaine", "un centenar"); and the few number words
that are also other words (French "neuf" is "new", Turkish "yüz" is "face"
and "yedi" "ate"), which count only before the noun they count.

A capitalised number word inside a clause is part of a name ("Formula One",
"die Drei von der Tankstelle"); German nouns (Million, Dutzend, Tausende)
are capitalised anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

# Kinds of number word: added to what is read so far ("twenty" "one"),
# multiplying it ("two" "hundred", "zwei" "Dutzend"), a scale ("thousand",
# "тисяч"), a vague plural ("hundreds"), a round approximation ("une
# centaine"), a fraction ("half").
ADD, TIMES, SCALE, VAGUE, ABOUT, FRACTION = "add", "times", "scale", "vague", "about", "fraction"

_SLAVIC = frozenset(("uk", "ru"))
_SOLID = frozenset(("de", "tr"))  # "zweihundert", "ikibin": written as one word
_CASES = {
    "ru": ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"),
    "uk": ("nominative", "genitive", "dative", "accusative", "instrumental", "locative"),
}
_GENDERS = {"ru": ({"gender": "m"}, {"gender": "f"}, {"gender": "n"}), "uk": ({}, {"gender": "feminine"})}
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_LETTERS = re.compile(r"[^\W\d_]+")

# --- written here: what num2words does not say ------------------------------

# Collective numerals: "погибли двое", "п'ятеро поранених".
_COLLECTIVE = {
    "ru": "двое трое четверо пятеро шестеро семеро восьмеро девятеро десятеро двоих троих четверых пятерых",
    "uk": "двоє троє четверо п'ятеро шестеро семеро восьмеро дев'ятеро десятеро",
}
_COLLECTIVE_VALUES = {"дво": 2, "тро": 3, "чет": 4, "пят": 5, "п'я": 5, "шес": 6, "сем": 7, "вос": 8, "дев": 9,
                      "дес": 10}
# Forms of "one" num2words does not spell: the inflected articles.
_MORE_ONES: dict[str, str] = {
    "en": "", "de": "ein eine einen einem einer eines", "fr": "une", "es": "un una uno",
    "tr": "", "ru": "", "uk": "одне одну",
}
# word -> (kind, value); vague and approximate ones by magnitude
_EXTRA: dict[str, dict[str, tuple[str, float]]] = {
    "en": {"dozen": (TIMES, 12), "dozens": (VAGUE, 10), "tens": (VAGUE, 10), "hundreds": (VAGUE, 100),
           "thousands": (VAGUE, 1000), "millions": (VAGUE, 10**6), "billions": (VAGUE, 10**9),
           "half": (FRACTION, 0.5)},
    "de": {"dutzend": (TIMES, 12), "dutzende": (VAGUE, 10), "hunderte": (VAGUE, 100),
           "tausende": (VAGUE, 1000), "zehntausende": (VAGUE, 10**4), "hunderttausende": (VAGUE, 10**5)},
    "fr": {"douzaine": (TIMES, 12), "douzaines": (VAGUE, 10), "dizaine": (ABOUT, 10), "dizaines": (VAGUE, 10),
           "centaine": (ABOUT, 100), "centaines": (VAGUE, 100), "millier": (ABOUT, 1000),
           "milliers": (VAGUE, 1000)},
    "es": {"docena": (TIMES, 12), "docenas": (VAGUE, 10), "decena": (ABOUT, 10), "decenas": (VAGUE, 10),
           "centenar": (ABOUT, 100), "centenares": (VAGUE, 100), "cientos": (VAGUE, 100),
           "millar": (ABOUT, 1000), "millares": (VAGUE, 1000), "miles": (VAGUE, 1000),
           "veintiún": (ADD, 21), "veintiuna": (ADD, 21), "ciento": (ADD, 100)},
    "tr": {"düzine": (TIMES, 12), "düzinelerce": (VAGUE, 10), "onlarca": (VAGUE, 10), "yüzlerce": (VAGUE, 100),
           "binlerce": (VAGUE, 1000), "milyonlarca": (VAGUE, 10**6), "milyarlarca": (VAGUE, 10**9)},
    "ru": {"миллионы": (VAGUE, 10**6), "миллиарды": (VAGUE, 10**9),
           "дюжина": (TIMES, 12), "дюжину": (TIMES, 12), "десяток": (ABOUT, 10), "сотня": (ABOUT, 100),
           "сотню": (ABOUT, 100), "сотней": (ABOUT, 100),
           **{w: (VAGUE, 10) for w in "десятки десятков десяткам десятками десятках".split()},
           **{w: (VAGUE, 100) for w in "сотни сотен сотням сотнями сотнях".split()}},
    "uk": {"дюжина": (TIMES, 12), "дюжину": (TIMES, 12), "десяток": (ABOUT, 10), "сотня": (ABOUT, 100),
           "сотню": (ABOUT, 100), "сотнею": (ABOUT, 100),
           **{w: (VAGUE, 10) for w in "десятки десятків десяткам десятками десятках".split()},
           **{w: (VAGUE, 100) for w in "сотні сотень сотням сотнями сотнях".split()}},
}
# Slavic forms that are a singular after "about"/"over" ("близько тисячі",
# "около сотни": about a thousand, a hundred) and a plural elsewhere
# ("тисячі людей": thousands of people).
_AMBIGUOUS = {"ru": frozenset({"тысячи", "сотни"}), "uk": frozenset({"тисячі", "сотні"})}
_ABOUT_WORDS = {
    "ru": frozenset("около более свыше до почти из порядка менее".split()),
    "uk": frozenset("близько понад більше до майже з із менше".split()),
}
# "twenty-one" is one number; "vingt et un", "treinta y uno", "one hundred and five" too.
_CONNECTORS = {"en": frozenset({"and"}), "fr": frozenset({"et"}), "es": frozenset({"y"})}
# "hundreds of thousands", "des centaines de milliers", "decenas de miles".
_LINKS = {"en": frozenset({"of"}), "fr": frozenset({"de", "d'"}), "es": frozenset({"de"})}
# "pour cent", "por ciento": a percentage, not a hundred.
_NOT_AFTER = {"fr": {"cent": "pour", "cents": "pour"}, "es": {"ciento": "por", "cien": "por"}}
# Number words that are other words too: a figure only before a word
# ("neuf personnes", not "un bâtiment neuf"; "yüz kişi", not "yüz yüze";
# "yedi kişi", not "yemeğini yedi").
_GUARDED = {"fr": frozenset({"neuf"}), "tr": frozenset({"yüz", "yedi"})}
_ELISION = re.compile(r"^(?:l|d|qu|j|s|n|c|m|t|jusqu|lorsqu|puisqu)'")
_CLAUSE_OPENERS = ".!?:;([\"“‘«„»—–\n"


@dataclass(frozen=True)
class Lexicon:
    """One language's number words: word -> (kind, value)."""

    words: dict[str, tuple[str, float]]
    ones: frozenset[str]  # forms of "one": alone, an article or a pronoun
    plural: frozenset[str]  # scale forms after two or more only ("millions", "тисяч")
    ambiguous: frozenset[str]  # singular after "about", plural elsewhere ("тисячі")
    compound_parts: tuple[str, ...]  # "hundert", "tausend": read inside one German or Turkish word
    # every word and every letter run of a word ("п'ять": "п", "ять"): a
    # text none of whose letter runs is here has no number word
    pieces: frozenset[str] = frozenset()


def _tokens(phrase: str) -> list[str]:
    return [t for t in re.split(r"\s+", phrase.lower().translate(_APOSTROPHES)) if t]


@cache
def lexicon(lang: str) -> Lexicon:
    """``lang``'s number words, spelled by num2words once a process and read backwards."""
    from num2words import num2words

    def spell(n: int, **kw: str) -> str:
        return num2words(n, lang=lang, **kw)

    variants: list[dict[str, str]] = [{}]
    if lang in _SLAVIC:
        variants = [{"case": c, **g} for c in _CASES[lang] for g in _GENDERS[lang]]
    words: dict[str, tuple[str, float]] = {}
    singular: set[str] = set()
    plural: set[str] = set()
    small = list(range(0, 100)) if lang not in _SLAVIC else list(range(0, 21)) + list(range(30, 100, 10))
    units: set[str] = set()
    for kw in variants:
        for n in [*small, *range(100, 1000, 100)]:
            toks = _tokens(spell(n, **kw))
            if len(toks) == 1:
                words.setdefault(toks[0], (ADD, n))
                if 1 <= n <= 9:
                    units.add(toks[0])
    if lang == "de":
        units.add("ein")
    if lang == "tr":
        units.add("bir")
    parts: list[str] = []
    for kw in variants:
        # the word that multiplies: "two hundred", "deux cent trente", "zweihundert", "ikiyüz"
        for n, k in ((200, 2), (230, 2), (100, 1)):
            if n == 230 and lang in _SOLID:
                continue  # "zweihundertdreißig": "hundert" is found in "zweihundert"
            word = _hundred(_tokens(spell(n, **kw)), _tokens(spell(k, **kw)), lang, units)
            if word is not None:
                words[word] = (TIMES, 100)
                parts.append(word)
        for scale in (1000, 10**6, 10**9):
            for k in (1, 2, 5):
                word = _scale_word(_tokens(spell(k * scale, **kw)), lang, units)
                if words.get(word, (SCALE, scale)) != (SCALE, scale) and words[word][0] == SCALE:
                    continue  # "mil millones" is a thousand millions, not a word for a billion
                words[word] = (SCALE, scale)
                (singular if k == 1 else plural).add(word)
                if scale == 1000:
                    parts.append(word)
    for w in _MORE_ONES[lang].split():
        words.setdefault(w, (ADD, 1))
    for w in _COLLECTIVE.get(lang, "").split():
        words.setdefault(w, (ADD, _COLLECTIVE_VALUES[w[:3]]))
    if lang == "es":  # the feminine hundreds: "doscientas personas"
        for w, (kind, v) in list(words.items()):
            if kind == ADD and v >= 200 and w.endswith("ientos"):
                words.setdefault(w[:-2] + "as", (ADD, v))
    words.update(_EXTRA[lang])
    ones = frozenset(w for w, (kind, v) in words.items() if kind == ADD and v == 1)
    # "mille", "mil", "thousand", "миллиона" are one form for one and for
    # two: alone, one; a plural only ("millions", "тисяч") alone is many
    ambiguous = _AMBIGUOUS.get(lang, frozenset())
    pieces = frozenset(words) | frozenset(p for w in words for p in _LETTERS.findall(w))
    return Lexicon(
        words, ones, frozenset(plural - singular), ambiguous,
        tuple(sorted(set(parts), key=len, reverse=True)) if lang in _SOLID else (), pieces,
    )


def _hundred(toks: list[str], head: list[str], lang: str, units: set[str]) -> str | None:
    """The word after the multiplied number: "hundred" in "two hundred",
    "cent" in "deux cent trente", "hundert" in "zweihundert"."""
    if len(toks) > len(head) and toks[: len(head)] == head:
        return toks[len(head)]
    if len(head) == 1 and head[0] in ("one", "eins") and len(toks) == 2:
        return toks[1]
    if len(toks) == 1 and lang in _SOLID:
        return _strip_unit(toks[0], units)
    return None


def _scale_word(toks: list[str], lang: str, units: set[str]) -> str:
    """The scale word of "two thousand", "п'яти тисяч", "eine Million", "ikibin"."""
    if len(toks) >= 2:
        return toks[-1]
    return _strip_unit(toks[0], units) if lang in _SOLID else toks[0]


def _strip_unit(w: str, units: set[str]) -> str:
    for u in sorted(units, key=len, reverse=True):
        if w.startswith(u) and len(w) > len(u):
            return w[len(u):]
    return w


def _word(lang: str, w: str) -> tuple[str, float] | None:
    """What a word is worth, a German or Turkish compound read in parts
    ("zweihundertdreißig", "dreitausend", "ikiyüz")."""
    lex = lexicon(lang)
    hit = lex.words.get(w)
    if hit is not None or not lex.compound_parts or len(w) > 40:
        return hit
    if not any(p in w for p in lex.compound_parts):
        return None
    return _compound_word(lang, w)


@lru_cache(maxsize=4096)
def _compound_word(lang: str, w: str) -> tuple[str, float] | None:
    v = _compound(w, lexicon(lang))
    return (ADD, v) if v else None


def _compound(w: str, lex: Lexicon) -> float | None:
    for part in lex.compound_parts:
        i = w.find(part)
        if i < 0:
            continue
        head, tail = w[:i], w[i + len(part):]
        mult = lex.words[part][1]
        left = 1.0 if head == "" or head == "ein" else _plain(head, lex)
        right = 0.0 if tail == "" else _plain(tail, lex)
        if left is None or right is None or left >= mult or right >= mult:
            continue
        return left * mult + right
    return None


def _plain(w: str, lex: Lexicon) -> float | None:
    hit = lex.words.get(w)
    if hit is not None and hit[0] == ADD:
        return hit[1]
    return _compound(w, lex)


def mentions(words: list[str], lang: str) -> bool:
    """Whether any of ``words`` (the changed ones of an edit) is a number word."""
    lex = lexicon(lang)
    table = lex.words
    for t in words:
        if not t[:1].isalpha():
            continue
        w = t.lower()
        if w in table:
            return True
        if "'" in w or "’" in w or "ʼ" in w or "-" in w:
            w = _fold(t, lang)
            if _word(lang, w) is not None or any(_word(lang, p) is not None for p in w.split("-") if p):
                return True
        elif lex.compound_parts and _word(lang, w) is not None:
            return True
    return False


def _fold(t: str, lang: str) -> str:
    w = t.lower().translate(_APOSTROPHES)
    if lang == "fr" and "'" in w:
        w = _ELISION.sub("", w)
    return w


@dataclass(frozen=True, slots=True)
class WordFigure:
    """A figure written in words: where it is, its key, as written."""

    start: int
    end: int
    key: str  # "230", "100s" (hundreds), "~100" (about a hundred)
    shown: str
    value: float  # the number, or the magnitude of a vague one
    one: bool = False  # a lone "one": an article or pronoun as often as a figure
    last_kind: str = ADD


_PART = r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*"
_WORDS = re.compile(rf"{_PART}(?:-{_PART})*")
_PARTS = re.compile(_PART)


def number_words(text: str, lang: str, skip: tuple[tuple[int, int], ...] = ()) -> list[WordFigure]:
    """The figures written as words in ``text``; positions inside ``skip``
    (figures already read from digits) are left alone."""
    lex = lexicon(lang)
    low = text.lower()
    if lex.pieces.isdisjoint(_LETTERS.findall(low)) and not any(p in low for p in lex.compound_parts):
        return []  # most statements: no number word at all
    toks: list[tuple[int, int, str, tuple[str, float] | None]] = []
    found = False
    for m in _WORDS.finditer(text):
        a, b = m.span()
        if skip and any(x <= a < y for x, y in skip):
            continue
        raw = m.group()
        w = raw.lower()
        if "'" in w or "’" in w or "ʼ" in w:
            w = _fold(raw, lang)
        if "-" in w and w not in lex.words:
            # "three-day" in parts; "quatre-vingt-dix" and "twenty-one" whole
            for p in _PARTS.finditer(raw):
                pw = _fold(p.group(), lang)
                hit = _word(lang, pw)
                found = found or hit is not None
                toks.append((p.start() + a, p.end() + a, pw, hit))
            continue
        hit = _word(lang, w)
        found = found or hit is not None
        toks.append((a, b, w, hit))
    if not found:
        return []
    return _read(text, _entries(text, toks, lang), lang, lex)


def _entries(text, toks, lang):
    """Number words that are not figures here: "cent" of "pour cent", "One" of "Formula One"."""
    not_after = _NOT_AFTER.get(lang, {})
    out = []
    for k, (a, b, w, hit) in enumerate(toks):
        if hit is not None:
            if not_after and not_after.get(w) == (toks[k - 1][2] if k else ""):
                hit = None
            elif text[a].isupper() and (lang != "de" or hit[0] == ADD) and not _clause_start(text, a):
                hit = None  # "Formula One", "die Drei"
        out.append((a, b, w, hit))
    return out


def _clause_start(text: str, a: int) -> bool:
    i = a - 1
    while i >= 0 and text[i] in " \t\u00a0\u202f":
        i -= 1
    return i < 0 or text[i] in _CLAUSE_OPENERS


def _read(text, toks, lang, lex) -> list[WordFigure]:
    out: list[WordFigure] = []
    conn = _CONNECTORS.get(lang, frozenset())
    links = _LINKS.get(lang, frozenset())
    n = len(toks)
    i = 0
    while i < n:
        if toks[i][3] is None:
            i += 1
            continue
        seq = [i]
        j = i + 1
        while j < n:
            a_prev = toks[seq[-1]][1]
            a, _b, w, hit = toks[j]
            if text[a_prev:a].strip() not in ("", "-"):
                break
            if hit is None and (w in conn or w in links) and j + 1 < n and toks[j + 1][3] is not None \
                    and text[toks[j][1]:toks[j + 1][0]].strip() == "" \
                    and _joins(toks, seq, j + 1, "link" if w in links else "and"):
                seq.append(j + 1)
                j += 2
                continue
            if hit is None or not _joins(toks, seq, j, ""):
                break
            seq.append(j)
            j += 1
        fig = _figure(text, toks, seq, lang, lex)
        if fig is not None:
            out.append(fig)
        i = seq[-1] + 1
    return out


def _joins(toks, seq, j, via: str) -> bool:
    """Whether token ``j`` goes on the number ``seq`` reads so far, next to
    it (``via`` ""), after "and"/"et"/"y" ("and") or after "of"/"de" ("link")."""
    kinds = [toks[k][3] for k in seq]
    kind, v = toks[j][3]
    last_kind, last_v = kinds[-1]
    if last_kind in (VAGUE, ABOUT, FRACTION):
        # "hundreds of thousands", "десятки тисяч", "une dizaine de milliers"
        return via != "and" and last_kind != FRACTION and kind in (SCALE, VAGUE) and v > last_v
    if via == "link":
        return False
    if via == "and" and kind != ADD:
        return False
    if kind in (VAGUE,):
        return last_kind in (ADD, TIMES)  # "on binlerce", "yüz binlerce"
    if kind == ABOUT:  # "une dizaine", "un centenar"
        return len(kinds) == 1 and kinds[0] == (ADD, 1)
    if kind == FRACTION:
        return False
    if kind == TIMES:
        return _sum(kinds)[1] < v
    if kind == SCALE:
        return True
    # an added word must be smaller than the last place: "twenty" "one", not "two" "three"
    cur = _sum(kinds)[1]
    if cur == 0:
        return last_kind == SCALE and v < last_v
    place = 1
    while cur % (place * 10) == 0:
        place *= 10
    return v < place and not (last_kind == ADD and last_v < 10)


def _sum(kinds) -> tuple[float, float]:
    """What ``kinds`` read so far: the total of the closed scales ("two
    thousand"), and the part still open after them ("three hundred")."""
    total = cur = 0.0
    for kind, v in kinds:
        total, cur = _step(total, cur, kind, v)
    return total, cur


def _step(total: float, cur: float, kind: str, v: float) -> tuple[float, float]:
    if kind == SCALE:
        if total + cur < v:
            return (total + cur or 1) * v, 0.0
        return total + (cur or 1) * v, 0.0
    if kind == TIMES:
        return total, (cur or 1) * v if cur < v else cur + v
    return total, cur + v


def _figure(text, toks, seq, lang, lex) -> WordFigure | None:
    a, b = toks[seq[0]][0], toks[seq[-1]][1]
    words = [toks[k][2] for k in seq if toks[k][3] is not None]
    kinds = [toks[k][3] for k in seq if toks[k][3] is not None]
    shown = _shown(text[a:b], lang, kinds)
    first_kind, first_v = kinds[0]
    if len(kinds) == 1:
        w = words[0]
        if w in _GUARDED.get(lang, ()) and not _guard(text, toks, seq[0], lang):
            return None
        if first_kind == ADD and w in lex.ones:
            return WordFigure(a, b, "1", shown, 1.0, one=True)
        if first_kind == SCALE and w in lex.ambiguous:
            prev = toks[seq[0] - 1][2] if seq[0] else ""
            if prev in _ABOUT_WORDS.get(lang, ()):
                return WordFigure(a, b, figure_key(first_v), shown, first_v, last_kind=SCALE)
            return WordFigure(a, b, f"{figure_key(first_v)}s", shown, first_v, last_kind=VAGUE)
        if first_kind == VAGUE and w in lex.ambiguous:
            prev = toks[seq[0] - 1][2] if seq[0] else ""
            if prev in _ABOUT_WORDS.get(lang, ()):
                return WordFigure(a, b, f"~{figure_key(first_v)}", shown, first_v, last_kind=ABOUT)
        if first_kind in (SCALE, TIMES) and w in lex.plural:
            return WordFigure(a, b, f"{figure_key(first_v)}s", shown, first_v, last_kind=VAGUE)
    if any(k in (VAGUE, ABOUT) for k, _ in kinds):
        mag = 1.0
        for kind, v in kinds:
            mag = mag * v if kind != ADD or mag == 1.0 else mag + v
        key = f"~{figure_key(mag)}" if any(k == ABOUT for k, _ in kinds) else f"{figure_key(mag)}s"
        return WordFigure(a, b, key, shown, mag, last_kind=VAGUE)
    total, cur = _sum(kinds)
    v = total + cur
    return WordFigure(a, b, figure_key(v), shown, v, last_kind=kinds[-1][0])


def _guard(text, toks, i, lang) -> bool:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None or text[toks[i][1]:nxt[0]].strip() != "" or not nxt[2][:1].isalpha():
        return False
    if nxt[2].startswith(toks[i][2]) or text[nxt[0]].isupper():
        return False  # "yüz yüze"
    if lang == "fr":
        from monitor.text.langdata import function_words

        prev = toks[i - 1][2] if i else ""
        return i == 0 or prev in function_words(lang) or toks[i - 1][3] is not None or _clause_start(text, toks[i][0])
    return True


def _shown(span: str, lang: str, kinds) -> str:
    """As written, lower case but for German nouns ("zwei Millionen")."""
    if lang == "de":
        return span[:1].lower() + span[1:] if kinds[0][0] == ADD else span
    return span.lower()


def figure_key(v: float) -> str:
    """A figure as the ``numbers`` aspect counts it, whether read from words
    or digits: "3", "1200", "0.5"."""
    return str(int(v)) if float(v).is_integer() else repr(round(v, 6))


__all__ = ["Lexicon", "WordFigure", "figure_key", "lexicon", "mentions", "number_words"]

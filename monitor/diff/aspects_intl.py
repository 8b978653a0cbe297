"""The aspects of an edit in Ukrainian, Russian, Turkish, German, French and Spanish.

The same aspects as ``monitor.diff.aspects`` and the same rules, read with
each language's own words (``monitor.text.langdata``):

- ``numbers``: "1.000" is a thousand in German, Turkish and Spanish, "1 000"
  in French, Ukrainian and Russian; "1,5" is one and a half; "1,5 тис." and
  "1.500" are one figure; "%3" and "yüzde 3" are "3%";
- ``time``: weekdays, months, "yesterday"/"next week" from CLDR, matched in
  their inflected forms ("у п'ятницю" is "п'ятниця", "Pazartesi'den" is
  "pazartesi"), clock forms ("12.31 Uhr", "14h30", "saat 14.00");
- ``negation``: a predicate in both wordings negated in one only ("nicht",
  "kein", "ne … pas", "no", "не", "değil", and Turkish "-me/-ma" inside the
  verb: "katıldı" → "katılmadı"); a negated clause added or dropped is no
  flip, and a negator inside a name flips nothing;
- ``quote``: the language's quotation marks (« », „ “, » «, ‹ ›);
- ``entities``: names by wordfreq's frequency list of the language; the
  inflected forms of one name are one name ("Зеленський"/"Зеленського",
  "Erdoğan"/"Erdoğan'ın").

English never comes here: its detectors are unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, cached_property, lru_cache

from monitor.diff.figures import Figures, figure_change
from monitor.diff.names import same_name
from monitor.diff.polarity import pair_clauses
from monitor.diff.words import changed_tokens, outside_spans, quotation_change
from monitor.text.langdata import (
    ATTRIBUTIONS,
    CLOCKS,
    HEARSAY_AUXILIARIES,
    HEDGES,
    HONORIFICS,
    JOINERS,
    NAME_LINKS,
    NEGATOR_AFTER,
    NEGATORS,
    NOT_ONLY,
    OPPOSITES,
    QUOTES,
    REFUSALS,
    calendar,
    canonical_time_word,
    common_words,
    function_words,
    numbers,
)
from monitor.text.numwords import SCALE, figure_key, mentions, number_words
from monitor.text.places import place_names

_SLAVIC = frozenset(("uk", "ru"))
_SLAVIC_ENDINGS = "аеєиіїоуюяьйм"
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ\-][^\W\d_]+)*")
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W_]+(?:['’ʼ][^\W_]+)*|[^\w\s]")
_SPACES = "\u00a0\u202f "


def _arrow(gone: Counter[str], came: Counter[str], what: str) -> str:
    g = ", ".join(sorted(gone)) or "—"
    c = ", ".join(sorted(came)) or "—"
    return f"{what} changed: {g} → {c}"


# --- time -------------------------------------------------------------------

_NUMERIC_DATE = r"\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?!\d)"
_DAY_BEFORE = re.compile(r"(\d{1,2})\.?\s+(?:de\s+)?$")
_YEAR_AFTER = re.compile(r"^,?\s+(?:de\s+)?(\d{4})(?!\d)")
_DIGITS = re.compile(r"\d+")


@cache
def _clock(lang: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.,:]){_NUMERIC_DATE}|(?<![\w.,:])(?:{CLOCKS[lang]})")


def _clock_key(span: str) -> str:
    parts = [int(x) for x in _DIGITS.findall(span)]
    if len(parts) >= 3:
        return ".".join(str(p) for p in parts)  # a numeric date
    h = parts[0]
    m = parts[1] if len(parts) > 1 else 0
    return f"{h}:{m:02d}"


def _time_spans(s: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    low = s.lower()
    if len(low) != len(s):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in s)
    spans: list[tuple[int, int, str]] = []
    for m in _clock(lang).finditer(low):
        g = m.group()
        parts = [int(x) for x in _DIGITS.findall(g)]
        if len(parts) < 3 and (parts[0] > 24 or (len(parts) > 1 and parts[1] > 59)):
            continue  # "48.50": a figure, not a time
        spans.append((m.start(), m.end(), _clock_key(g)))
    cal = calendar(lang)
    for m in cal.pattern.finditer(low):
        canon = canonical_time_word(m.group(), cal)
        if canon is None:
            continue
        a, b, key = m.start(), m.end(), canon
        if canon in cal.months:
            if (d := _DAY_BEFORE.search(low, max(0, a - 12), a)) is not None:
                a, key = d.start(), f"{int(d.group(1))} {canon}"
            if (y := _YEAR_AFTER.match(low[b:b + 12])) is not None:
                b, key = b + y.end(), f"{key} {y.group(1)}"
        spans.append((a, b, key))
    spans.sort()
    out: list[tuple[int, int, str]] = []
    for sp in spans:
        if out and sp[0] < out[-1][1]:
            continue  # inside an earlier span: "12 травня" holds "травня"
        out.append(sp)
    return tuple(out)


# --- numbers ----------------------------------------------------------------

_PERCENT_WORDS = re.compile(
    r"\s*(?:%|prozent|відсот\w*|процент\w*|pour\s?cent|por\s?ciento)", re.I
)
_TR_PERCENT = re.compile(r"(?:%\s?|yüzde\s+)(?=\d)", re.I)


@cache
def _number_rx(lang: str) -> re.Pattern[str]:
    """A figure as ``lang`` writes it. Groups of three after a point or a
    space are thousands in every one of these languages ("1.000", "1 000":
    French and Ukrainian papers write both); the decimal mark is the comma,
    and "1.5" (one or two digits after a point) a decimal too."""
    dec = re.escape(numbers(lang).decimal)
    return re.compile(
        r"(?<![\w.,])(?:\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+)"
        rf"(?:{dec}\d+|\.\d{{1,2}}(?!\d))?(?![\d])"
    )


@cache
def _scale_rx(lang: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) + (r"\w*" if not w.endswith(".") else "") for w, _ in numbers(lang).scales)
    return re.compile(rf"[ \u00a0\u202f]?(?:{alts})(?!\w)", re.I)


def _scale_of(word: str, lang: str) -> int:
    w = word.strip(_SPACES).lower()
    for s, mult in numbers(lang).scales:
        if w == s or (not s.endswith(".") and w.startswith(s)):
            return mult
    return 1


def _value(raw: str, lang: str) -> float:
    nums = numbers(lang)
    t = raw
    for ch in _SPACES:
        t = t.replace(ch, "")
    # "1.000" is grouping; "1.5" (two digits or fewer after one point) a decimal
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        t = t.replace(".", "")
    t = t.replace(nums.decimal, ".")
    return float(t)


def _figures(s: str, spans: tuple[tuple[int, int, str], ...], lang: str) -> Figures:
    rest = outside_spans(s, spans)
    out = Figures()
    scale = _scale_rx(lang)
    taken: list[tuple[int, int]] = []
    for m in _number_rx(lang).finditer(rest):
        try:
            v = _value(m.group(), lang)
        except ValueError:
            continue
        after = m.end()
        shown = None
        if (sc := scale.match(rest, after)) is not None:
            v *= _scale_of(sc.group(), lang)
            after = sc.end()
            shown = rest[m.start():after]
        pct = _PERCENT_WORDS.match(rest, after)
        taken.append((m.start(), pct.end() if pct is not None else after))
        is_pct = pct is not None
        if lang == "tr" and _TR_PERCENT.search(rest[max(0, m.start() - 7):m.start()] + "0") is not None:
            is_pct = True
        out.add(figure_key(v) + ("%" if is_pct else ""), shown)
    # Figures in words: "drei", "двох тисяч", "eine Million"; a scale word
    # alone is one ("тисячу полонених", "mil prisioneros"), and Turkish
    # "bin 200" is 1,200.
    for w in number_words(rest, lang, tuple(taken)):
        if w.one:
            out.ones += 1
            continue
        key = w.key
        if w.last_kind == SCALE and (tail := _TAIL.match(rest, w.end)) is not None and int(tail.group(1)) < w.value:
            old = figure_key(float(tail.group(1)))
            out.counts[old] -= 1
            if out.counts[old] <= 0:
                del out.counts[old]
            key = figure_key(w.value + int(tail.group(1)))
            out.add(key, rest[w.start:tail.end()])
            continue
        pct = _PERCENT_WORDS.match(rest, w.end) is not None or (
            lang == "tr" and rest[max(0, w.start - 7):w.start].lower().rstrip().endswith("yüzde"))
        out.add(key + ("%" if pct else ""), w.shown + ("%" if pct else ""))
    return out


_TAIL = re.compile(r"[ \u00a0]+(\d{1,3})(?![\d.,])")


# --- negation ---------------------------------------------------------------


def _stem(word: str, lang: str) -> str:
    w = word.lower().replace("’", "'").replace("ʼ", "'")
    return w[:5] if lang in _SLAVIC or lang == "tr" else w[:6]


class _Clause:
    __slots__ = ("words", "positive", "negated", "cues")

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.positive: set[str] = set()
        self.negated: set[str] = set()
        self.cues: list[tuple[str, frozenset[str]]] = []


def _clauses(text: str, lang: str) -> list[_Clause]:
    toks = _TOKEN.findall(text)
    joiners = JOINERS[lang]
    groups: list[list[str]] = [[]]
    for t in toks:
        if t in ",;:()—–«»„“”\"" or t in "!?" or t.lower() in joiners:
            if groups[-1]:
                groups.append([])
            continue
        if t == ".":
            continue
        groups[-1].append(t)
    fw = function_words(lang)
    negs = NEGATORS[lang]
    after = NEGATOR_AFTER.get(lang, frozenset())
    opposite = OPPOSITES.get(lang, {})
    out = []
    for g in groups:
        if not g:
            continue
        c = _Clause()
        low = [t.lower().replace("’", "'").replace("ʼ", "'") for t in g]
        content = [
            i for i, w in enumerate(low)
            if w[:1].isalpha() and w not in negs and w not in fw and w not in after
        ]
        scoped: set[int] = set()
        seen_ne = False
        for i, w in enumerate(low):
            cue = w in negs or (lang == "fr" and w.startswith("n'"))
            if lang == "fr" and w in after:
                cue = cue and not seen_ne and w in ("pas", "jamais", "aucun", "aucune")
            if cue and _emphasis(low, i, lang):
                continue  # "не лише … а й", "nicht nur … sondern auch": not a negation
            refusal = _refuses(low, i, lang) and not (lang == "de" and g[i][:1].isupper())  # a noun
            if not refusal and (denied := _denies(w, opposite)) is not None:
                head = _stem(denied, lang)
                c.cues.append((w, frozenset({head})))
                c.negated.add(head)
                c.words.add(head)
                scoped.add(i)
                continue
            if not cue and not refusal:
                continue
            if _inside_name(g, i):
                continue
            if lang == "fr" and (w == "ne" or w.startswith("n'")):
                seen_ne = True
                if _restrictive(low, i):
                    continue  # "ne … que" is "only", not a negation
                if _expletive(low, i):
                    continue  # "avant que la trêve n'expire": no negation at all
            # a refusal governs its whole complement: "verweigerte jede
            # Stellungnahme zu den Vorwürfen", as "declined to" in English
            heads = [k for k in content if k > i] if refusal else _heads(low, content, i, lang, w)
            if not heads:
                continue
            c.cues.append((w if not w.startswith("n'") else "ne", frozenset(_stem(low[k], lang) for k in heads)))
            scoped.update(heads)
            c.negated.update(_stem(low[k], lang) for k in heads)
        for i in content:
            st = _stem(low[i], lang)
            c.words.add(st)
            if i not in scoped:
                c.positive.add(st)
        out.append(c)
    return out


def _refuses(low: list[str], i: int, lang: str) -> bool:
    """A verb of refusing ("відмовився", "lehnte … ab", "declinó", "se negó
    a"): it negates what follows, as "declined to" does in English."""
    w = low[i]
    if lang == "es" and w.startswith(("neg", "nieg")) and i > 0 and low[i - 1] == "se":
        return True  # "se negó a comentar" refuses; "negó" alone denies
    return w.startswith(REFUSALS[lang])  # none for Turkish: startswith(()) is False


def _emphasis(low: list[str], i: int, lang: str) -> bool:
    """A negator that only stresses: "не лише", "nicht nur", "no solo", "ne …
    pas seulement", Turkish "yalnızca … değil" (English "not only")."""
    words = NOT_ONLY[lang]
    if lang == "tr":
        return low[i].startswith("değil") and any(w in words for w in low[:i])
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if lang == "fr" and (low[i] == "ne" or low[i].startswith("n'")):
        # "n'ont pas seulement évoqué": the word after "pas" decides
        for k in range(i + 1, min(len(low), i + 4)):
            if low[k] == "pas":
                return k + 1 < len(low) and low[k + 1] in words
        return False
    # "не просто обмін, а …" stresses; "це було не просто" (not easy) negates
    return nxt in words and i + 2 < len(low)


# What the French "ne" explétif follows: "avant que", "à moins que", "sans
# que", "de peur que", fearing and preventing ("craindre que", "éviter que"),
# and comparisons ("plus grave qu'on ne le pensait").
_FR_EXPLETIVE_BEFORE = ("avant", "moins", "sans", "peur", "crainte", "crai", "redout", "empêch",
                        "évit", "plus", "mieux", "pire", "autre")
_FR_SECOND_NEGATORS = frozenset("pas plus jamais rien personne aucun aucune guère point nul nulle".split())


def _expletive(low: list[str], i: int) -> bool:
    """A French "ne" with no second negator after a "que" that such a word
    governs: "avant que la trêve n'expire" says the truce expires."""
    if any(w in _FR_SECOND_NEGATORS for w in low[i + 1:]):
        return False
    for k in range(i - 1, -1, -1):
        if low[k] == "que" or low[k].startswith(("qu'", "qu’")):
            return any(w.startswith(_FR_EXPLETIVE_BEFORE) for w in low[max(0, k - 3):k])
    return False


def _denies(word: str, opposite: dict[str, str]) -> str | None:
    """The word ``word`` denies ("опровергло" denies "подтверд…"), or None."""
    for start, denied in opposite.items():
        if word.startswith(start):
            return denied
    return None


def _restrictive(low: list[str], i: int) -> bool:
    """French "ne … que" with no "pas", "plus", "jamais" between: "only"."""
    for w in low[i + 1:]:
        if w in ("pas", "plus", "jamais", "rien", "personne", "aucun", "aucune"):
            return False
        if w == "que" or w.startswith(("qu'", "qu’")):
            return True
    return False


def _inside_name(g: list[str], i: int) -> bool:
    """A negator between two capitalised words ("Reporter Ohne Grenzen") or
    itself capitalised mid-clause is part of a name."""
    if i > 0 and g[i][:1].isupper():
        return True
    return 0 < i < len(g) - 1 and g[i - 1][:1].isupper() and g[i + 1][:1].isupper() and i - 1 > 0


def _heads(low: list[str], content: list[int], i: int, lang: str, cue: str) -> list[int]:
    """What a negator governs: the next content words, or, when the language
    puts the negator after its predicate (Turkish "değil", "yok"; German
    "nicht" at the end of a clause), the ones before it."""
    before = [k for k in content if k < i]
    after = [k for k in content if k > i]
    if lang == "tr" and cue in ("değil", "değildir", "değildi", "yok"):
        return before[-1:]
    if after:
        return after[:2]
    return before[-2:]


def _turkish_flip(a_words: list[str], b_words: list[str]) -> str | None:
    """A verb in ``b`` that is a verb of ``a`` with "-me/-ma" put in:
    "katıldı" → "katılmadı", "katılacak" → "katılmayacak", "geliyor" → "gelmiyor",
    "yaptı" → "yapmadı", "kabul etti" → "kabul etmedi"; or the "could not" form "-(y)ama/-(y)eme":
    "uzlaştı" → "uzlaşamadı", "katılıyor" → "katılamıyor"."""
    a_set = set(a_words)
    for w in b_words:
        if len(w) < 6 or w in a_set:
            continue
        for v in a_set:
            if len(v) < 4 or not (2 <= len(w) - len(v) <= 5) or v[:2] != w[:2]:
                continue
            k = len(_common_prefix(v, w))
            if k < 2:
                continue
            tense = _tr_voiced(v[k:])
            for neg in _TR_NEGATIVE_INFIXES:
                if not w.startswith(neg, k):
                    continue
                rest = w[k + len(neg):]
                for infix in ("ay", "ey", "a", "e", ""):
                    if rest.startswith(infix) and _tr_harmony(rest[len(infix):]) == _tr_harmony(tense) and (
                        tense.startswith(_TR_TENSES) or (infix == "" and tense[:1] in "ıiuü")
                    ):
                        return w
    return None


# "-m-" (does not), "-am-"/"-em-" after a consonant and "-yam-"/"-yem-"
# after a vowel (cannot): "gelmedi", "uzlaşamadı", "okuyamadı".
_TR_NEGATIVE_INFIXES = ("m", "am", "em", "yam", "yem")


_TR_VOWELS = str.maketrans("ıiuüae", "IIIIAA")


def _tr_harmony(suffix: str) -> str:
    """The suffix with its vowels as vowel harmony leaves them open: after
    "-ma" the past is "-dı" whatever the root had ("oldu" → "olmadı",
    "gördü" → "görmedi")."""
    return suffix.translate(_TR_VOWELS)


def _tr_voiced(suffix: str) -> str:
    """The tense suffix as it reads after a vowel: "yaptı" is "yap" + "tı",
    and "yapmadı" has "dı" after the "a" of "-ma"."""
    return "d" + suffix[1:] if suffix[:1] == "t" else suffix


_TR_TENSES = ("d", "t", "yor", "ıyor", "iyor", "uyor", "üyor", "acak", "ecek", "mış", "miş", "muş", "müş",
              "sın", "sin", "ız", "iz", "ın", "in")


def _common_prefix(a: str, b: str) -> str:
    k = 0
    while k < len(a) and k < len(b) and a[k] == b[k]:
        k += 1
    return a[:k]


def _flip(a: _Clause, b: _Clause) -> str | None:
    """A negation in ``b`` of a predicate that ``a`` states plainly."""
    for cue, heads in b.cues:
        if heads & a.positive and not heads & a.negated:
            return cue
    return None


def polarity_change(old: str, new: str, lang: str) -> str | None:
    a, b = _clauses(old, lang), _clauses(new, lang)
    for ca, cb in pair_clauses(a, b):
        if (cue := _flip(ca, cb)) is not None:
            return f"polarity flipped: ‘{cue}’ added"
        if (cue := _flip(cb, ca)) is not None:
            return f"polarity flipped: ‘{cue}’ dropped"
    if lang == "tr":
        wa = [w.lower() for w in _WORD.findall(old)]
        wb = [w.lower() for w in _WORD.findall(new)]
        if (w := _turkish_flip(wa, wb)) is not None:
            return f"polarity flipped: ‘{w}’ (-me/-ma) added"
        if (w := _turkish_flip(wb, wa)) is not None:
            return f"polarity flipped: ‘{w}’ (-me/-ma) dropped"
    return None


# --- quotations -------------------------------------------------------------


def _quote_spans(s: str, lang: str) -> list[tuple[int, int]]:
    pairs = QUOTES[lang]
    marks = set(pairs) | set("".join(pairs.values()))
    spans: list[tuple[int, int]] = []
    closers = ""
    start = 0
    opened = False
    for i, ch in enumerate(s):
        if ch not in marks:
            continue
        if opened and ch in closers:
            spans.append((start, i))
            opened = False
        elif not opened and ch in pairs:
            opened, closers, start = True, pairs[ch], i + 1
        elif not opened and not spans and any(ch in c for c in pairs.values()):
            spans.append((0, i))  # closes a quotation opened in an earlier sentence
    if opened:
        spans.append((start, len(s)))
    return spans


def _fold_words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _quotations(s: str, lang: str) -> str:
    return " ".join(" ".join(_fold_words(s[a:b])) for a, b in _quote_spans(s, lang)).strip()


def quote_change(fa: IntlFeatures, fb: IntlFeatures) -> str | None:
    a, b = fa.quotations, fb.quotations
    if a == b:
        return None
    ta, tb = set(_fold_words(fa.text)), set(_fold_words(fb.text))
    came = [w for w in Counter(b.split()) - Counter(a.split()) if w not in ta]
    gone = [w for w in Counter(a.split()) - Counter(b.split()) if w not in tb]
    return quotation_change(a, b, came, gone)


# --- names ------------------------------------------------------------------

_CLAUSE_OPENERS = ".!?:;—–([\"“‘«„»"
_DE_ARTICLES = frozenset(
    "der die das den dem des ein eine einen einem einer eines zum zur im am vom beim ins".split()
)


@lru_cache(maxsize=16384)
def name_key(word: str, lang: str) -> str:
    """One name however it is inflected: "Зеленського" and "Зеленський" are
    "зеленськ", "Erdoğan'ın" is "erdoğan"."""
    w = word.casefold()
    for ap in ("'", "’", "ʼ"):
        if ap in w and lang in ("tr", "fr", "es", "de"):
            head, _, tail = w.partition(ap)
            w = tail if lang == "fr" and len(head) <= 2 else head  # "d'Istanbul", "Erdoğan'ın"
    if lang in _SLAVIC:
        k = 0
        while len(w) > 4 and w[-1] in _SLAVIC_ENDINGS and k < 3:
            w, k = w[:-1], k + 1
    return w


def _entities(s: str, lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names in ``s``, and the capitalised words that would be names
    but for being common ("Ankara" in German): a name if they take the
    place of one (``entity_change``)."""
    common = common_words(lang)
    hon = HONORIFICS[lang]
    links = NAME_LINKS[lang]
    cal = calendar(lang)
    words = list(_WORD.finditer(s))
    out: set[str] = set()
    weak: set[str] = set()
    run: list[str] = []
    run_start = True

    def flush() -> None:
        nonlocal run
        while run and run[-1].casefold() in links:
            run.pop()
        if run:
            single = len(run) == 1
            w = run[0]
            # alone, a capitalised word opening a clause (or any German noun)
            # is a name only when it is rare, an acronym or a place
            if single and (run_start or lang == "de") and not _name_like(w, lang, common):
                weak.add(name_key(w, lang))
            else:
                out.add(" ".join(name_key(x, lang) for x in run if x.casefold() not in links))
        run = []

    prev_end = 0
    prev_low = ""
    for m in words:
        w = m.group()
        gap = s[prev_end:m.start()]
        at_start = prev_end == 0 or any(c in _CLAUSE_OPENERS for c in gap)
        folded = w.casefold().replace("’", "'").replace("ʼ", "'")
        is_cap = w[:1].isupper()
        if is_cap and (folded.rstrip(".") in hon or canonical_time_word(folded, cal) is not None):
            is_cap = False
        if lang == "de" and is_cap and prev_low in _DE_ARTICLES and folded in common and not _place(w, lang):
            is_cap = False  # "die Regierung": a noun; "die Türkei": a name
        if is_cap and gap.strip() == "" and run or run and folded in links and gap.strip() == "":
            run.append(w)
        else:
            flush()
            if is_cap:
                run = [w]
                run_start = at_start
        prev_end = m.end()
        prev_low = folded
    flush()
    return frozenset(n for n in out if len(n) > 1), frozenset(n for n in weak if len(n) > 1)


@cache
def _place_keys(lang: str) -> frozenset[str]:
    return frozenset(name_key(p, lang) for p in place_names(lang) if " " not in p)


def _place(word: str, lang: str) -> bool:
    """A country or city CLDR names in ``lang``, however inflected ("Стамбулі")."""
    return name_key(word, lang) in _place_keys(lang)


def _name_like(word: str, lang: str, common: frozenset[str]) -> bool:
    if sum(c.isupper() for c in word) >= 2:
        return True  # an acronym: "ЄС", "NATO", "AB"
    w = word.casefold().replace("’", "'").replace("ʼ", "'")
    w = name_key(w, lang) if lang == "tr" else w
    return (w not in common and not (lang == "de" and _de_inflected_noun(w, common))) or _place(word, lang)


# Plural and case endings of German nouns: "Korridore", "Gesprächen", "Staaten".
_DE_NOUN_ENDINGS = ("en", "er", "es", "e", "n", "s")


def _de_inflected_noun(w: str, common: frozenset[str]) -> bool:
    """A German noun in a rarer form of a common one ("Korridore" of
    "Korridor"): a noun, not a name, though the form itself is rare."""
    return any(w.endswith(e) and len(w) - len(e) >= 4 and w[: -len(e)] in common for e in _DE_NOUN_ENDINGS)


def entity_change(fa: IntlFeatures, fb: IntlFeatures) -> str | None:
    a, b = fa.entities, fb.entities
    if a == b:
        return None
    gone = {x for x in a - b if not any(same_name(x, y) for y in b)}
    came = {x for x in b - a if not any(same_name(x, y) for y in a)}
    # a name written in the other wording where it was not read as one
    # (a sentence's first word), or written there in lower case only
    # ("Médecins sans frontières" → "Médecins Sans Frontières")
    if gone:
        caps_b, lower_b = _keys(fb)
        gone = {x for x in gone if x.split()[-1] not in caps_b and not set(x.split()) <= lower_b}
    if came:
        caps_a, lower_a = _keys(fa)
        came = {x for x in came if x.split()[-1] not in caps_a and not set(x.split()) <= lower_a}
    if len(gone) == 1 and not came:
        came = _in_place_of(fa, fb, reverse=False)
    elif len(came) == 1 and not gone:
        gone = _in_place_of(fa, fb, reverse=True)
    if not gone and not came:
        return None
    if len(gone) == 1 and len(came) == 1:
        x, y = next(iter(gone)), next(iter(came))
        return f"name changed: {_display(x, fa.text, fa.lang)} → {_display(y, fb.text, fb.lang)}"
    parts = []
    if came:
        parts.append("name added: " + ", ".join(sorted(_display(x, fb.text, fb.lang) for x in came)))
    if gone:
        parts.append("name dropped: " + ", ".join(sorted(_display(x, fa.text, fa.lang) for x in gone)))
    return "; ".join(parts)


def _keys(f: IntlFeatures) -> tuple[set[str], set[str]]:
    """The name keys of the capitalised words of a wording, and of all its words."""
    caps: set[str] = set()
    every: set[str] = set()
    for w in _WORD.findall(f.text):
        k = name_key(w, f.lang)
        every.add(k)
        if w[:1].isupper():
            caps.add(k)
    return caps, every


def _in_place_of(fa: IntlFeatures, fb: IntlFeatures, reverse: bool) -> set[str]:
    """A capitalised common word that took the place of a name is a name:
    "in Istanbul" → "in Ankara" (German writes every noun capitalised, and
    "Ankara" is frequent), "Стамбул прийме" → "Анкара прийме". One word for
    one, both in the words that changed, the new one no more frequent than
    a name mostly is (below zipf 4: "in Haft", in custody, names no one)."""
    lang = fa.lang
    gone_w, came_w = changed_tokens(fa.text, fb.text, fold=False)
    if reverse:
        fa, fb, gone_w, came_w = fb, fa, came_w, gone_w
    caps = {name_key(w, lang): w for w in came_w if w[:1].isupper()}
    if len(caps) != 1 or not any(w[:1].isupper() for w in gone_w):
        return set()
    cand, word = next(iter(caps.items()))
    if cand not in fb.weak_names or cand in fa.weak_names or word.casefold() in common_words(lang, 4.0):
        return set()
    return {cand}


def _display(key: str, text: str, lang: str) -> str:
    """The name as written, for the reason line."""
    last = key.split()[-1]
    for w in _WORD.findall(text):
        if w[:1].isupper() and name_key(w, lang) == last:
            return w
    return key


# --- content ----------------------------------------------------------------


def content_change(fa: IntlFeatures, fb: IntlFeatures) -> str | None:
    """A claim added or dropped: two content words more on one side, or a
    clause joined on; synonyms and reordering are wording."""
    lang = fa.lang
    gone, came = changed_tokens(fa.text, fb.text)
    fw = function_words(lang)
    negs = NEGATORS[lang]

    def stems(ws: list[str]) -> Counter[str]:
        return Counter(_stem(w, lang) for w in ws if w[:1].isalpha() and w not in fw and w not in negs
                       and not _negator_like(w, lang) and not (lang == "tr" and _TR_LIGHT_VERB.match(w)))

    if (d := hedge_change(fa.text, fb.text, lang)) is not None:
        return d
    g, c = stems(gone), stems(came)
    if lang == "fr":
        # "a rencontré" → "n'a rencontré que": the claim narrowed to "only"
        ra = any(_restrictive(ws, k) for ws in (_fr_words(fa.text),) for k, w in enumerate(ws)
                 if w == "ne" or w.startswith("n'"))
        rb = any(_restrictive(ws, k) for ws in (_fr_words(fb.text),) for k, w in enumerate(ws)
                 if w == "ne" or w.startswith("n'"))
        if ra != rb:
            return "claim narrowed: ne … que" if rb else "claim widened: ne … que dropped"
    if sorted(g.elements()) == sorted(c.elements()):
        return None
    added, dropped = c - g, g - c
    # the source of an attribution added or dropped ("según él", "за його
    # словами") is not a claim, as "…, he said" is not in English
    added -= _attributed(came, lang)
    dropped -= _attributed(gone, lang)
    if not added and not dropped:
        return None
    more, fewer = sum(added.values()), sum(dropped.values())
    joiners = JOINERS[lang]
    # a negated clause added ("…, eine Einigung gab es nicht") is a claim of its own
    neg_in = any(w in negs for w in came) and more >= 1 and "," in came
    neg_out = any(w in negs for w in gone) and fewer >= 1 and "," in gone
    if neg_in and more >= fewer:
        return "claim added: " + " ".join(w for w in came if w[:1].isalnum())[:80]
    if neg_out and fewer >= more:
        return "claim dropped: " + " ".join(w for w in gone if w[:1].isalnum())[:80]
    if more - fewer >= 2 or (more > fewer and any(w in joiners for w in came)):
        return "claim added: " + " ".join(w for w in came if w[:1].isalnum())[:80]
    if fewer - more >= 2 or (fewer > more and any(w in joiners for w in gone)):
        return "claim dropped: " + " ".join(w for w in gone if w[:1].isalnum())[:80]
    return None


# Turkish "etmek" after a noun makes a verb of it ("devam etti", continued;
# "kabul etti", accepted): the noun carries the claim, "etti" nothing of its
# own, so "sürdü" → "bir süre devam etti" (lasted) adds no claim.
_TR_LIGHT_VERB = re.compile(r"^(?:et(?:ti|mi|me|mek|tiğ)|ed(?:er|ecek|iyor|il|ebil|eme))\w*$")


def _negator_like(w: str, lang: str) -> bool:
    """A verb of refusing counts as a negator, not a claim, as "declined" does
    in English ("did not comment" = "refused to comment"); so does the
    German particle "ab" it leaves behind ("lehnte … ab")."""
    return w.startswith(REFUSALS[lang]) or (lang == "de" and w == "ab")


def _hedges(text: str, lang: str) -> Counter[str]:
    """The hedges of ``text``: "нібито", "angeblich", "supuestamente", and
    the conditional of hearsay ("aurait transmis", "habría entregado")."""
    words = HEDGES[lang]
    aux = HEARSAY_AUXILIARIES.get(lang, frozenset())
    low = [w.casefold().replace("’", "'") for w in _WORD.findall(text)]
    out: Counter[str] = Counter()
    after_que = False
    for w in low:
        after_que = after_que or w == "que" or w.startswith("qu'")
        # "a indiqué que la date serait annoncée": the tense of reported
        # speech, not hearsay; only a conditional in the main clause hedges
        if w in words or (w in aux and not after_que):
            out[w] += 1
    return out


def hedge_change(old: str, new: str, lang: str) -> str | None:
    """A hedge added or dropped: "Росія передала" → "Росія нібито передала"
    is the claim made less firmly, ``content`` (as "reportedly" in English)."""
    a, b = _hedges(old, lang), _hedges(new, lang)
    if a == b:
        return None
    if b - a:
        return "hedge added: " + ", ".join(sorted(b - a))
    return "hedge dropped: " + ", ".join(sorted(a - b))


_ATTRIBUTION_REACH = 2


def _attributed(words: list[str], lang: str) -> Counter[str]:
    """Stems of the words within two of an attribution ("según él", "по его
    словам", "Umerov'a göre"), the attribution included: who said it."""
    marks = ATTRIBUTIONS[lang]
    low = [w.casefold() for w in words]
    near: set[int] = set()
    for k, w in enumerate(low):
        if w in marks:
            near.update(range(max(0, k - _ATTRIBUTION_REACH), k + _ATTRIBUTION_REACH + 1))
    return Counter(_stem(low[k], lang) for k in sorted(near) if k < len(low) and low[k][:1].isalpha())


def _fr_words(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


# --- together ---------------------------------------------------------------


class IntlFeatures:
    """What one wording says in ``lang``, each part computed at most once."""

    __slots__ = ("text", "lang", "__dict__")

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang

    @cached_property
    def time_spans(self) -> tuple[tuple[int, int, str], ...]:
        return _time_spans(self.text, self.lang)

    @cached_property
    def times(self) -> Counter[str]:
        return Counter(k for *_, k in self.time_spans)

    @cached_property
    def figures(self) -> Figures:
        return _figures(self.text, self.time_spans, self.lang)

    @cached_property
    def quotations(self) -> str:
        return _quotations(self.text, self.lang)

    @cached_property
    def _names(self) -> tuple[frozenset[str], frozenset[str]]:
        return _entities(self.text, self.lang)

    @property
    def entities(self) -> frozenset[str]:
        return self._names[0]

    @property
    def weak_names(self) -> frozenset[str]:
        return self._names[1]


_QUOTE_MARKS = frozenset("«»„“”‚‘‹›\"")


def _could_change(gone: list[str], came: list[str], old: str, new: str, lang: str) -> dict[str, bool]:
    """Which detectors can fire, judged from the words that changed (as
    ``aspects._could_change`` does for English): most edits touch no figure,
    no calendar word, no name and no negator."""
    changed = gone + came
    joined = " ".join(changed)
    low = joined.lower()
    digit = any(ch.isdigit() for ch in joined)
    words = {w.lower().replace("’", "'") for w in changed}
    negs = NEGATORS[lang]
    return {
        "negation": bool(words & negs) or any(w.startswith(_negating_starts(lang)) for w in words)
        or (lang == "fr" and any(w.startswith("n'") for w in words))
        or (lang == "tr" and _tr_verb_flip(gone, came)),
        "numbers": digit or "%" in joined or mentions(changed, lang),
        "quote": any(q in old or q in new for q in _QUOTE_MARKS),
        "entities": any(w[:1].isupper() for w in changed),
        "time": digit or calendar(lang).pattern.search(low) is not None,
    }


@cache
def _negating_starts(lang: str) -> tuple[str, ...]:
    """The starts of the words that negate on their own: those that deny
    ("опроверг…", as ``_denies`` reads them) and the verbs of refusing."""
    return (*OPPOSITES.get(lang, {}), *REFUSALS[lang])


def _tr_verb_flip(gone: list[str], came: list[str]) -> bool:
    g = [w.lower() for w in gone if w[:1].isalpha()]
    c = [w.lower() for w in came if w[:1].isalpha()]
    return bool(g and c) and (_turkish_flip(g, c) is not None or _turkish_flip(c, g) is not None)


def detect(old: str, new: str, lang: str) -> list[tuple[str, str]]:
    """(aspect, detail) pairs for an edit written in ``lang``, as ``aspects.detect``."""
    a, b = IntlFeatures(old, lang), IntlFeatures(new, lang)
    gone, came = changed_tokens(old, new, fold=False)
    gate = _could_change(gone, came, old, new, lang)
    found: list[tuple[str, str]] = []
    if gate["negation"] and (d := polarity_change(old, new, lang)):
        found.append(("negation", d))
    if gate["numbers"] and (d := figure_change(a.figures, b.figures)):
        found.append(("numbers", d))
    if gate["quote"] and (d := quote_change(a, b)):
        found.append(("quote", d))
    if gate["entities"] and (d := entity_change(a, b)):
        found.append(("entities", d))
    if gate["time"] and a.times != b.times:
        found.append(("time", _arrow(a.times - b.times, b.times - a.times, "time")))
    if not found and (d := content_change(a, b)):
        found.append(("content", d))
    return found or [("wording", "reworded, meaning kept")]


__all__ = ["IntlFeatures", "detect", "name_key"]

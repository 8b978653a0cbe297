"""What the engine knows of each language besides English.

Calendar words (weekdays, months, "yesterday"/"tomorrow", "next week"),
scale words ("тис.", "bin", "Millionen") and number separators come from
Babel's copy of the Unicode CLDR, not from lists written here: building the
six languages' tables costs 0.35 s once a process (Babel's import
included), and only when a page in one of them is diffed. dateparser, the
other source the issue named, was measured too: 0.24 s to import, 0.21 s for
its first search, then 5.3 ms to find the dates in one Ukrainian sentence,
where the regex built here takes 36 µs. What CLDR does not
hold is written out below, per language, kept short: negators, quotation
marks, abbreviations that never end a sentence, words that open a live-blog
update, honorifics and the small words inside names ("von", "de").

English keeps its own rules elsewhere (``monitor.diff.aspects``,
``monitor.text.segment``); nothing here changes how English is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

SUPPORTED: tuple[str, ...] = ("uk", "ru", "tr", "de", "fr", "es")
_SLAVIC = frozenset(("uk", "ru"))

# Case endings a Ukrainian or Russian calendar word or name takes.
_SLAVIC_ENDINGS = "аеєиіїоуюяьйм"
_APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "`": "'"})

# --- written here: what CLDR does not hold -----------------------------------

# Plain negators (one word), per language. French "ne"/"n'" is the cue of
# "ne … pas"; the "pas" after it is the same negation.
NEGATORS: dict[str, frozenset[str]] = {
    "uk": frozenset("не ні ніколи жоден жодна жодне жодного жодних немає нема".split()),
    "ru": frozenset("не ни никогда никакой никакая никакого никаких нет".split()),
    "tr": frozenset("değil değildir değildi yok hiç asla".split()),
    "de": frozenset(
        "nicht kein keine keinen keinem keiner keines nie niemals niemand nichts weder".split()
    ),
    "fr": frozenset("ne n' pas jamais aucun aucune rien personne".split()),
    "es": frozenset("no nunca jamás ningún ninguna ninguno nadie nada tampoco".split()),
}
# Words that are a negator only after another one ("ne … plus").
NEGATOR_AFTER: dict[str, frozenset[str]] = {"fr": frozenset("pas plus jamais rien personne aucun aucune".split())}
# Words that turn a claim into its opposite on their own: "dementierte" is
# "not confirm". The start of every form of the word -> the start of every
# form of the word it denies ("опровергло" -> "подтвердило").
OPPOSITES: dict[str, dict[str, str]] = {
    "uk": {"спростув": "підтверд"},
    "ru": {"опроверг": "подтверд"},
    "tr": {"yalanla": "doğrula"},
    "de": {"dementi": "bestätig"},
    "fr": {"dément": "confirm", "démenti": "confirm"},
    "es": {"desmint": "confirm", "desmient": "confirm", "negó": "confirm", "niega": "confirm"},
}
# Clause joiners: a negation's scope ends before them.
JOINERS: dict[str, frozenset[str]] = {
    "uk": frozenset("і й та а але проте однак бо тому що коли".split()),
    "ru": frozenset("и а но однако зато потому что когда".split()),
    "tr": frozenset("ve ama fakat ancak çünkü ise".split()),
    "de": frozenset("und aber sondern denn weil doch während obwohl".split()),
    "fr": frozenset("et mais car donc parce lorsque quand alors".split()),
    "es": frozenset("y e pero sino porque aunque mientras cuando".split()),
}
# Verbs of refusing, as the start of each of their forms (not of the noun:
# "відмови", "le refus", "die Verweigerung" are left out): they negate what
# follows as a negator does, so "did not comment" and "refused to comment"
# are one claim, not a reversal ("declined to" in English). Turkish is left
# out: its negation sits inside the verb, and "yapmadı" → "yapmaktan
# kaçındı" already reads as no change.
REFUSALS: dict[str, tuple[str, ...]] = {
    "uk": ("відмовив", "відмовил", "відмовля"),  # відмовився, відмовилася, відмовляється
    "ru": ("отказал", "отказыва", "воздержал"),
    "tr": (),
    "de": ("lehnte", "lehnt", "abgelehnt", "ablehn", "verweiger", "verzicht"),  # verbs: lower case
    "fr": ("refuse", "refusé", "refusa", "refusè", "abstenu", "abstien", "abstin"),
    "es": ("declin", "rehús", "rehus"),
}
# Words after a negator that make it emphasis: "не лише … а й", "nicht nur
# … sondern auch", "no solo … sino también", "ne … pas seulement" ("not only").
# Turkish puts them before "değil": "yalnızca X değil, Y de".
NOT_ONLY: dict[str, frozenset[str]] = {
    "uk": frozenset("лише лиш тільки просто".split()),
    "ru": frozenset("только лишь просто".split()),
    "tr": frozenset("yalnızca yalnız sadece sırf salt".split()),
    "de": frozenset("nur allein bloß lediglich".split()),
    "fr": frozenset("seulement uniquement simplement".split()),
    "es": frozenset("solo sólo solamente únicamente".split()),
}
# Hedges of hearsay and likelihood ("allegedly", "reportedly", "probably"
# in English): adding or dropping one changes how firmly a claim is made.
# French and Spanish also hedge with the conditional of hearsay: "aurait
# transmis", "habría entregado" (``HEARSAY_AUXILIARIES``).
HEDGES: dict[str, frozenset[str]] = {
    "uk": frozenset("нібито начебто ймовірно імовірно можливо мабуть вочевидь напевно".split()),
    "ru": frozenset("якобы предположительно вероятно возможно видимо по-видимому наверное".split()),
    "tr": frozenset("iddia iddiaya sözde muhtemelen galiba belki".split()),  # "iddia edildi": it is claimed
    "de": frozenset(
        "angeblich mutmaßlich vermutlich offenbar anscheinend wahrscheinlich möglicherweise womöglich "
        "vielleicht".split()
    ),
    "fr": frozenset("prétendument apparemment probablement vraisemblablement supposément peut-être".split()),
    "es": frozenset("supuestamente presuntamente aparentemente probablemente posiblemente quizá quizás".split()),
}
HEARSAY_AUXILIARIES: dict[str, frozenset[str]] = {
    "fr": frozenset("aurait auraient serait seraient".split()),
    "es": frozenset("habría habrían".split()),
}
# Attributions that name a source without making a claim ("according to
# him"): the words next to them, added or dropped, are not content. Verbs
# of saying are left out: "dedi" → "ifadelerini kullandı" changes the verb,
# and a verb swapped is wording either way.
ATTRIBUTIONS: dict[str, frozenset[str]] = {
    "uk": frozenset(("словами",)),  # "за його словами"
    "ru": frozenset(("словам",)),  # "по его словам"
    "tr": frozenset(("göre",)),  # "Umerov'a göre"
    "de": frozenset(("laut", "zufolge", "worten")),  # "nach seinen Worten"
    "fr": frozenset(("selon",)),
    "es": frozenset(("según",)),
}
# Quotation marks: opening mark -> closing marks. German opens with „ and
# closes with “ (or uses »…«); French, Russian, Ukrainian and Turkish use « ».
QUOTES: dict[str, dict[str, str]] = {
    "uk": {"«": "»", "„": "“”", "“": "”"},
    "ru": {"«": "»", "„": "“”", "“": "”"},
    "tr": {"«": "»", "“": "”", '"': '"'},
    "de": {"„": "“”", "»": "«", "‚": "‘", "“": "”", "‹": "›"},
    "fr": {"«": "»", "‹": "›", "“": "”"},
    "es": {"«": "»", "“": "”", '"': '"'},
}
# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "uk": frozenset("вул просп м с смт р рр ст ім див напр тис млн млрд грн т д п пп проф акад доц".split()),
    "ru": frozenset("ул просп г гг с ст им см напр тыс млн млрд руб т д п пп проф акад доц".split()),
    "tr": frozenset("dr prof doç av sn no vb vs bkz yy örn alb gen org yrd".split()),
    "de": frozenset(
        "dr prof nr bzw ca vgl ggf usw inkl z b d h u a s st hr fr str abs mio mrd bzw. evtl".split()
    ),
    "fr": frozenset("m mm mme mmes mlle dr pr st ste av bd n no p ex env cf etc".split()),
    "es": frozenset("sr sra sres srta dr dra d dña no núm pág av ej etc aprox uds ud".split()),
}
# Words of a name that are written in lower case ("Reporter ohne Grenzen"
# aside): "Ursula von der Leyen", "Pedro de la Cruz".
NAME_LINKS: dict[str, frozenset[str]] = {
    "uk": frozenset(), "ru": frozenset(), "tr": frozenset(),
    "de": frozenset("von der vom zu den".split()),
    "fr": frozenset("de du des la le d'".split()),
    "es": frozenset("de del la los las y".split()),
}
# Titles before a name: not names themselves.
HONORIFICS: dict[str, frozenset[str]] = {
    "uk": frozenset("пан пані президент прем'єр-міністр міністр речник речниця посол генерал".split()),
    "ru": frozenset("господин госпожа президент премьер-министр министр представитель посол генерал".split()),
    "tr": frozenset("bay bayan sayın cumhurbaşkanı bakan başbakan sözcü büyükelçi general dr prof".split()),
    "de": frozenset(
        "herr frau dr prof präsident präsidentin bundeskanzler kanzler kanzlerin minister ministerin "
        "sprecher sprecherin botschafter".split()
    ),
    "fr": frozenset("m mme monsieur madame président présidente ministre porte-parole ambassadeur".split()),
    "es": frozenset("sr sra señor señora presidente presidenta ministro ministra portavoz embajador".split()),
}
# Words that open a live-blog update ("Оновлено", "Mise à jour").
UPDATE_WORDS: dict[str, tuple[str, ...]] = {
    "uk": ("оновлено", "оновлення", "терміново", "додано"),
    "ru": ("обновлено", "обновление", "срочно", "добавлено"),
    "tr": ("güncelleme", "güncellendi", "son dakika", "flaş"),
    "de": ("aktualisiert", "update", "eilmeldung", "neu"),
    "fr": ("mise à jour", "mis à jour", "actualisé", "dernière minute", "alerte"),
    "es": ("actualización", "actualizado", "última hora", "urgente"),
}
# Clock forms besides "13:35": "12.31 Uhr", "14h30", "saat 14.00", "las 15.00".
CLOCKS: dict[str, str] = {
    "uk": r"\d{1,2}[:.]\d{2}(?!\d)",
    "ru": r"\d{1,2}[:.]\d{2}(?!\d)",
    "tr": r"\d{1,2}[:.]\d{2}(?!\d)",
    "de": r"\d{1,2}:\d{2}(?!\d)(?:\s*uhr)?|\d{1,2}(?:[.:]\d{2})?\s*uhr\b",
    "fr": r"\d{1,2}:\d{2}(?!\d)|\d{1,2}\s?h\s?\d{2}(?!\d)|\d{1,2}\s?h(?![\w])|(?<=à )\d{1,2}\s?heures?\b",
    "es": r"\d{1,2}:\d{2}(?!\d)|(?<=las )\d{1,2}(?:[.:]\d{2})?(?!\d)|\d{1,2}[.:]\d{2}\s*(?:h|horas)\b",
}
# Words that look like a calendar word's inflection but are not one
# (Russian "среди", "among", is not "среда", Wednesday).
_NOT_CALENDAR = frozenset("среди серед".split())


@dataclass(frozen=True)
class Calendar:
    """One language's calendar words, as one regex over lower-cased text."""

    pattern: re.Pattern[str]
    # matched word (lower case) -> its dictionary form: "п'ятницю" -> "п'ятниця"
    canonical: dict[str, str] = field(default_factory=dict)
    months: frozenset[str] = frozenset()  # dictionary forms of months
    # (stem, dictionary form) by the stem's first three letters (every stem
    # has three or more), longest first: a word is compared with the few
    # that can start it
    by_start: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


def _fold(s: str) -> str:
    return s.lower().translate(_APOSTROPHES).rstrip(".")


def _stems(form: str, lang: str) -> set[str]:
    """Prefixes that every inflected form of a calendar word starts with."""
    out = {form}
    if lang in _SLAVIC:
        s = form
        while len(s) > 4 and s[-1] in _SLAVIC_ENDINGS:
            s = s[:-1]
        out.add(s)
        if form.endswith("ок"):  # "вівторок" -> "вівторка"
            out.add(form[:-2] + "к")
    return {s for s in out if len(s) >= 3}


def _suffix(lang: str) -> str:
    if lang in _SLAVIC:
        return f"[{_SLAVIC_ENDINGS}]{{0,3}}"
    if lang == "tr":  # "Pazartesi'den", "cumaya", "Mayıs'ta"
        return r"(?:['’][a-zçğıöşü]{1,5}|y?[ae]|d[ae]n|t[ae]n|[dt][ae]|n[ıi]n|y?[ıi])?"
    if lang == "de":
        return "s?"
    return ""


@cache
def calendar(lang: str) -> Calendar:
    """Weekdays, months, relative days and weeks of ``lang``, from CLDR."""
    from babel import Locale

    loc = Locale.parse(lang)
    words: dict[str, str] = {}  # form -> dictionary form
    months: set[str] = set()
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            # a short abbreviation is another word too: Spanish "mar" (sea), Turkish "ara"
            least = 3 if width == "wide" else 4
            for i, name in loc.days[ctx][width].items():
                if len(_fold(name)) >= least:
                    words.setdefault(_fold(name), _fold(loc.days["stand-alone"]["wide"][i]))
            for i, name in loc.months[ctx][width].items():
                canon = _fold(loc.months["stand-alone"]["wide"][i])
                months.add(canon)
                if len(_fold(name)) >= least:
                    words.setdefault(_fold(name), canon)
    fields = loc._data["date_fields"]
    for unit in ("day", "week"):
        for _k, phrase in fields[unit]["relative"].items():
            words.setdefault(_fold(phrase), _fold(phrase))
    if lang == "uk":
        words.setdefault("вчора", "учора")
    stems: dict[str, str] = {}
    for form, canon in words.items():
        if len(form) < 3 and not form.isdigit():
            continue  # "нд", "вт": too short to tell from other words
        for s in _stems(form, lang):
            stems.setdefault(s, canon)
    ordered = sorted(stems, key=len, reverse=True)
    suffix = _suffix(lang)
    alts = "|".join(re.escape(s) + (suffix if " " not in s else "") for s in ordered)
    pattern = re.compile(rf"(?<![\w'])(?:{alts})(?![\w])")
    by_start: dict[str, list[tuple[str, str]]] = {}
    for st in ordered:
        by_start.setdefault(st[:3], []).append((st, stems[st]))
    return Calendar(pattern, dict(words), frozenset(months), {k: tuple(v) for k, v in by_start.items()})


def canonical_time_word(word: str, cal: Calendar) -> str | None:
    """The dictionary form of a matched calendar word, or None for a look-alike."""
    w = _fold(word)
    if w in _NOT_CALENDAR:
        return None
    if w in cal.canonical:
        return cal.canonical[w]
    for s, canon in cal.by_start.get(w[:3], ()):
        if w.startswith(s):
            return canon
    return None


@dataclass(frozen=True)
class Numbers:
    """How ``lang`` writes figures: its separators and its scale words."""

    group: str  # "." (de, tr, es), " " (fr, uk, ru: any space)
    decimal: str  # ","
    scales: tuple[tuple[str, int], ...]  # (word or stem, multiplier), longest first


@cache
def numbers(lang: str) -> Numbers:
    from babel import Locale
    from babel.numbers import format_compact_decimal

    sym = Locale.parse(lang).number_symbols["latn"]
    group = sym["group"]
    group = " " if group.isspace() or group in "\u00a0\u202f" else group
    scales: dict[str, int] = {}
    for value, mult in ((1, 1000), (2, 1000), (5, 1000), (1, 10**6), (2, 10**6), (5, 10**6),
                        (1, 10**9), (2, 10**9), (5, 10**9)):
        for kind in ("short", "long"):
            text = format_compact_decimal(value * mult, format_type=kind, locale=lang)
            word = re.sub(r"^[\d\s\u00a0\u202f.,]+", "", text).strip().lower()
            if len(word.rstrip(".")) < 2 or any(c.isdigit() for c in word):
                continue  # "5 B", "5000 M": too short to tell, or not a scale word
            scales.setdefault(word, mult)
            if lang in _SLAVIC and not word.endswith("."):
                s = word
                while len(s) > 4 and s[-1] in _SLAVIC_ENDINGS:
                    s = s[:-1]
                scales.setdefault(s, mult)
    ordered = tuple(sorted(scales.items(), key=lambda kv: len(kv[0]), reverse=True))
    return Numbers(group, sym["decimal"], ordered)


@cache
def _wordfreq_buckets(lang: str) -> tuple[list[str], ...]:
    """wordfreq's small list of ``lang``, read once a process whatever zipf
    is asked of it (a read is 20-40 ms): bucket i holds the words of
    frequency 10 ** (-i / 100), bucket 0 is the header. Read directly (its
    cBpack format is documented by wordfreq: gzipped msgpack, a header, then
    one bucket of words per centibel), as importing wordfreq costs ~0.4 s of
    dependencies. Empty when the list is missing or not in that format."""
    import gzip
    from importlib.util import find_spec
    from pathlib import Path

    import msgpack

    spec = find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return ()
    where = Path(next(iter(spec.submodule_search_locations)))
    path = where / "data" / f"small_{lang}.msgpack.gz"
    if not path.exists():
        return ()
    data = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    if not (isinstance(data[0], dict) and data[0].get("format") == "cB"):
        return ()
    return tuple(data)


@cache
def common_words(lang: str, zipf: float = 3.0) -> frozenset[str]:
    """Words of ``lang`` at or above ``zipf`` in wordfreq's small list."""
    data = _wordfreq_buckets(lang)
    last = int(round((9 - zipf) * 100))  # zipf = 9 + cB / 100
    return frozenset(w for bucket in data[1: last + 1] for w in bucket)


@cache
def function_words(lang: str) -> frozenset[str]:
    """The most frequent words of ``lang`` (zipf 6 and above: "der", "не",
    "ve", about a hundred a language): they carry no claim of their own."""
    return common_words(lang, 6.0)

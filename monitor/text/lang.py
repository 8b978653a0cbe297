"""Which language a document, or one paragraph of it, is written in.

The aspect detectors, the segmenter and the live-blog markers read words
of one language at a time, so they need to know which. Detection uses
lingua (``lingua-language-detector``) restricted to the languages the
engine has rules for, in its low-accuracy mode. Measured here on 56 short
news sentences of our own, 8 per language, 2 cores shared:

=====================  ==========  ===========  =======  ======
detector               sentences   3-word bits  µs/call  RSS MB
=====================  ==========  ===========  =======  ======
lingua, low accuracy   56/56       51/56        80       27
lingua, high accuracy  56/56       55/56        30-70    231
py3langid              56/56       55/56        20       131
langdetect             56/56       51/56        1300     75
pycld2                 54/56       48/56        15       16
=====================  ==========  ===========  =======  ======

Low-accuracy lingua is as right as any on whole sentences, loads in 0.04 s
and keeps a daemon's memory small; its weakness, fragments of two or three
words, is met by never trusting a short paragraph: it takes the document's
language. Only the paragraphs of an edit are asked about.

Lingua still costs 0.5-2 ms for 1,200 characters here, most of the cost of
diffing a 30 KB page (about 3 ms). So a vote comes first: each language's most
frequent words (wordfreq, zipf 6 and above, about a hundred a language,
less those another of the languages shares) are counted in the text, and a clear winner (at least 4 hits, twice the
runner-up) is taken as it is, and so is Turkish written in its own letters
(``_vote``); lingua decides the rest, on at most 400
characters. A paragraph keeps its page's language unless it votes clearly
for another, which lingua must then confirm.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The languages the engine has rules for; English is the default.
LANGUAGES: tuple[str, ...] = ("en", "uk", "ru", "tr", "de", "fr", "es")
DEFAULT = "en"
# A paragraph this short takes the document's language (see the table above).
MIN_WORDS = 5
# A document is judged on this much of its text: enough for any detector,
# and a megabyte page costs no more than a short one.
SAMPLE_CHARS = 1200
# What lingua is shown when the vote is not clear.
LINGUA_CHARS = 400
# A clear vote: this many hits, and this many times the runner-up's.
VOTE_HITS = 4
VOTE_MARGIN = 2
# A document of fewer lower-case words is judged on all its words, at least
# this many, and only when lingua is this sure.
SHORT_WORDS = 3
SHORT_CONFIDENCE = 0.9
# A paragraph overrides the document's language only when lingua is this sure.
MIN_CONFIDENCE = 0.6

# Names say little about a language and mislead on short text ("Zeid Ra'ad
# al-Hussein said …" reads as German): lingua is shown the lower-case words.
_LOWER_WORDS = re.compile(r"(?<![\w'’])[^\W\d_A-ZÀ-ÞА-ЯЁЄІЇҐİĞŞÇÖÜ][^\W\d_]*(?:['’][^\W\d_]+)?")


_CYRILLIC = re.compile("[а-яёєіїґ]")
# Letters of one of the languages that English never writes.
_OWN_LETTERS = {"uk": "іїєґ", "ru": "ыэъё", "tr": "ığş", "de": "äöüß", "fr": "éèêàçœùâîô",
                "es": "ñáíóú¿¡"}
_CYRILLIC_LANGS = frozenset(("uk", "ru"))


def _sample(text: str) -> tuple[str, int]:
    """The lower-case words of the start of ``text``, and how many there are."""
    words = _LOWER_WORDS.findall(text[:SAMPLE_CHARS])
    return " ".join(words), len(words)


@lru_cache(maxsize=1)
def _detector():
    """The lingua detector, built on first use (~0.04 s), or None without lingua."""
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGUAGES]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_low_accuracy_mode()
        .build()
    )


@lru_cache(maxsize=1)
def _vocabularies() -> tuple[tuple[str, frozenset[str]], ...]:
    from monitor.text.langdata import common_words

    vocab = {lang: common_words(lang, 6.0) for lang in LANGUAGES}
    # only the words no other language shares: "de", "la", "en" say nothing
    return tuple(
        (lang, frozenset(w for w in words if not any(w in vocab[o] for o in LANGUAGES if o != lang)))
        for lang, words in vocab.items()
    )


def _vote(sample: str) -> str | None:
    """The language whose most frequent words the sample holds clearly most of.

    Turkish puts its small words inside the word ("görüşmelerin",
    "başlayacağını"), so a Turkish page may hold none of its hundred most
    frequent words; its letters speak instead: "ı", "ğ" and "ş", which no
    other of the languages writes, in a quarter of the lower-case words."""
    words = sample.lower().split()
    counts = sorted(((sum(w in vocab for w in words), lang) for lang, vocab in _vocabularies()),
                    reverse=True)
    (best, lang), (second, _) = counts[0], counts[1]
    if best >= VOTE_HITS and best >= VOTE_MARGIN * second:
        return lang
    if best < VOTE_HITS and ("ı" in sample or "ş" in sample or "ğ" in sample):
        turkish = sum(1 for w in words if "ı" in w or "ş" in w or "ğ" in w)
        if turkish >= 2 * VOTE_HITS and 4 * turkish >= len(words):
            return "tr"
    return None


def _iso(lang) -> str:
    return lang.iso_code_639_1.name.lower()


@lru_cache(maxsize=4096)
def _detect(sample: str) -> tuple[str, float]:
    det = _detector()
    if det is None:
        return DEFAULT, 0.0
    values = det.compute_language_confidence_values(sample)
    if not values:
        return DEFAULT, 0.0
    top = values[0]
    return _iso(top.language), top.value


def detect_language(text: str, default: str = DEFAULT) -> str:
    """The language of a document ("en", "uk", …); ``default`` when it has no words."""
    sample, n = _sample(text)
    if n < MIN_WORDS:
        # a short text: all its words, and lingua must be sure ("Переговори
        # пройдуть у п'ятницю." has three lower-case words)
        if len(text.split()) < SHORT_WORDS:
            return default
        lang, conf = _detect(text[:LINGUA_CHARS])
        if conf < SHORT_CONFIDENCE or not _plausible(lang, text, default):
            return default
        return lang
    voted = _vote(sample)
    if voted is not None:
        return voted
    lang, _ = _detect(sample[:LINGUA_CHARS])
    return lang if _plausible(lang, text, default) else default


def _plausible(lang: str, text: str, default: str) -> bool:
    """Whether lingua's answer is borne out by the text: lingua alone reads
    "The US will not attend. Talks on Thursday." as French. Another language
    than the default must write in another script, or use letters of its own
    ("ı", "ß", "é", "ñ", "ї", "ы"), or hold one of its own frequent words."""
    if lang == default:
        return True
    if (_CYRILLIC.search(text) is not None) != (default in _CYRILLIC_LANGS):
        return True
    low = text[:SAMPLE_CHARS].lower()
    if any(c in low for c in _OWN_LETTERS.get(lang, "")):
        return True
    own = _own_words(lang)
    return any(w.strip(".,;:!?«»\"'()") in own for w in low.split())


@lru_cache(maxsize=8)
def _own_words(lang: str) -> frozenset[str]:
    """Words frequent in ``lang`` (zipf 5 and above) and not in English."""
    from monitor.text.langdata import common_words

    return common_words(lang, 5.0) - common_words("en", 4.0)


def paragraph_language(text: str, document: str) -> str:
    """The language of one paragraph of a page written in ``document``'s.

    A mixed page (an English live blog quoting a Ukrainian statement) gets
    each paragraph's own language; a short one, or one lingua is unsure of,
    keeps the document's.
    """
    sample, n = _sample(text)
    if n < MIN_WORDS:
        return document
    voted = _vote(sample)
    other_script = (_CYRILLIC.search(sample) is not None) != (document in _CYRILLIC_LANGS)
    if voted == document or (voted is None and not other_script):
        return document  # another language votes for itself clearly, or is another script
    lang, conf = _detect(sample[:LINGUA_CHARS])
    if lang != document and conf < MIN_CONFIDENCE:
        return document
    return lang

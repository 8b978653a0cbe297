"""Word stems and function words of Ukrainian, Russian, Turkish, German, French and Spanish.

The aligner decides whether two wordings are one statement partly by the
words they share (``monitor.diff.words``). In an inflected language the
same word changes its ending with its place in the sentence: "Делегацию
Мединского встретили" and "встретили делегацию, которую возглавил
Мединский" share no word form, only stems. So each word is reduced to its
stem, and a language's function words are left out, before words are
compared.

Stems come from the Snowball stemmers through PyStemmer (C): 0.2-0.7 µs a
word here, where the pure-Python ``snowballstemmer`` took 30-150 µs (the
same stems; measured on the 250 distinct words of each benchmark page,
``python -m benchmarks lang``). Snowball has no Ukrainian stemmer, so
Ukrainian gets a light suffix strip (``_uk_stem``): it only has to make the
case and tense endings of one word meet, as the English strip does.

Function words are the language's most frequent words in wordfreq (zipf 6
and above, as ``langdata.function_words``) less figures, the lists of the
``stop-words`` and ``stopwordsiso`` packages, and the reporting verbs every
quotation shares ("заявил", "sagte", "selon"), as the English list has
"said" and "according" (the choice is measured in ``stopwords``).

English never comes here: its stem and stopwords are ``monitor.diff.words``'s own.
"""

from __future__ import annotations

from functools import cache

from monitor.text.langdata import function_words

SUPPORTED: tuple[str, ...] = ("uk", "ru", "tr", "de", "fr", "es")
_SNOWBALL = {"ru": "russian", "de": "german", "fr": "french", "es": "spanish"}
# Turkish words are their first five letters (see the module's docstring).
TURKISH_PREFIX = 5

# Verbs and phrases of reporting: two statements that share only "he said"
# are not one statement (the English list has said/told/added/according).
REPORTING: dict[str, frozenset[str]] = {
    "uk": frozenset(
        "заявив заявила заявили заявляє сказав сказала сказали каже кажуть повідомив повідомила "
        "повідомили повідомляє зазначив зазначила зазначили додав додала додали словами".split()
    ),
    "ru": frozenset(
        "заявил заявила заявили заявляет сказал сказала сказали говорит сообщил сообщила сообщили "
        "сообщает отметил отметила отметили добавил добавила добавили словам".split()
    ),
    "tr": frozenset("dedi söyledi açıkladı belirtti bildirdi ekledi kaydetti".split()),
    "de": frozenset("sagte sagten sagt erklärte erklärten betonte fügte hinzu teilte laut berichtete".split()),
    "fr": frozenset("dit déclaré déclare indiqué indique ajouté ajoute affirmé affirme selon précisé souligné".split()),
    "es": frozenset("dijo dice declaró afirmó añadió agregó indicó señaló explicó aseguró según".split()),
}

# French elided articles and pronouns: "l'échange" is "échange".
_ELIDED = ("l'", "d'", "qu'", "n'", "s'", "c'", "j'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'")


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Words of ``lang`` that carry no claim of their own.

    Three sources together: wordfreq's most frequent words of ``lang`` (less
    the figures in that list: "1", "000" are content), the lists of the
    ``stop-words`` and ``stopwordsiso`` packages, and the reporting verbs.
    Measured on 18 pairs of different statements that share only function
    words (three a language, written for this) and on the 103 links of the
    six development corpora and the tests' pairs: wordfreq's list alone kept
    1 of the 18 apart, ``stop-words`` 13, ``stopwordsiso`` 12, wordfreq's
    with either 13, all three 16; every list kept all 103 links. The
    packages' lists also hold some nouns and number words ("время",
    "миллионов", "ayer"): two statements sharing only those are not linked,
    a small loss next to the function words they add. ``stop-words``'s
    Turkish list is stored as Windows-1252 text and is repaired here.
    """
    import stopwordsiso
    from stop_words import get_stop_words

    listed = get_stop_words(lang)
    if lang == "tr":
        listed = [w.translate(_TR_MOJIBAKE) for w in listed]
    words = {_apostrophes(w).casefold() for w in (*function_words(lang), *listed, *stopwordsiso.stopwords(lang))}
    keep = frozenset(w for w in words if w and all(c.isalpha() or c == "'" for c in w))
    return keep | REPORTING.get(lang, frozenset())


def is_function_word(folded: str, lang: str) -> bool:
    """Whether a folded word (``fold``) is a function word of ``lang``: listed
    (``stopwords``), or a listed one in another form: Ukrainian "усе", "уже"
    are "все", "вже"; Turkish "onlarla", "bizimle" are "onlar", "bizim" with
    a case ending."""
    stop = stopwords(lang)
    if folded in stop:
        return True
    if lang == "uk" and folded[:1] == "у" and len(folded) > 2:
        return "в" + folded[1:] in stop
    if lang == "tr":
        return any(folded.endswith(e) and folded[: -len(e)] in stop for e in _TR_CASE_ENDINGS)
    return False


# The package's Turkish list as Windows-1252 shows it ("kýrk", "þey").
_TR_MOJIBAKE = str.maketrans({"ý": "ı", "þ": "ş", "ð": "ğ", "Ý": "İ", "Þ": "Ş", "Ð": "Ğ"})
# Case endings after a Turkish pronoun ("onlar-la", "biz-den"), longest first.
_TR_CASE_ENDINGS = ("dan", "den", "tan", "ten", "nın", "nin", "nun", "nün", "la", "le", "da", "de", "ta", "te",
                    "ın", "in", "un", "ün", "a", "e", "ı", "i", "u", "ü")


def _apostrophes(w: str) -> str:
    return w.replace("’", "'").replace("ʼ", "'")


@cache
def _stemmer(lang: str):
    import Stemmer

    return Stemmer.Stemmer(_SNOWBALL[lang])


def fold(word: str, lang: str) -> str:
    """``word`` as it is looked up: lower case, one apostrophe, a French
    elision and a Turkish suffix after an apostrophe dropped ("Erdoğan'ın")."""
    w = _apostrophes(word).replace("\u0307", "")
    if lang == "tr":
        w = w.replace("I", "ı").replace("İ", "i").lower()
        head, sep, _ = w.partition("'")
        return head if sep and head else w
    w = w.casefold()
    if lang == "ru":
        return w.replace("ё", "е")
    if lang == "fr" and "'" in w:
        for e in _ELIDED:
            if w.startswith(e) and len(w) > len(e):
                return w[len(e):]
    return w


def stem(word: str, lang: str) -> str:
    """The stem of a folded word (``fold``) of ``lang``."""
    if lang == "uk":
        return _uk_stem(word)
    if lang == "tr":
        return word[:TURKISH_PREFIX]
    if lang in _SNOWBALL:
        return _stemmer(lang).stemWord(word)
    return word


# Ukrainian endings, longest first: reflexive verbs, then case, person and
# tense endings. What is left must keep three letters.
_UK_REFLEXIVE = ("ться", "ся", "сь")
_UK_ENDINGS = tuple(
    sorted(
        """
        ього ьому ими іми ого ому ами ями ові еві єві ати яти ити іти уть ють ать ять ить іть емо ємо имо
        ете єте ите ала али ало ила или ило іла іли іло ула ули уло
        ий ій ої ою ею єю ом ем єм ам ям ах ях их іх им ім ів їв ей ов ев ти ть ла ли ло ив ав ів ув
        а я о е є у ю и і ї ь й
        """.split(),
        key=len,
        reverse=True,
    )
)


def _uk_stem(word: str) -> str:
    """A light suffix strip: "делегація"/"делегацію"/"делегацією" -> "делегаці",
    "зустріли"/"зустрів"/"зустріла" -> "зустр". Not a real stemmer: it only has
    to make the endings of one word meet, never to make two words meet often."""
    w = word
    for r in _UK_REFLEXIVE:
        if w.endswith(r) and len(w) - len(r) >= 4:
            w = w[: -len(r)]
            break
    for e in _UK_ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            return w[: -len(e)]
    return w

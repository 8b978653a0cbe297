"""Statements compared with each language's words (issue 15).

In Ukrainian, Russian, Turkish, German, French and Spanish a reordered
sentence changes its word forms ("колону біженців" / "колону, в якій їхали
біженці") and its characters move: read the English way it came out as one
statement removed and another added. Each language here has a reordered
pair that must be one edited statement, and a pair of different statements
that share only function words, which must stay apart. Every sentence was
written for these tests.
"""

import pytest

from monitor import diff_texts
from monitor.diff.align import _assign, _score, _scores, align
from monitor.diff.words import content_words, shares_content, stem, stopwords
from monitor.text.normalize import normalize
from monitor.text.stemming import is_function_word

# An unchanged paragraph in the language, so the page's language is certain.
CONTEXT = {
    "uk": "Переговори тривають уже третій день, і сторони поки не оприлюднили жодних домовленостей.",
    "ru": "Переговоры продолжаются уже третий день, и стороны пока не объявили ни о каких договорённостях.",
    "tr": "Görüşmeler üçüncü gününde sürüyor ve taraflar henüz herhangi bir uzlaşma açıklamadı.",
    "de": "Die Verhandlungen dauern schon den dritten Tag, und bisher haben die Seiten keine Einigung verkündet.",
    "fr": "Les négociations durent depuis trois jours et les parties n'ont encore annoncé aucun accord.",
    "es": "Las negociaciones duran ya tres días y las partes todavía no han anunciado ningún acuerdo.",
}

# One statement, reordered and inflected.
REORDERED = {
    "uk": ("Колону біженців зупинили біля мосту.", "Біля мосту зупинили колону, в якій їхали біженці."),
    "ru": ("Колонну беженцев остановили у моста.", "У моста остановили колонну, в которой ехали беженцы."),
    "tr": ("Mülteci konvoyu köprüde durduruldu.", "Köprüde durdurulan konvoyda mülteciler vardı."),
    "de": ("Im Juni tagt in Wien der Ausschuss.", "Der Ausschuss tagt im Juni in Wien."),
    "fr": ("Le comité se réunira en juin à Vienne.", "C'est à Vienne, en juin, que se réunira le comité."),
    "es": ("El comité se reunirá en junio en Viena.", "Es en Viena, en junio, donde se reunirá el comité."),
}

# Two statements that share only function words (and alike in their characters).
APART = {
    "uk": ("Усе це було для них дуже важливо, і вони про це знали.",
           "Усе це було для них дуже дорого, і вони про це мовчали."),
    "ru": ("Всё это было для них очень важно, и они об этом знали.",
           "Всё это было для них очень дорого, и они об этом молчали."),
    "tr": ("Bütün bunlar onlar için çok önemliydi ve bunu biliyorlardı.",
           "Bütün bunlar onlar için çok pahalıydı ve bunu saklıyorlardı."),
    "de": ("Sie ist mit ihm in die Stadt gefahren.", "Sie ist mit ihm in die Schule gegangen."),
    "fr": ("Il a dit qu'elle était avec eux dans la voiture.", "Il a dit qu'elle était avec eux dans le jardin."),
    "es": ("Ella dijo que ellos estaban con él en el coche.", "Ella dijo que ellos estaban con él en la playa."),
}


def _page(lang: str, statement: str) -> str:
    return f"{CONTEXT[lang]}\n\n{statement}"


def _linked_the_english_way(old: str, new: str) -> bool:
    return bool(align([old], [new], presegmented=True, lang="en").pairs)


@pytest.mark.parametrize("lang", sorted(REORDERED))
def test_a_reordered_statement_is_one_edited_statement(lang):
    old, new = REORDERED[lang]
    # read the English way, the pair is a removal and an addition
    assert not _linked_the_english_way(old, new)
    d = diff_texts(_page(lang, old), _page(lang, new))
    assert d.language == lang
    assert [(c.kind, c.old, c.new) for c in d.changes] == [("edited", old, new)]


@pytest.mark.parametrize("lang", sorted(APART))
def test_statements_sharing_only_function_words_stay_apart(lang):
    old, new = APART[lang]
    # alike enough in their characters to be linked the English way
    assert _linked_the_english_way(old, new)
    d = diff_texts(_page(lang, old), _page(lang, new))
    assert d.language == lang
    assert sorted((c.kind, c.old or c.new) for c in d.changes) == [("added", new), ("removed", old)]


@pytest.mark.parametrize("lang", sorted(REORDERED))
def test_a_reordered_statement_moved_to_another_paragraph_is_found(lang):
    """Edited and moved: the pair is found across changed regions too."""
    old, new = REORDERED[lang]
    ctx = CONTEXT[lang]
    d = diff_texts(f"{old}\n\n{ctx}", f"{ctx}\n\n{new}")
    edits = [c for c in d.changes if c.kind == "edited"]
    assert [(c.old, c.new, c.moved) for c in edits] == [(old, new, True)]


def test_word_forms_meet_in_their_stems():
    assert content_words("делегацию мединского", "ru") == content_words("делегация мединский", "ru")
    assert content_words("делегацію зеленського", "uk") == content_words("делегація зеленський", "uk")
    assert content_words("erdoğan'ın heyeti", "tr") == content_words("erdoğan heyet", "tr")
    assert content_words("l'échange des prisonniers", "fr") == content_words("échange prisonnier", "fr")
    assert content_words("die gespräche", "de") == content_words("den gesprächen", "de")
    assert content_words("las conversaciones", "es") == content_words("la conversación", "es")
    # a figure is content in every language
    assert "3" in content_words("am 3. oktober", "de")


def test_function_words_of_each_language_are_left_out():
    assert content_words("он был там с ними", "ru") == frozenset()
    assert content_words("sie ist mit ihm in die", "de") == frozenset()
    assert content_words("il a dit qu'elle était avec eux", "fr") == frozenset()
    # another form of a listed word: Ukrainian у/в, a Turkish case ending
    assert is_function_word("усе", "uk") and is_function_word("onlarla", "tr")
    assert not is_function_word("уряд", "uk") and not is_function_word("büyükelçi", "tr")
    assert not shares_content("всё это было для них важно", "всё это было для них дорого", "ru")


def test_english_words_are_compared_as_before():
    text = "The ministry's envoys said talks resumed in Istanbul on Thursday."
    assert content_words(text) == content_words(text, "en")
    assert content_words(text) == frozenset({"ministry", "envoy", "talk", "resum", "istanbul", "thursday"})
    assert stem("attended") == stem("attended", "en") == "attend"
    assert stopwords("en") is stopwords()
    # a language the engine has no rules for is read the English way
    assert content_words(text, "xx") == content_words(text)


def test_scores_of_a_large_residue_agree_with_the_single_pair_score():
    """``_scores`` (numpy, past 64 pairs) and ``_score`` give one pair one score."""
    from monitor.diff.align import Item

    olds = [s for pair in REORDERED.values() for s in pair[:1]] + [APART["ru"][0], APART["de"][0]]
    news = [s for pair in REORDERED.values() for s in pair[1:]] + [APART["ru"][1], APART["de"][1]]
    olds, news = olds + olds[:2], news + news[:2]
    os_ = [Item((i, 0), t, normalize(t), 0) for i, t in enumerate(olds)]
    ns_ = [Item((j, 0), t, normalize(t), 0) for j, t in enumerate(news)]
    assert len(os_) * len(ns_) > 64
    for lang in ("ru", "de"):
        m = _scores(os_, ns_, lang)
        for i, o in enumerate(os_):
            for j, n in enumerate(ns_):
                assert m[i, j] == pytest.approx(_score(o.key, n.key, lang), abs=1e-3)
    pairs = _assign(os_, ns_, 0.5, "ru")
    assert ("Колонну беженцев остановили у моста.", "У моста остановили колонну, в которой ехали беженцы.") in {
        (p.old[0].text, p.new[0].text) for p in pairs
    }

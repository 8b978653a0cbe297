"""Language of a document and of one paragraph of a mixed page (monitor.text.lang)."""

import pytest

from monitor import diff_texts
from monitor.text.lang import detect_language, paragraph_language

# Sentences written for these tests.
DOCS = {
    "en": "The delegations will meet again on Thursday, officials said after the first round.",
    "uk": "Делегації знову зустрінуться у четвер, повідомили чиновники після першого раунду.",
    "ru": "Делегации снова встретятся в четверг, сообщили чиновники после первого раунда.",
    "tr": "Heyetler perşembe günü yeniden bir araya gelecek, dedi yetkililer ilk turdan sonra.",
    "de": "Die Delegationen treffen sich am Donnerstag erneut, sagten Beamte nach der ersten Runde.",
    "fr": "Les délégations se retrouveront jeudi, ont indiqué des responsables après le premier tour.",
    "es": "Las delegaciones volverán a reunirse el jueves, dijeron los funcionarios tras la primera ronda.",
}


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_each_language_is_told_apart(lang):
    assert detect_language(DOCS[lang]) == lang


def test_names_do_not_make_english_foreign():
    # lingua alone reads this as German; only the lower-case words are shown to it
    assert detect_language("Zeid Ra'ad al-Hussein said the attacks must stop at once.") == "en"


def test_short_or_empty_text_keeps_the_default():
    assert detect_language("") == "en"
    assert detect_language("Оновлено 13:35") == "en"
    assert paragraph_language("Оновлено 13:35", "de") == "de"


def test_a_mixed_page_gets_each_paragraph_its_own_language():
    assert paragraph_language(DOCS["uk"], "en") == "uk"
    assert paragraph_language(DOCS["en"], "uk") == "en"


def test_the_diff_carries_the_language_and_a_mixed_paragraph_is_marked():
    more = "\n\nЗа словами речника, делегації обговорять обмін полоненими та гуманітарні питання."
    old = DOCS["uk"] + more + "\n\n" + "The talks, officials said, would resume on Thursday in Istanbul."
    new = (DOCS["uk"].replace("четвер", "п'ятницю") + more + "\n\n"
           + "The talks, officials said, would resume on Friday in Istanbul.")
    d = diff_texts(old, new)
    assert d.language == "uk" and d.to_dict()["language"] == "uk"
    by_text = {c.new: c for c in d}
    uk = next(c for t, c in by_text.items() if "п'ятницю" in t)
    en = next(c for t, c in by_text.items() if "Friday" in t)
    assert uk.aspects == ("time",) and uk.language == "" and "language" not in uk.to_dict()
    assert en.aspects == ("time",) and en.language == "en" and en.to_dict()["language"] == "en"


def test_an_english_diff_says_english():
    assert diff_texts("The talks begin on Monday.", "The talks begin on Tuesday.").language == "en"


@pytest.mark.parametrize("text", [
    "The US will not attend. Talks on Thursday.\nThe US will attend. Talks on Thursday.",
    "Talks on Thursday.",
    "Officials said the vote was postponed.",
])
def test_short_english_stays_english(text):
    # lingua alone reads the first as French: its answer must be borne out
    assert detect_language(text) == "en"


@pytest.mark.parametrize(("text", "lang"), [
    ("Heyet toplantıya katılmadı.", "tr"),
    ("Rund 1.200 Menschen wurden ausgetauscht.", "de"),
    ("Moscou ne reconnaît pas l'accord.", "fr"),
    ("Переговоры пройдут в пятницу.", "ru"),
])
def test_short_foreign_text_is_still_told(text, lang):
    assert detect_language(text) == lang

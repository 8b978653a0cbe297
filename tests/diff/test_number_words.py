"""Figures written as words, in English and the six other languages (issue 15).

Per language: an edit of a number word that is a figure change, with the
reason as written; the same figure rewritten in digits, which is none; and
the traps: a "one" that is an article or pronoun, a number word that is
another word, a number word inside a name. Every sentence written for these tests.
"""

import pytest

from monitor.diff.aspects import detect
from monitor.text.numwords import mentions, number_words


def numbers(old, new, lang):
    return dict(detect(old, new, lang)).get("numbers")


# lang -> (old, new, reason): a number word changed
FIRES = [
    ("en", "Two ferries were held in port overnight.", "Three ferries were held in port overnight.",
     "figure changed: two → three"),
    ("en", "Three crew members were rescued.", "4 crew members were rescued.", "figure changed: three → 4"),
    ("en", "Twenty-one villages lost power.", "Twenty-four villages lost power.",
     "figure changed: twenty-one → twenty-four"),
    ("en", "Hundreds of residents left the valley.", "Thousands of residents left the valley.",
     "figure changed: hundreds → thousands"),
    ("en", "A dozen boats joined the search.", "Dozens of boats joined the search.",
     "figure changed: dozen → dozens"),
    ("de", "Zwei Fähren blieben über Nacht im Hafen.", "Drei Fähren blieben über Nacht im Hafen.",
     "figure changed: zwei → drei"),
    ("de", "Zwanzig Dörfer waren ohne Strom.", "Dreißig Dörfer waren ohne Strom.",
     "figure changed: zwanzig → dreißig"),
    ("de", "Eine Million Menschen sahen die Debatte.", "Zwei Millionen Menschen sahen die Debatte.",
     "figure changed: eine Million → zwei Millionen"),
    ("de", "Hunderte Anwohner verließen das Tal.", "Tausende Anwohner verließen das Tal.",
     "figure changed: Hunderte → Tausende"),
    ("fr", "Deux navires sont restés au port.", "Trois navires sont restés au port.",
     "figure changed: deux → trois"),
    ("fr", "Quatre-vingt-dix familles ont été relogées.", "Soixante-dix familles ont été relogées.",
     "figure changed: quatre-vingt-dix → soixante-dix"),
    ("es", "Dos barcos siguen en el puerto.", "Tres barcos siguen en el puerto.", "figure changed: dos → tres"),
    ("es", "Cientos de vecinos dejaron el valle.", "Miles de vecinos dejaron el valle.",
     "figure changed: cientos → miles"),
    ("tr", "Limanda iki gemi bekletildi.", "Limanda üç gemi bekletildi.", "figure changed: iki → üç"),
    ("tr", "Yüzlerce kişi vadiden ayrıldı.", "Binlerce kişi vadiden ayrıldı.",
     "figure changed: yüzlerce → binlerce"),
    ("ru", "В порту остались два парома.", "В порту остались три парома.", "figure changed: два → три"),
    ("ru", "Обмен касается двух тысяч пленных.", "Обмен касается трёх тысяч пленных.",
     "figure changed: двух тысяч → трёх тысяч"),
    ("uk", "Рятувальники вивели двох людей.", "Рятувальники вивели трьох людей.",
     "figure changed: двох → трьох"),
    ("uk", "Сотні мешканців залишили село.", "Тисячі мешканців залишили село.",
     "figure changed: сотні → тисячі"),
]


@pytest.mark.parametrize(("lang", "old", "new", "reason"), FIRES, ids=[f"{x[0]}-{i}" for i, x in enumerate(FIRES)])
def test_a_number_word_changed_is_a_figure_change(lang, old, new, reason):
    assert numbers(old, new, lang) == reason


# The same figure in words and in digits, and "one" that is no figure.
QUIET = [
    ("en", "Three crew members were rescued.", "3 crew members were rescued."),
    ("en", "One of the ferries was held in port.", "One of the boats was held in port."),
    ("en", "One person was hurt.", "1 person was hurt."),
    ("en", "Some 2 million people voted.", "Some two million people voted."),
    ("en", "The Big Four banks were fined.", "The Big Four lenders were fined."),
    ("de", "Drei Fähren blieben im Hafen.", "3 Fähren blieben im Hafen."),
    ("de", "Ein paar Anwohner blieben im Dorf.", "Einige Anwohner blieben im Dorf."),
    ("de", "Zwei Millionen Menschen sahen zu.", "2 Millionen Menschen sahen zu."),
    ("fr", "L'un des navires est resté au port.", "L'un des bateaux est resté au port."),
    ("fr", "Un bâtiment neuf a été inauguré.", "Un immeuble neuf a été inauguré."),
    ("fr", "Trois pour cent des votes étaient nuls.", "3 % des votes étaient nuls."),
    ("es", "Uno de los barcos sigue en el puerto.", "Una de las naves sigue en el puerto."),
    ("es", "Doscientas personas fueron evacuadas.", "200 personas fueron evacuadas."),
    ("tr", "Görüşme bir saat sürdü.", "Toplantı bir saat sürdü."),
    ("tr", "Bakanlar yüz yüze görüştü.", "Bakanlar yüz yüze konuştu."),
    ("tr", "Limanda iki gemi bekletildi.", "Limanda 2 gemi bekletildi."),
    ("ru", "Один из паромов остался в порту.", "Один из кораблей остался в порту."),
    ("ru", "Обмен касается двух тысяч пленных.", "Обмен касается 2 тысяч пленных."),
    ("uk", "Один з поромів залишився в порту.", "Один з кораблів залишився в порту."),
    ("uk", "Сім'я загиблого отримала допомогу.", "Родина загиблого отримала допомогу."),
    ("uk", "Рятувальники вивели двох людей.", "Рятувальники вивели 2 людей."),
]


@pytest.mark.parametrize(("lang", "old", "new"), QUIET, ids=[f"{x[0]}-{i}" for i, x in enumerate(QUIET)])
def test_the_same_figure_or_no_figure_is_no_figure_change(lang, old, new):
    assert numbers(old, new, lang) is None


@pytest.mark.parametrize(("lang", "text", "key"), [
    ("en", "some two hundred and thirty homes", "230"),
    ("en", "tens of thousands of people", "10000s"),
    ("de", "zweihundertdreißig Häuser", "230"),
    ("de", "dreitausend Soldaten", "3000"),
    ("fr", "vingt et un blessés", "21"),
    ("fr", "une dizaine de blessés", "~10"),
    ("es", "treinta y uno heridos", "31"),
    ("es", "mil millones de euros", "1000000000"),
    ("tr", "iki bin beş yüz kişi", "2500"),
    ("tr", "on binlerce kişi", "10000s"),
    ("ru", "около тысячи человек", "1000"),
    ("ru", "тысячи людей вышли", "1000s"),
    ("uk", "двадцять одна людина", "21"),
    ("uk", "погибли п'ятеро", "5"),
])
def test_the_value_of_a_number_written_in_words(lang, text, key):
    assert [f.key for f in number_words(text, lang)] == [key]


def test_number_words_open_the_numbers_detector():
    # the cheap test on the changed words that decides whether figures are read at all
    assert mentions(["zweihundert"], "de") and mentions(["трьох"], "uk") and mentions(["üç"], "tr")
    assert not mentions(["Fähren", "Hafen"], "de") and not mentions(["bateaux"], "fr")

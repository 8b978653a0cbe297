"""Segmentation and live-blog markers in Ukrainian, Russian, Turkish, German,
French and Spanish (sentences written for these tests)."""

import pytest

from monitor import diff_texts
from monitor.text.markers import marker_of, marker_prefix
from monitor.text.segment import split_sentences

CASES = [
    ("uk", "Президент В. Зеленський прибув до Стамбула. Переговори почнуться у четвер.", 2),
    ("uk", "Речник сказав: «Ми не поїдемо. Ніколи». Потім журналісти пішли.", 2),
    ("uk", "Офіс розташований на вул. Банковій. Охорону посилили.", 2),
    ("ru", "Глава делегации В. В. Мединский заявил о перерыве. Встреча продолжится завтра.", 2),
    ("ru", "Пострадали около 2 тыс. человек. Спасатели работают на месте.", 2),
    ("tr", "Sayın R. T. Erdoğan açıklama yaptı. Görüşmeler yarın sürecek.", 2),
    ("tr", "Prof. Dr. Ayşe Kaya konuştu. Toplantı 12. madde ile başladı.", 2),
    ("de", "Am 3. Oktober beginnt die Sitzung. Die Delegation kommt z. B. aus Kiew.", 2),
    ("de", "„Wir bleiben hier. Das ist klar“, sagte er. Danach ging er.", 2),
    ("de", "Dr. Müller sprach mit Prof. Schmidt. Beide lehnten ab.", 2),
    ("fr", "Il a dit : « Nous ne partirons pas. Jamais. » Puis il est parti. M. Dupont a confirmé.", 3),
    ("fr", "Mme Martin est arrivée. Elle a salué les délégués.", 2),
    ("es", "La Sra. García llegó el lunes. El Sr. Pérez no vino.", 2),
    ("es", "Dijo: «No firmaremos. Es inaceptable». La reunión terminó.", 2),
]


@pytest.mark.parametrize(("lang", "text", "n"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_sentences_split_where_a_reader_would(lang, text, n):
    got = split_sentences(text, lang)
    assert len(got) == n, got
    assert " ".join(got) == text


def test_english_segmentation_ignores_the_other_rules():
    # Cyrillic capitals open no sentence for the English rules: the old behaviour stands
    text = "Talks ended. Переговори завершилися."
    assert split_sentences(text) == split_sentences(text, "en")


@pytest.mark.parametrize("line", [
    "Оновлено", "Оновлено о 13:35", "Обновлено в 13:35", "Güncelleme", "Güncelleme 14.05",
    "Mise à jour", "Mise à jour à 14h30", "12.31 Uhr", "13:35", "13:35 год.", "Son dakika",
    "Última hora", "Терміново",
])
def test_update_marker_lines(line):
    assert marker_of(line) is not None


@pytest.mark.parametrize(("line", "rest"), [
    ("13:35 Делегації прибули до палацу", "Делегації прибули до палацу"),
    ("Оновлено: делегації прибули", "делегації прибули"),
    ("Mise à jour : la réunion a commencé", "la réunion a commencé"),
    ("Actualización: la reunión empezó", "la reunión empezó"),
    ("+++ 12.31 Uhr: Die Delegation ist eingetroffen", "Die Delegation ist eingetroffen"),
])
def test_update_marker_in_front_of_an_entry(line, rest):
    m = marker_prefix(line)
    assert m is not None and m.rest == rest


@pytest.mark.parametrize("line", ["Оновлено дані про кількість постраждалих у трьох областях країни.",
                                  "Mise en place d'un nouveau dispositif.", "1,5 Millionen Menschen"])
def test_sentences_are_not_markers(line):
    assert marker_of(line) is None


def test_a_ukrainian_live_blog_entry_is_one_update_group():
    old = ("Переговори у Стамбулі: онлайн\n\n13:10\n\nДелегації прибули до палацу. Зустріч почнеться о 14:00."
           "\n\n12:40\n\nМіністр привітав сторони.")
    new = old.replace("13:10", "Оновлено о 13:35\n\nПерший раунд завершився. Наступна зустріч у п'ятницю."
                      "\n\n13:10", 1)
    d = diff_texts(old, new)
    assert d.language == "uk" and len(d.groups) == 1
    g = d.groups[0]
    assert g.at == "Оновлено о 13:35" and g.heading == "Перший раунд завершився."
    assert [c.new for c in d if c.group == g.id] == [
        "Оновлено о 13:35", "Перший раунд завершився.", "Наступна зустріч у п'ятницю."]

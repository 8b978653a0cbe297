"""Place names as names, in English and the six other languages (issue 15).

German writes every noun capitalised and a sentence opens with a capital in
every language, so a frequent word there is a name only when it is rare;
"Istanbul", "Moskau", "Стамбул" are frequent. CLDR's countries and
time-zone cities (``monitor.text.places``) are names however frequent, and
a capitalised word that takes the place of a name is one ("Ankara"). Traps:
a common word that is also a CLDR place ("Того", "Kabul", "Reunión",
"Resolute"), a noun in the place of a name ("in Haft"). Every sentence written
for these tests.
"""

import pytest

from monitor.diff.aspects import detect
from monitor.text.places import is_place


def entities(old, new, lang):
    return dict(detect(old, new, lang)).get("entities")


FIRES = [
    ("de", "Die Gespräche finden in Istanbul statt, sagte der Sprecher.",
     "Die Gespräche finden in Ankara statt, sagte der Sprecher.", "name changed: Istanbul → Ankara"),
    ("de", "Die Delegation reiste am Morgen nach Moskau.", "Die Delegation reiste am Morgen nach Kiew.",
     "name changed: Moskau → Kiew"),
    ("de", "Die Türkei bietet sich als Vermittlerin an.", "Die Schweiz bietet sich als Vermittlerin an.",
     "name changed: Türkei → Schweiz"),
    ("uk", "Стамбул прийме наступний раунд переговорів.", "Анкара прийме наступний раунд переговорів.",
     "name changed: Стамбул → Анкара"),
    ("ru", "Стамбул примет следующий раунд переговоров.", "Анкара примет следующий раунд переговоров.",
     "name changed: Стамбул → Анкара"),
    ("tr", "Bir sonraki tur İstanbul'da yapılacak.", "Bir sonraki tur Ankara'da yapılacak.",
     "name changed: İstanbul'da → Ankara'da"),
    ("fr", "Istanbul accueillera le prochain cycle de discussions.",
     "Ankara accueillera le prochain cycle de discussions.", "name changed: Istanbul → Ankara"),
    ("es", "Estambul acogerá la próxima ronda de conversaciones.",
     "Ankara acogerá la próxima ronda de conversaciones.", "name changed: Estambul → Ankara"),
    ("en", "Istanbul will host the next round of talks.", "Ankara will host the next round of talks.",
     "name changed: Istanbul → Ankara"),
]


@pytest.mark.parametrize(("lang", "old", "new", "reason"), FIRES, ids=[x[0] for x in FIRES])
def test_a_place_changed_is_a_name_changed(lang, old, new, reason):
    assert entities(old, new, lang) == reason


QUIET = [
    ("de", "Ein Sprecher in Berlin bestätigte den Termin.", "Ein Sprecher in Berlin bestätigte das Datum."),
    ("de", "Die Regierung begrüßte den Austausch.", "Die Bundesregierung begrüßte den Austausch."),
    ("uk", "Того ж дня делегації повернулися додому.", "Наступного дня делегації повернулися додому."),
    ("ru", "Того же дня делегации вернулись домой.", "Наутро делегации вернулись домой."),
    ("tr", "Kabul edilen metin sabah yayımlandı.", "Onaylanan metin sabah yayımlandı."),
    ("fr", "Réunion des ministres prévue à Paris.", "Rencontre des ministres prévue à Paris."),
    ("es", "Reunión de ministros prevista en Madrid.", "Encuentro de ministros previsto en Madrid."),
    ("en", "Resolute action followed the vote.", "Swift action followed the vote."),
]


@pytest.mark.parametrize(("lang", "old", "new"), QUIET, ids=[x[0] for x in QUIET])
def test_a_common_word_that_is_also_a_place_is_no_name(lang, old, new):
    assert entities(old, new, lang) is None


def test_a_noun_in_the_place_of_a_city_is_no_name():
    # "in Haft" (in custody): the city is dropped, and "Haft" named no one
    found = entities("Ein Mann wurde in Istanbul festgenommen.", "Ein Mann wurde in Haft genommen.", "de")
    assert found == "name dropped: Istanbul"


def test_places_come_from_cldr_in_each_language():
    assert is_place("Moskau", "de") and is_place("Kiew", "de") and is_place("Київ", "uk")
    assert is_place("Almanya", "tr") and is_place("Bruselas", "es") and is_place("Londres", "fr")
    assert not is_place("Regierung", "de") and not is_place("Того", "uk") and not is_place("Troll", "de")

"""Aspects in Ukrainian, Russian, Turkish, German, French and Spanish.

For each language and each aspect: a pair that must fire it and a pair that
looks like it but must not (every sentence written for these tests). The
per-language development corpora (seeds/languages/<lang>/labels.jsonl) are
scored by ``monitor eval`` with floors set at the figures measured when they
were written, so a regression shows.
"""

import json
from pathlib import Path

import pytest

from monitor import diff_texts
from monitor.diff.aspects import detect
from monitor.diff.evaluate import evaluate, load_corpus

LANGS = Path(__file__).resolve().parents[2] / "seeds" / "languages"

# lang -> aspect -> ((old, new) that fires, (old, new) that must not)
CASES = {
    "uk": {
        "numbers": (("Звільнили 1 000 полонених.", "Звільнили 1 200 полонених."),
                    ("Звільнили 1,2 тис. полонених.", "Звільнили 1200 полонених.")),
        "time": (("Зустріч відбудеться у четвер.", "Зустріч відбудеться у п'ятницю."),
                 ("Серед делегатів були військові.", "Серед делегатів були дипломати.")),
        "negation": (("Сторони погодилися на обмін.", "Сторони не погодилися на обмін."),
                     ("Делегація прибула вчасно.", "Делегація прибула вчасно, але заяви не зробила.")),
        "quote": (("Він сказав: «Ми готові».", "Він сказав: «Ми не готові»."),
                  ("«Ми готові», — сказав він.", "«Ми готові», — заявив він.")),
        "entities": (("Делегацію очолив Умєров.", "Делегацію очолив Буданов."),
                     ("Заяву Зеленського оприлюднили.", "Заяву оприлюднив Зеленський.")),
    },
    "ru": {
        "numbers": (("Обменяли 1 000 пленных.", "Обменяли 1 500 пленных."),
                    ("Ущерб составил 2 тыс. рублей.", "Ущерб составил 2000 рублей.")),
        "time": (("Переговоры пройдут в четверг.", "Переговоры пройдут в пятницу."),
                 ("Среди гостей были военные.", "Среди гостей были дипломаты.")),
        "negation": (("Кремль подтвердил участие.", "Кремль не подтвердил участие."),
                     ("Встреча закончилась.", "Встреча закончилась, заявления не было.")),
        "quote": (("Он сказал: «Мы довольны».", "Он сказал: «Мы недовольны»."),
                  ("«Мы довольны», — сказал он.", "«Мы довольны», — заявил он.")),
        "entities": (("Переговоры открыл Фидан.", "Переговоры открыл Эрдоган."),
                     ("Речь Путина показали вечером.", "Речь, которую произнёс Путин, показали вечером.")),
    },
    "tr": {
        "numbers": (("Takasta 1.000 esir serbest bırakıldı.", "Takasta 1.200 esir serbest bırakıldı."),
                    ("Takasta 1.200 esir serbest bırakıldı.", "Takasta bin 200 esir serbest bırakıldı.")),
        "time": (("Heyetler perşembe günü buluşacak.", "Heyetler cuma günü buluşacak."),
                 ("Salınan görüntüler incelendi.", "Yayımlanan görüntüler incelendi.")),
        "negation": (("Rus heyeti toplantıya katıldı.", "Rus heyeti toplantıya katılmadı."),
                     ("Görüşme bir saat sürdü.", "Görüşme bir saat sürdü ve açıklama yapılmadı.")),
        "quote": (("Umerov, \"Takas önceliğimiz\" dedi.", "Umerov, \"Ateşkes önceliğimiz\" dedi."),
                  ("\"Hazırız\" dedi Medinski.", "\"Hazırız\" diye konuştu Medinski.")),
        "entities": (("Görüşmelere Fidan başkanlık etti.", "Görüşmelere Kalın başkanlık etti."),
                     ("Erdoğan açıklama yaptı.", "Erdoğan'ın açıklaması geldi.")),
    },
    "de": {
        "numbers": (("Es wurden 1.000 Gefangene übergeben.", "Es wurden 1.200 Gefangene übergeben."),
                    ("Es wurden 1.200 Gefangene übergeben.", "Es wurden 1200 Gefangene übergeben.")),
        "time": (("Die Gespräche beginnen am Mittwoch.", "Die Gespräche beginnen am Donnerstag."),
                 ("Um 19 Uhr beginnt das Treffen.", "Das Treffen beginnt um 19 Uhr.")),
        "negation": (("Der Kreml hat die Teilnahme bestätigt.", "Der Kreml hat die Teilnahme nicht bestätigt."),
                     ("Das Treffen endete.", "Das Treffen endete, eine Einigung gab es nicht.")),
        "quote": (("Er sprach von einem „Durchbruch“.", "Er sprach von einem „ersten Schritt“."),
                  ("„Wir sind bereit“, sagte er.", "„Wir sind bereit“, erklärte er.")),
        "entities": (("Die Delegation leitete Medinski.", "Die Delegation leitete Umerow."),
                     ("Die Regierung begrüßte die Einigung.", "Die Bundesregierung begrüßte die Einigung.")),
    },
    "fr": {
        "numbers": (("L'accord prévoit 1 000 libérations.", "L'accord prévoit 1 200 libérations."),
                    ("Plus de 1.000 Ukrainiens sont rentrés.", "Plus de 1 000 Ukrainiens sont rentrés.")),
        "time": (("La rencontre est prévue mardi.", "La rencontre est prévue mercredi."),
                 ("La séance a duré 10 heures.", "La séance a duré dix heures.")),
        "negation": (("Le président a participé aux pourparlers.", "Le président n'a pas participé aux pourparlers."),
                     ("Le ministre a rencontré les délégués.", "Le ministre n'a rencontré que les délégués.")),
        "quote": (("Il a parlé d'« un grand résultat ».", "Il a parlé d'« un résultat modeste »."),
                  ("« Nous sommes prêts », a-t-il dit.", "« Nous sommes prêts », a-t-il affirmé.")),
        "entities": (("La réunion était présidée par Fidan.", "La réunion était présidée par Erdogan."),
                     ("M. Oumerov a quitté la salle.", "Oumerov a quitté la salle.")),
    },
    "es": {
        "numbers": (("Intercambiaron 1.000 prisioneros.", "Intercambiaron 1.200 prisioneros."),
                    ("Liberaron a mil prisioneros.", "Liberaron a 1.000 prisioneros.")),
        "time": (("La reunión fue el viernes.", "La reunión fue el jueves."),
                 ("El barco quedó en alta mar.", "El barco quedó mar adentro.")),
        "negation": (("El alcalde asistió a la reunión.", "El alcalde no asistió a la reunión."),
                     ("La reunión duró una hora.", "La reunión duró una hora y no hubo declaración.")),
        "quote": (("Dijo que fue «un día importante».", "Dijo que fue «un día histórico»."),
                  ("«Estamos satisfechos», declaró.", "«Estamos satisfechos», afirmó.")),
        "entities": (("La delegación la encabezó Medinski.", "La delegación la encabezó Lavrov."),
                     ("La Sra. García llegó ayer.", "García llegó ayer.")),
    },
}
PARAMS = [(lang, aspect) for lang, by in CASES.items() for aspect in by]
IDS = [f"{lang}-{aspect}" for lang, aspect in PARAMS]


def aspects(old, new, lang):
    return [a for a, _ in detect(old, new, lang)]


@pytest.mark.parametrize(("lang", "aspect"), PARAMS, ids=IDS)
def test_the_aspect_fires(lang, aspect):
    old, new = CASES[lang][aspect][0]
    assert aspect in aspects(old, new, lang)


@pytest.mark.parametrize(("lang", "aspect"), PARAMS, ids=IDS)
def test_the_look_alike_does_not_fire(lang, aspect):
    old, new = CASES[lang][aspect][1]
    assert aspect not in aspects(old, new, lang)


def test_the_same_pairs_read_as_english_fire_nothing_of_the_kind():
    # the English rules know no "п'ятниця" and read "1.000" as one: the language matters
    old, new = CASES["uk"]["time"][0]
    assert "time" not in aspects(old, new, "en")
    old, new = "Es wurden 1.000 Gefangene übergeben.", "Es wurden 1 Gefangene übergeben."
    assert "numbers" not in aspects(old, new, "en")  # 1.000 = 1.0 in English
    assert "numbers" in aspects(old, new, "de")  # a thousand in German


def test_reasons_name_the_dictionary_forms():
    found = dict(detect("Делегації зустрінуться у четвер.", "Делегації зустрінуться у п'ятницю.", "uk"))
    assert found["time"] == "time changed: четвер → п'ятниця"
    found = dict(detect("Heyet toplantıya katıldı.", "Heyet toplantıya katılmadı.", "tr"))
    assert "katılmadı" in found["negation"]


def test_a_whole_ukrainian_document_is_judged_in_ukrainian():
    old = "Делегації України та Росії зустрінуться у четвер у Стамбулі.\n\nОбмін торкнеться 1 000 полонених."
    new = "Делегації України та Росії зустрінуться у п'ятницю у Стамбулі.\n\nОбмін торкнеться 1 200 полонених."
    d = diff_texts(old, new)
    assert d.language == "uk"
    assert [c.aspects for c in d] == [("time",), ("numbers",)]


# Floors: the figures measured once the corpora had grown to 54-55 records
# (issue 15) and the engine had learnt words by their stems, number words,
# places, refusals, "not only", the French ne explétif, Turkish "-ama", hedges
# and short splits; rounded down. Each miss left is listed with its record id
# in seeds/languages/README.md. Link and update-group F1, then the precision of
# each material aspect (an aspect the engine fires that a reader would not name
# lowers it; one the engine misses does not).
FLOORS = {
    "uk": {"links": 1.0, "groups": 1.0,
           "numbers": 1.0, "time": 1.0, "negation": 1.0, "quote": 1.0, "entities": 1.0, "content": 0.8},
    "ru": {"links": 1.0, "groups": 1.0,
           "numbers": 1.0, "time": 1.0, "negation": 1.0, "quote": 1.0, "entities": 0.66, "content": 0.71},
    "tr": {"links": 0.99, "groups": 1.0,
           "numbers": 1.0, "time": 1.0, "negation": 1.0, "quote": 1.0, "entities": 1.0, "content": 0.66},
    "de": {"links": 1.0, "groups": 1.0,
           "numbers": 1.0, "time": 1.0, "negation": 1.0, "quote": 1.0, "entities": 1.0, "content": 1.0},
    "fr": {"links": 1.0, "groups": 1.0,
           "numbers": 0.87, "time": 1.0, "negation": 1.0, "quote": 1.0, "entities": 1.0, "content": 1.0},
    "es": {"links": 1.0, "groups": 1.0,
           "numbers": 0.87, "time": 1.0, "negation": 1.0, "quote": 1.0, "entities": 1.0, "content": 1.0},
}
MATERIAL = ("numbers", "time", "negation", "quote", "entities", "content")


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_monitor_eval_on_the_language_corpus(lang):
    score = evaluate(load_corpus(LANGS / lang / "labels.jsonl")).to_dict()
    assert score["records"] >= 45
    assert score["links"]["f1"] >= FLOORS[lang]["links"]
    assert score["groups"]["f1"] >= FLOORS[lang]["groups"]
    # a page whose only change is an entry corrected in place gets no group
    assert score["groups_by_entries"]["0"]["fp"] == 0
    for name in MATERIAL:
        assert score["aspects"][name]["precision"] >= FLOORS[lang][name], (name, score["aspects"][name])
        assert score["aspects"][name]["tp"] >= 1, name


def test_the_corpora_are_marked_as_written_for_the_project():
    readme = (LANGS / "README.md").read_text(encoding="utf-8")
    assert "written for this project" in readme
    for lang in FLOORS:
        first = json.loads((LANGS / lang / "labels.jsonl").read_text(encoding="utf-8").splitlines()[0])
        assert first["id"].startswith(lang + "-")


@pytest.mark.parametrize(("lang", "old", "new"), [
    ("uk", "Міністерство підтвердило інформацію.", "Міністерство спростувало інформацію."),
    ("ru", "Минобороны подтвердило информацию.", "Минобороны опровергло информацию."),
    ("tr", "Bakanlık iddiayı doğruladı.", "Bakanlık iddiayı yalanladı."),
    ("de", "Das Ministerium bestätigte den Bericht.", "Das Ministerium dementierte den Bericht."),
    ("fr", "Le ministère a confirmé l'information.", "Le ministère a démenti l'information."),
    ("es", "El ministerio confirmó la información.", "El ministerio desmintió la información."),
])
def test_confirmed_then_denied_is_a_reversal_in_every_form(lang, old, new):
    # "denied" negates "confirmed" whatever the ending: опроверг, опровергла, опровергло
    assert aspects(old, new, lang) == ["negation"]

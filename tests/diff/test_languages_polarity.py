"""Refusals, "not only", the French *ne* explétif, Turkish "could not",
hedges, attributions and splits, in each language and in English (issue 15).

Each rule has a pair that must fire and a look-alike that must not; every
sentence is written for these tests. The development corpora's records that
these rules answer are listed in seeds/languages/README.md.
"""

import pytest

from monitor import diff_texts
from monitor.diff.aspects import detect


def aspects(old, new, lang):
    return [a for a, _ in detect(old, new, lang)]


# --- a refusal is a negation: "did not comment" = "refused to comment" -------

# lang -> (agreed → refused: a reversal), (did not comment → refused to comment: none)
REFUSALS = {
    "uk": (("Україна погодилася на обмін.", "Україна відмовилася від обміну."),
           ("Речниця МЗС не коментувала заяву.", "Речниця МЗС відмовилася коментувати заяву.")),
    "ru": (("Киев согласился на обмен.", "Киев отказался от обмена."),
           ("Пресс-секретарь не комментировал слухи.", "Пресс-секретарь отказался комментировать слухи.")),
    "de": (("Die Regierung nahm den Vorschlag an.", "Die Regierung lehnte den Vorschlag ab."),
           ("Das Ministerium äußerte sich nicht zu den Vorwürfen.",
            "Das Ministerium verweigerte jede Stellungnahme zu den Vorwürfen.")),
    "fr": (("Moscou a accepté la proposition.", "Moscou a refusé la proposition."),
           ("Le porte-parole n'a pas commenté ces propos.", "Le porte-parole a refusé de commenter ces propos.")),
    "es": (("El Gobierno aceptó firmar el acuerdo.", "El Gobierno se negó a firmar el acuerdo."),
           ("El portavoz no comentó las declaraciones.", "El portavoz se negó a comentar las declaraciones.")),
    "en": (("The government accepted the proposal.", "The government rejected the proposal."),
           ("The Kremlin did not comment on the report.", "The Kremlin declined any comment on the report.")),
}


@pytest.mark.parametrize("lang", sorted(REFUSALS))
def test_a_refusal_reverses_a_claim_but_not_a_silence(lang):
    fires, trap = REFUSALS[lang]
    assert "negation" in aspects(*fires, lang)
    assert aspects(*trap, lang) == ["wording"]


def test_turkish_keeps_its_negation_inside_the_verb():
    # no refusal verb is read in Turkish: "yapmadı" is already the negation
    assert aspects("Sözcü açıklama yapmadı.", "Sözcü açıklama yapmaktan kaçındı.", "tr") == ["wording"]


def test_a_refusal_is_no_denial_in_spanish():
    # "negó" alone denies ("negó la información" = "not confirm"); "se negó a" refuses
    assert aspects("El ministerio confirmó la información.", "El ministerio negó la información.", "es") == [
        "negation"
    ]


# --- "not only … but also" is emphasis, a claim added ------------------------

# lang -> (a negation added: fires), (the same claim with "not only … but also": no negation)
NOT_ONLY = {
    "uk": (("Сторони обговорили обмін полоненими.", "Сторони не обговорили обмін полоненими."),
           ("Сторони обговорили обмін полоненими.",
            "Сторони обговорили не тільки обмін полоненими, а й енергетичне перемир'я.")),
    "ru": (("Стороны обсудили обмен пленными.", "Стороны не обсудили обмен пленными."),
           ("Стороны обсудили обмен пленными.", "Стороны обсудили не только обмен пленными, но и перемирие.")),
    "tr": (("Heyetler esir takasını görüştü.", "Heyetler esir takasını görüşmedi."),
           ("Heyetler esir takasını görüştü.", "Heyetler sadece esir takasını değil, ateşkesi de görüştü.")),
    "de": (("Die Delegationen sprachen über den Austausch.", "Die Delegationen sprachen nicht über den Austausch."),
           ("Die Delegationen sprachen über den Austausch.",
            "Die Delegationen sprachen nicht nur über den Austausch, sondern auch über die Waffenruhe.")),
    "fr": (("Les délégations ont évoqué l'échange.", "Les délégations n'ont pas évoqué l'échange."),
           ("Les délégations ont évoqué l'échange.",
            "Les délégations n'ont pas seulement évoqué l'échange, mais aussi la trêve.")),
    "es": (("Las delegaciones hablaron del canje.", "Las delegaciones no hablaron del canje."),
           ("Las delegaciones hablaron del canje.",
            "Las delegaciones hablaron no solamente del canje, sino también de la tregua.")),
    "en": (("The delegations discussed the exchange.", "The delegations did not discuss the exchange."),
           ("The delegations discussed the exchange.",
            "The delegations discussed not only the exchange but also the truce.")),
}


@pytest.mark.parametrize("lang", sorted(NOT_ONLY))
def test_not_only_adds_a_claim_and_negates_nothing(lang):
    fires, trap = NOT_ONLY[lang]
    assert "negation" in aspects(*fires, lang)
    assert aspects(*trap, lang) == ["content"]


def test_a_german_noun_in_a_rarer_form_is_no_name():
    # "Korridore" is rare, "Korridor" common: a noun; a surname is still a name
    assert "entities" not in aspects("Man sprach über den Austausch.", "Man sprach über humanitäre Korridore.", "de")
    assert "entities" in aspects("Die Gespräche leitete Merz.", "Die Gespräche leitete Wadephul.", "de")


# --- the French "ne" explétif -------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("Ils veulent conclure avant que la trêve expire.", "Ils veulent conclure avant que la trêve n'expire."),
    ("La trêve tiendra à moins que Moscou relance l'offensive.",
     "La trêve tiendra à moins que Moscou ne relance l'offensive."),
    ("Kiev craint que Moscou accepte l'accord.", "Kiev craint que Moscou n'accepte l'accord."),
    ("La situation est plus grave qu'on le pensait.", "La situation est plus grave qu'on ne le pensait."),
])
def test_the_ne_expletif_negates_nothing(old, new):
    assert "negation" not in aspects(old, new, "fr")


@pytest.mark.parametrize(("old", "new"), [
    ("Kiev craint que Moscou accepte l'accord.", "Kiev craint que Moscou n'accepte pas l'accord."),
    ("Il a dit qu'il peut venir.", "Il a dit qu'il ne peut venir."),  # literary "ne" alone, no trigger
    ("Ils partiront avant que la trêve expire.", "Ils partiront avant que la trêve n'expire jamais."),
])
def test_a_real_negation_after_que_still_flips(old, new):
    assert "negation" in aspects(old, new, "fr")


# --- Turkish: "could not" (-ama/-eme) and voiceless stems ---------------------

@pytest.mark.parametrize(("old", "new"), [
    ("Taraflar ateşkes konusunda anlaştı.", "Taraflar ateşkes konusunda anlaşamadı."),
    ("Heyet toplantıya katılıyor.", "Heyet toplantıya katılamıyor."),
    ("Bakan açıklama yaptı.", "Bakan açıklama yapmadı."),  # "yap-tı": the past after a voiceless stem
    ("Bakan teklifi kabul etti.", "Bakan teklifi kabul etmedi."),
    ("Heyet sarayı gördü.", "Heyet sarayı görmedi."),  # "-dü" → "-medi": vowel harmony
])
def test_turkish_negation_inside_the_verb(old, new):
    assert aspects(old, new, "tr") == ["negation"]


@pytest.mark.parametrize(("old", "new"), [
    ("Taraflar uzlaştı.", "Taraflar uzlaşmaya vardı."),  # reached a compromise: the noun "uzlaşma"
    ("Taraflar anlaştı.", "Taraflar anlaşmayı imzaladı."),
])
def test_turkish_nouns_in_ma_are_no_negation(old, new):
    assert "negation" not in aspects(old, new, "tr")


def test_turkish_light_verb_adds_no_claim():
    # "kısa sürdü" = "kısa bir süre devam etti": "etti" makes a verb of "devam"
    assert aspects("Görüşme kısa sürdü.", "Görüşme kısa bir süre devam etti.", "tr") == ["wording"]
    assert aspects("Görüşme kısa sürdü.", "Görüşme kısa sürdü ve ortak açıklama yapılmadı.", "tr") == ["content"]


def test_english_a_short_while_is_a_time_not_a_clause():
    assert aspects("The meeting was short.", "The meeting lasted a short while.", "en") == ["wording"]
    assert aspects("The talks ended.", "The talks ended while the shelling went on.", "en") == ["content"]


# --- hedges -------------------------------------------------------------------

# lang -> (a hedge added: content), (the same hedge moved: wording)
HEDGES = {
    "uk": (("Армія відступила від міста.", "Армія нібито відступила від міста."),
           ("Армія нібито відступила від міста.", "Нібито армія відступила від міста.")),
    "ru": (("Армия отступила от города.", "Армия якобы отступила от города."),
           ("Армия якобы отступила от города.", "Якобы армия отступила от города.")),
    "tr": (("Heyetler yarın buluşacak.", "Heyetler muhtemelen yarın buluşacak."),
           ("Heyetler muhtemelen yarın buluşacak.", "Muhtemelen heyetler yarın buluşacak.")),
    "de": (("Die Armee zog sich zurück.", "Die Armee zog sich angeblich zurück."),
           ("Angeblich zog sich die Armee zurück.", "Die Armee zog sich angeblich zurück.")),
    "fr": (("L'armée a quitté la ville.", "L'armée aurait quitté la ville."),
           ("L'armée aurait quitté la ville.", "L'armée aurait abandonné la ville.")),
    "es": (("El ejército abandonó la ciudad.", "El ejército supuestamente abandonó la ciudad."),
           ("Supuestamente el ejército abandonó la ciudad.", "El ejército supuestamente abandonó la ciudad.")),
    "en": (("Russia handed over its memorandum.", "Russia is said to have handed over its memorandum."),
           ("Russia is said to have handed over its memorandum.",
            "The memorandum is said to have been handed over by Russia.")),
}


@pytest.mark.parametrize("lang", sorted(HEDGES))
def test_a_hedge_added_is_content_and_a_hedge_moved_is_not(lang):
    fires, trap = HEDGES[lang]
    assert aspects(*fires, lang) == ["content"]
    assert aspects(*trap, lang) == ["wording"]


@pytest.mark.parametrize(("old", "new", "lang"), [
    ("El ejército abandonó la ciudad.", "El ejército habría abandonado la ciudad.", "es"),
    ("Rusya muhtırayı iletti.", "Rusya'nın muhtırayı ilettiği iddia edildi.", "tr"),
])
def test_hearsay_forms_are_hedges(old, new, lang):
    assert aspects(old, new, lang) == ["content"]


@pytest.mark.parametrize(("old", "new", "lang"), [
    # the conditional of reported speech, after "que": a tense, not hearsay
    ("Le ministre a dit que l'accord est prêt.", "Le ministre a dit que l'accord serait prêt.", "fr"),
    ("El ministro dijo que habrá un acuerdo.", "El ministro dijo que habría un acuerdo.", "es"),
])
def test_the_conditional_of_reported_speech_is_no_hedge(old, new, lang):
    assert aspects(old, new, lang) == ["wording"]


# --- attributions: "according to him" is no claim -----------------------------

# lang -> (an attribution added: wording), (a claim added beside it: content)
ATTRIBUTIONS = {
    "uk": (("Дату назвуть пізніше.", "Дату, за його словами, назвуть пізніше."),
           ("Дату назвуть пізніше.", "Дату, за його словами, назвуть пізніше разом зі списком полонених.")),
    "ru": (("Дату объявят позже.", "Дату, по его словам, объявят позже."),
           ("Дату объявят позже.", "Дату, по его словам, объявят позже вместе со списком пленных.")),
    "de": (("Das Datum wird später bekanntgegeben.", "Das Datum wird nach seinen Worten später bekanntgegeben."),
           ("Das Datum wird später bekanntgegeben.",
            "Das Datum wird nach seinen Worten später zusammen mit der Liste der Gefangenen bekanntgegeben.")),
    "fr": (("La date sera annoncée plus tard.", "Selon lui, la date sera annoncée plus tard."),
           ("La date sera annoncée plus tard.",
            "Selon lui, la date sera annoncée plus tard avec la liste des prisonniers.")),
    "es": (("La fecha se anunciará más adelante.", "Según él, la fecha se anunciará más adelante."),
           ("La fecha se anunciará más adelante.",
            "Según él, la fecha se anunciará más adelante junto con la lista de prisioneros.")),
}


@pytest.mark.parametrize("lang", sorted(ATTRIBUTIONS))
def test_an_attribution_is_no_claim(lang):
    plain, claim = ATTRIBUTIONS[lang]
    assert aspects(*plain, lang) == ["wording"]
    assert aspects(*claim, lang) == ["content"]


def test_a_verb_of_saying_swapped_is_still_wording():
    assert aspects('Fidan, "süreç zor" dedi.', 'Fidan, "süreç zor" ifadelerini kullandı.', "tr") == ["wording"]


# --- a statement split off a short second sentence ----------------------------

SPLITS = {
    "en": ("Umerov said the two sides had agreed on a prisoner exchange, and the date would be announced later.",
           "Umerov said the two sides had agreed on a prisoner exchange. "
           "The date would be announced later, according to him."),
    "uk": ("Умєров сказав, що делегації погодили обмін полоненими, а дату оголосять згодом.",
           "Умєров сказав, що делегації погодили обмін полоненими. Дату, за його словами, оголосять згодом."),
    "ru": ("Умеров сказал, что делегации согласовали обмен пленными, а дату сообщат позднее.",
           "Умеров сказал, что делегации согласовали обмен пленными. Дату, по его словам, сообщат позднее."),
    "de": ("Umerow sagte, die Delegationen hätten einen Gefangenenaustausch vereinbart, der Termin folge später.",
           "Umerow sagte, die Delegationen hätten einen Gefangenenaustausch vereinbart. "
           "Der Termin folge laut Umerow später."),
    "es": ("Umérov dijo que las delegaciones pactaron un canje de prisioneros y que la fecha se dará después.",
           "Umérov dijo que las delegaciones pactaron un canje de prisioneros. Según él, la fecha se dará después."),
}


@pytest.mark.parametrize("lang", sorted(SPLITS))
def test_a_split_with_a_short_second_half_is_one_statement(lang):
    old, new = SPLITS[lang]
    d = diff_texts(old, new)
    assert d.language == lang
    assert [(c.kind, c.aspects) for c in d] == [("split", ("wording",))]


def test_an_edit_with_a_statement_added_beside_it_is_no_split():
    old = "The talks ended after two hours, and the sides agreed on a prisoner exchange."
    for new in (
        "The talks ended after two hours, and the sides agreed on a prisoner exchange on Friday. "
        "Zelensky thanked Turkey.",
        "The talks ended after three hours, and the sides agreed on a prisoner exchange. "
        "The exchange is set for Friday.",
    ):
        assert [c.kind for c in diff_texts(old, new)] == ["edited", "added"]

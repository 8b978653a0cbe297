"""Place names per language, from Babel's copy of the Unicode CLDR.

A capitalised word opening a sentence, and any German noun, is taken for a
name only when it is rare (``monitor.diff.names``, ``aspects_intl``); but
"Istanbul", "Moskau", "Kiew", "Deutschland" are frequent words in every
language, so "in Istanbul" → "in Ankara" read as no change of name in German.
CLDR names, in each language, every country (territories with a two-letter
code: "Türkei", "Туреччина", "Almanya") and the exemplar city of every time
zone ("Moskau", "Київ", "İstanbul", "Berlin"): 264 countries and 450 cities a
language, 10-20 ms to read once Babel's data is loaded (about 100 ms for the
first language, Babel's import included), and only when a name is judged.

pycountry's subdivision names (5,046, translated into the languages) were
measured too: they add "Ankara" and "Genf" but also "Zug", "Landes", "Grad",
"Bar", "Pool", "Male" and "Marken", German nouns that would become names, so
they are not used. A city CLDR does not list ("Ankara", "Odessa") is still
a name where it takes the place of one (``aspects_intl.entity_change``).
"""

from __future__ import annotations

from functools import cache

# Time zones whose "city" is no place ("Unknown", "UTC") or a research
# station ("Troll", "Vostok", "Davis"); territories that are none ("Pseudo-Accents").
_NOT_CITIES = ("Etc/", "Antarctica/")
_NOT_TERRITORIES = frozenset("XA XB ZZ QO".split())
# Names CLDR gives that are also a common word of the language, which a
# sentence may open with: Turkish "Kabul" (accepted), Ukrainian "Малі"
# (small), Spanish "Reunión" (meeting), French "Équateur" (equator).
_HOMOGRAPHS: dict[str, frozenset[str]] = {
    "en": frozenset("chad jordan guinea turkey china jersey resolute wake oral nome sitka regina phoenix".split()),
    "de": frozenset("oral".split()),
    "fr": frozenset("réunion christmas équateur détroit damas grenade canton oral salvador maurice".split()),
    "es": frozenset(
        "reunión navidad antigua salta granada belén fortaleza asunción dominica lima oral mérida guadalupe".split()
    ),
    "tr": frozenset("kabul mali dili adak tiran fas gine gana oral şam çita".split()),
    "ru": frozenset("того мали ном орал чита".split()),
    "uk": frozenset("того малі ділі ном сітка чита".split()),
}


@cache
def place_names(lang: str) -> frozenset[str]:
    """Country and city names CLDR gives in ``lang`` and in English, case-folded."""
    from babel import Locale
    from babel.core import get_global

    zones = [z for z in get_global("zone_territories") if not z.startswith(_NOT_CITIES)]
    out: set[str] = set()
    for code in dict.fromkeys((lang, "en")):
        loc = Locale.parse(code)
        tz = loc.time_zones
        for z in zones:
            city = tz.get(z, {}).get("city") or z.rsplit("/", 1)[-1].replace("_", " ")
            out.add(city.casefold())
        out.update(
            name.casefold() for key, name in loc.territories.items()
            if len(key) == 2 and key.isalpha() and key not in _NOT_TERRITORIES
        )
    return frozenset(out) - _HOMOGRAPHS.get(lang, frozenset())


def is_place(word: str, lang: str) -> bool:
    """Whether ``word`` (one word, as written) is a country or a city CLDR names."""
    return word.casefold().replace("’", "'") in place_names(lang)


__all__ = ["is_place", "place_names"]

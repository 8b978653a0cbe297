"""Failure kinds found by running the engine on real revision pairs, as cases
written for this project (see seeds/realtext/README.md for the counts)."""

import json
from pathlib import Path

import pytest

from monitor import diff_texts
from monitor.diff.evaluate import evaluate, load_corpus
from monitor.text.markers import is_page_stamp
from monitor.text.normalize import normalize

CORPUS = Path(__file__).resolve().parents[2] / "seeds" / "realtext" / "labels.jsonl"
RECORDS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def _key(kind, old, new, aspects):
    return kind, normalize(old or ""), normalize(new or ""), tuple(sorted(aspects))


@pytest.mark.parametrize("rec", RECORDS, ids=[r["id"] for r in RECORDS])
def test_each_realtext_case_gets_exactly_its_changes(rec):
    d = diff_texts(rec["old"], rec["new"])
    got = sorted(_key(c.kind, c.old, c.new, c.aspects) for c in d)
    want = sorted(_key(c["kind"], c["old"], c["new"], c["aspects"]) for c in rec["changes"])
    assert got == want


def test_realtext_corpus_links():
    score = evaluate(load_corpus(CORPUS)).to_dict()
    assert score["links"]["f1"] == 1.0 and score["labels"]["accuracy"] == 1.0

ARTICLE = (
    "The reservoir was finished in 1962 after six years of work.[3] It holds water for 40,000 homes.[4][5]\n\n"
    "Engineers raised the dam in 1988.[6] A second spillway followed in 2001.[7]"
)


def test_a_reference_added_near_the_top_renumbers_nothing_that_matters():
    """One reference added to the lead renumbers every later mark: on a real
    encyclopedia article that was 217 "figure changed" edits."""
    new = ARTICLE.replace("[3]", "[3][4]").replace("[4][5]", "[5][6]").replace("[6]", "[7]").replace("[7]", "[8]")
    assert new != ARTICLE
    assert list(diff_texts(ARTICLE, new)) == []


def test_a_figure_edited_beside_renumbered_references_is_one_figure():
    new = ARTICLE.replace("1988.[6]", "1989.[7]").replace("2001.[7]", "2001.[8]")
    d = diff_texts(ARTICLE, new)
    assert [(c.kind, c.aspects) for c in d] == [("edited", ("numbers",))]
    assert d.changes[0].reason == "edited: figure changed: 1988 → 1989"


def test_citation_needed_is_no_claim():
    new = ARTICLE.replace("for 40,000 homes.[4][5]", "for 40,000 homes.[4][5][citation needed]")
    assert list(diff_texts(ARTICLE, new)) == []


BODY = "Crews reopened the eastern ramp on Tuesday.\n\nThe western ramp stays shut until March."


def test_the_pages_own_update_stamp_moving_on_is_not_material():
    d = diff_texts("Updated 3:45 p.m. ET, Nov. 19, 2019\n\n" + BODY, "Updated 4:10 p.m. ET, Nov. 19, 2019\n\n" + BODY)
    assert [(c.kind, c.aspects, c.material) for c in d] == [("edited", ("wording",), False)]
    assert "time stamp" in d.changes[0].reason


def test_a_reviewed_line_is_a_stamp_and_a_bare_date_is_not():
    assert is_page_stamp("Page last reviewed: May 3, 2023")
    assert is_page_stamp("Last modified on Wed 20 Nov 2019 09.10 GMT")
    assert not is_page_stamp("September 29, 2017")  # on an event page, the news
    assert not is_page_stamp("Updated: the council voted 5-4 on Tuesday.")
    d = diff_texts("The fair opens on\n\nMay 3, 2024", "The fair opens on\n\nMay 10, 2024")
    assert [c.material for c in d] == [True]


def test_a_page_once_served_as_mojibake_then_fixed_differs_only_where_it_changed():
    """The archived copy's UTF-8 had been read as Windows-1252 once on the way."""
    from monitor.text.clean import after_extraction, before_extraction
    from monitor.text.extract import extract

    good = ("<html><body><article><h1>Ferry service</h1><p>Riders should check the “Español” timetable before "
            "boarding at the café pier.</p><p>The ferry runs every 30 minutes — weather permitting.</p>"
            "<p>Tickets cost $4 each.</p></article></body></html>")
    # Windows-1252 where it defines the byte, Latin-1 (a C1 control) where it does not, as the real copy had it.
    garbled = "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                      for b in good.encode("utf-8")).replace("$4", "$5")
    assert "â€œ" in garbled
    old, new = (after_extraction(extract(before_extraction(p)).text) for p in (garbled, good))
    d = diff_texts(old, new)
    assert [(c.kind, c.aspects) for c in d] == [("edited", ("numbers",))]


def test_mojibake_repair_leaves_ordinary_text_alone():
    from monitor.text.mojibake import repair

    assert repair("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ and isnâ€™t") == "привет and isn’t"
    for text in ("CAFÉ» ouvert", "Ã alone", "Straße und Café", "plain"):
        assert repair(text) == text


def test_the_word_after_a_list_bullet_opens_a_sentence():
    """A situation report's bullets: "- More than …" is no name "More"."""
    d = diff_texts("- About 40% of pharmacies are open\n\n- Crews cleared 12 roads",
                   "- More than 40% of pharmacies are open\n\n- Crews cleared 12 roads")
    assert "entities" not in d.changes[0].aspects
    d = diff_texts("- Roads were cleared by the county.", "- Roads were cleared by FEMA and the county.")
    assert d.changes[0].reason == "edited: name added: FEMA"


def test_two_statements_of_one_topic_sharing_a_few_words_are_not_one_edit():
    """A program page rewritten: the old item and the new one share "federal
    agencies" and "address", enough for a character score near 0.55."""
    old = ("The Coastal Plan lists steps that federal agencies will take to address harbor erosion, "
           "including new seawalls and buyouts for flooded homes.")
    new = ("The research office brings together federal agencies and universities to address drought "
           "forecasting at the county, state and national levels.")
    d = diff_texts(old, new)
    assert sorted(c.kind for c in d) == ["added", "removed"]


def test_a_figure_under_another_floor_or_ceiling_is_a_figure_change():
    """"Approximately 65% of stores are open" -> "More than 65% …" (a real situation report)."""
    from monitor.diff.aspects import detect

    assert detect("Approximately 65% of stores are open.", "More than 65% of stores are open.") == [
        ("numbers", "figure's bound changed: approximately → more than")]
    assert detect("At least 12 people died.", "12 people died.")[0][0] == "numbers"
    assert detect("About 300 people came.", "300 people came.") == [("wording", "reworded, meaning kept")]
    assert detect("Nearly 300 homes burned.", "Almost 300 homes burned.") == [("wording", "reworded, meaning kept")]


def test_a_short_statement_grown_by_a_clause_is_still_one_edit():
    d = diff_texts("The shop sells bread.", "The shop sells bread, cakes and hot coffee to commuters.")
    assert [c.kind for c in d] == ["edited"]


def test_credit_lines_that_gain_a_name_are_not_material():
    from monitor.text.markers import is_credit_line

    body = "Crews reopened the ramp on Tuesday.\n\nThe western ramp stays shut."
    for old, new in [("By Jane Roe, The Wire Service", "By Jane Roe and Ann Loe, The Wire Service"),
                     ("Reporting by Jane Roe; Editing by Sam Poe",
                      "Reporting by Jane Roe and Ann Loe; Editing by Sam Poe"),
                     ("(Photo: Jane Roe/Wire)", "(Photo: Jane Roe and Sam Poe/Wire)")]:
        d = diff_texts(f"{old}\n\n{body}", f"{new}\n\n{body}")
        want = [(("wording",), False, "edited: a credit line changed")]
        assert [(c.aspects, c.material, c.reason) for c in d] == want
    assert not is_credit_line("By Tuesday, the river had crested.")
    assert not is_credit_line("The police chief contributed $500 to the fund.")


def test_a_figure_alone_in_its_paragraph_edited_is_one_edit():
    """An infobox or table cell ("234[5]" → "237[5]"): no word in common but the figures' shape."""
    d = diff_texts("Population\n\n234[5]\n\nArea", "Population\n\n237[5]\n\nArea")
    assert [(c.kind, c.aspects) for c in d] == [("edited", ("numbers",))]


def test_date_lines_of_unrelated_listing_items_are_not_paired():
    old = ("News releases\n\nAgency Names New Director\n\nShe led the coastal program.\n\nOctober 2, 2023\n\n"
           "Office Opens in Harlow\n\nIt takes claims.\n\nSeptember 25, 2023")
    new = ("News releases\n\nGrants Announced for Water Systems\n\nForty towns share them.\n\nOctober 16, 2023\n\n"
           "Agency Names New Director\n\nShe led the coastal program.\n\nOctober 2, 2023")
    d = diff_texts(old, new)
    assert "edited" not in [c.kind for c in d]
    d = diff_texts("The fair opens on\n\nMay 3, 2024\n\nTickets cost $8.",
                   "The fair opens on\n\nMay 10, 2024\n\nTickets cost $8.")
    assert [(c.kind, c.aspects) for c in d] == [("edited", ("time",))]

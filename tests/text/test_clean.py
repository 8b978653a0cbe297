"""Invisible characters and bidi overrides: the diff compares what a reader reads."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.diff.engine import diff_texts
from monitor.text import clean as clean_module
from monitor.text.clean import BIDI_REASON, clean, resolve_bidi, strip_invisible

RLO, LRO, PDF, RLE, LRI, PDI = "\u202e", "\u202d", "\u202c", "\u202b", "\u2066", "\u2069"

# One of each invisible kind the issue names, placed inside a figure and a word.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064",
             "\ufeff", "\ufe00", "\ufe0f", "\u00ad", "\U000e0101"]


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_are_dropped(ch):
    assert strip_invisible(f"The toll rose to 2{ch}00 in Kha{ch}rkiv.") == "The toll rose to 200 in Kharkiv."


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_an_invisible_character_in_a_figure_is_no_change(ch):
    old = "Officials said 200 people were evacuated from the district overnight."
    new = old.replace("200", f"20{ch}0")
    assert diff_texts(old, new).changes == ()


def test_visible_text_is_left_alone():
    text = "Café — “quoted”, 1 000 € and 中文, עברית, العربية"
    assert strip_invisible(text) == text and clean(text) == text


def test_rlo_run_reads_reversed_and_loses_its_controls():
    assert resolve_bidi(f"would {RLO}ton{PDF} be present") == "would not be present"
    # Brackets inside a forced right-to-left run are mirrored, so they still face the right way.
    assert resolve_bidi(f"{RLO})a(b{PDF}") == "b)a("
    # No PDF: the override runs to the end of the paragraph, not into the next one.
    assert resolve_bidi(f"x {RLO}ton\nnext") == "x not\nnext"


def test_lro_over_right_to_left_letters_reverses_them_but_not_latin():
    hebrew = "שלום"
    assert resolve_bidi(f"{LRO}{hebrew}{PDF}") == hebrew[::-1]
    assert resolve_bidi(f"{LRO}not{PDF}") == "not"


def test_embeddings_and_isolates_are_dropped_without_reordering():
    assert resolve_bidi(f"{RLE}ab{PDF} {LRI}cd{PDI}") == "ab cd"


def test_nested_runs_keep_inner_order():
    # An LRO run inside an RLO run is one piece of the outer reversed run.
    assert resolve_bidi(f"{RLO}ab{LRO}cd{PDF}{PDF}") == "cdba"


def test_an_override_that_flips_meaning_is_an_edit_with_its_polarity_and_flagged():
    old = "Talks begin on Thursday.\n\nThe United States would be present at the talks."
    new = f"Talks begin on Thursday.\n\nThe United States would {RLO}ton{PDF} be present at the talks."
    d = diff_texts(old, new)
    (c,) = d.changes
    assert c.kind == "edited" and c.new == "The United States would not be present at the talks."
    assert "negation" in c.aspects, c.aspects
    assert BIDI_REASON in c.reason


def test_only_changes_from_overridden_text_are_flagged():
    old = "Ministers met in the morning.\n\nThe delegation would be present."
    new = f"Ministers met again in the evening.\n\nThe delegation would {RLO}ton{PDF} be present."
    d = diff_texts(old, new)
    flagged = {c.new: BIDI_REASON in c.reason for c in d.changes}
    assert flagged == {"Ministers met again in the evening.": False, "The delegation would not be present.": True}


def test_text_that_reads_the_same_with_an_override_is_no_change():
    assert diff_texts("It would not happen.", f"It would {RLO}ton{PDF} happen.").changes == ()


def test_presegmented_lists_are_cleaned_too():
    d = diff_texts(["Toll: 200."], ["Toll: 2\u200b00."])
    assert d.changes == ()


@pytest.mark.parametrize("override", ["\u202eton\u202c", "&#x202E;ton&#8236;"], ids=["raw", "references"])
def test_an_override_in_an_html_page_survives_extraction_as_read(tmp_path, override):
    # Extractors drop format characters: without care "ton" would be stored and diffed.
    from monitor.sources.base import FetchOptions
    from monitor.sources.file import read_file

    def page(sentence: str) -> str:
        return ("<html><head><title>Talks</title></head><body><article>"
                "<p>Talks began in Istanbul on Thursday with both delegations present.</p>"
                f"<p>{sentence}</p></article></body></html>")

    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_text(page("The United States would be present at the talks, the ministry said."), encoding="utf-8")
    new.write_text(page(f"The United States would {override} be present at the talks, the ministry said."),
                   encoding="utf-8")
    a, b = (read_file(str(p), FetchOptions()) for p in (old, new))
    assert a.ok and b.ok
    assert clean(b.text).endswith("The United States would not be present at the talks, the ministry said.")
    (c,) = diff_texts(a.text, b.text).changes
    assert "negation" in c.aspects and BIDI_REASON in c.reason


def test_marks_never_leak_into_stored_text():
    from monitor.text.clean import after_extraction, before_extraction

    out = after_extraction(before_extraction(f"<p>a {RLO}ton{PDF} b</p><p>{RLO}\u05e9\u05dc\u05d5\u05dd{PDF}</p>"))
    assert "\u2e28" not in out and "\u2e29" not in out
    assert clean(out) == "<p>a not b</p><p>\u05e9\u05dc\u05d5\u05dd</p>"  # Hebrew under RLO already reads right


# Letters of every script the engine reads, typography, and look-alikes of the marks
# (neighbours of each range), to test the fast search for marks against the plain one.
_NEIGHBOURS = "aöışğйїß’“”—…\u2010\u2070\u205f\u2065\ufe10\ufefe\u180d\u061b\u00ac😀\U000e0080\n"


@given(st.text(alphabet=st.sampled_from(
    list(_NEIGHBOURS) + list(clean_module._BMP_MARKS) + ["\U000e0041", "\U000e0101"]), max_size=12))
def test_the_search_for_invisible_characters_misses_none(text):
    # what ``clean`` looks for, one character at a time
    plain = any(c in clean_module._BMP_MARKS or 0xE0000 <= ord(c) <= 0xE007F or 0xE0100 <= ord(c) <= 0xE01EF
                for c in text)
    assert clean_module._has_any(text) == plain
    assert clean_module._has_any("Straße und Тернопіль, İstanbul’da " * 200 + text) == plain

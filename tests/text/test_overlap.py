"""How much of a story survives in another text, and gate wording."""

from monitor.text.overlap import MIN_SHINGLES, gate_wording, kept_fraction
from tests.origin import seed_versions


def test_consecutive_versions_of_a_story_keep_most_of_its_wording():
    versions = seed_versions()
    for old, new in zip(versions, versions[1:], strict=False):
        kept = kept_fraction(old, new)
        assert kept is None or kept > 0.2, (kept, old[:60])


def test_a_text_about_something_else_keeps_nothing():
    story = seed_versions()[-1]
    other = " ".join(f"Ward {i} asked the council for {i * 3} new street lamps this spring." for i in range(40))
    assert kept_fraction(story, other) < 0.02
    assert kept_fraction(story, story) == 1.0


def test_a_very_short_old_version_is_not_judged():
    assert kept_fraction("The talks begin on Thursday.", "Talks were cancelled.") is None
    assert MIN_SHINGLES > 5


def test_gate_wording_is_found_and_ordinary_news_has_none():
    assert gate_wording("Please wait.\n\nVerifying you are human. This may take a few seconds.") == (
        "verifying you are human")
    assert gate_wording("Error 404: the page you asked for does not exist") == "error 404"
    assert gate_wording("404 people were evacuated") is None
    assert gate_wording(seed_versions()[-1]) is None

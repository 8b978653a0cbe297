"""Segmentation cases from news copy, as data: one parametrized test."""

import pytest

from monitor.text.segment import segment, split_paragraphs, split_sentences

CASES = [
    ("abbrev-us", "The U.S. delegation left. The talks ended.",
     ["The U.S. delegation left.", "The talks ended."]),
    ("us-mid", "The U.S. Secretary of State spoke.", ["The U.S. Secretary of State spoke."]),
    ("pm-opener", "They met at 1 p.m. The talks began.", ["They met at 1 p.m.", "The talks began."]),
    ("pm-mid", "At 1:35 p.m. local time, they met.", ["At 1:35 p.m. local time, they met."]),
    ("title", "Mr. Umerov spoke. Dr. Smith left.", ["Mr. Umerov spoke.", "Dr. Smith left."]),
    ("month", "It was signed on Jan. 5 in Kyiv. Nobody came.",
     ["It was signed on Jan. 5 in Kyiv.", "Nobody came."]),
    ("initials", "J. K. Rowling wrote it. She agreed.", ["J. K. Rowling wrote it.", "She agreed."]),
    ("decimal", "Growth was 3.5 percent. Prices rose 1,000 times.",
     ["Growth was 3.5 percent.", "Prices rose 1,000 times."]),
    ("quote-close", "He said it would happen “soon.” Then he left.",
     ["He said it would happen “soon.”", "Then he left."]),
    ("quote-multi", "“We are ready. We want peace,” Zelenskyy said. Putin did not come.",
     ["“We are ready. We want peace,” Zelenskyy said.", "Putin did not come."]),
    ("ellipsis", "Wait... What happened? Nobody knows!",
     ["Wait...", "What happened?", "Nobody knows!"]),
    ("ellipsis-lower", "It was... unexpected. Yes.", ["It was... unexpected.", "Yes."]),
    ("caption", "Delegations meet in Istanbul. (Source: CNN)",
     ["Delegations meet in Istanbul.", "(Source: CNN)"]),
    ("headline", "Talks begin in Istanbul", ["Talks begin in Istanbul"]),
    ("update", "Update:", ["Update:"]),
    ("number-start", "The talks ended. 1000 prisoners will be freed.",
     ["The talks ended.", "1000 prisoners will be freed."]),
    # Found on real pages (an encyclopedia, wire copy, list articles); written anew here.
    ("reference-marks", "The dam opened in 1962.[4] It was raised twice.[5][6] Floods followed.[citation needed] "
     "Nobody left.", ["The dam opened in 1962.[4]", "It was raised twice.[5][6]",
                      "Floods followed.[citation needed]", "Nobody left."]),
    ("reference-letter", "The bridge was closed.[a] Traffic moved west.",
     ["The bridge was closed.[a]", "Traffic moved west."]),
    ("state-dateline", "FRESNO, Calif. (AP) — A levee broke overnight. Crews arrived at dawn.",
     ["FRESNO, Calif. (AP) — A levee broke overnight.", "Crews arrived at dawn."]),
    ("state-ends", "She grew up in Dayton, Ohio, and moved to Reno, Nev. She said so.",
     ["She grew up in Dayton, Ohio, and moved to Reno, Nev.", "She said so."]),
    ("state-word", "He fell ill. Doctors kept him overnight.", ["He fell ill.", "Doctors kept him overnight."]),
    ("list-number", "3. Check the tyre pressure", ["3. Check the tyre pressure"]),
    ("list-number-quote", "12. \"A quiet week\"", ["12. \"A quiet week\""]),
    ("unit", "Stir in 2 tbsp. honey and 4 oz. flour. Bake it.", ["Stir in 2 tbsp. honey and 4 oz. flour.", "Bake it."]),
]


@pytest.mark.parametrize("text,expected", [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_paragraphs_fold_wrapped_lines_and_keep_update_lines():
    text = "Update:\nThe talks are over\nafter two hours.\n\n\nSecond  paragraph.\r\n"
    assert split_paragraphs(text) == ["Update:", "The talks are over after two hours.",
                                      "Second paragraph."]


def test_segment_keeps_paragraph_structure():
    assert segment("A one. B two.\n\nC three.") == [["A one.", "B two."], ["C three."]]
    assert segment("") == []
    assert segment("\n\n  \n") == []


@pytest.mark.parametrize("text,expected", [
    ("DENVER —\n\nSnow closed the pass on Monday.", ["DENVER — Snow closed the pass on Monday."]),
    ("TULSA, Okla. (AP) —\n\nA storm hit.", ["TULSA, Okla. (AP) — A storm hit."]),
    ("GENEVA, Switzerland, May 4, 2021 --\n\nIt said.", ["GENEVA, Switzerland, May 4, 2021 -- It said."]),
    ("CHIEFS WIN\n\nThe Chiefs won.", ["CHIEFS WIN", "The Chiefs won."]),
    ("UPDATE —\n\nThe road reopened.", ["UPDATE —", "The road reopened."]),
], ids=["city", "state-agency", "press-release", "caps-heading", "update-label"])
def test_a_lone_dateline_opens_the_lead(text, expected):
    """A dateline in an element of its own is the lead's first words (the next
    version often runs it into the sentence); an all-caps heading is not one."""
    assert split_paragraphs(text) == expected

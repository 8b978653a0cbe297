"""Each aspect detector: cases that must fire and cases that must not."""

import pytest

from monitor.diff.aspects import detect

FIRE = [
    ("numbers", "A ceasefire of at least 20 days.", "A ceasefire of at least 30 days."),
    ("numbers", "The talks lasted two hours.", "The talks lasted three hours."),
    ("numbers", "500 for 500 prisoners.", "1000 for 1000 prisoners."),
    ("negation", "The United States would also be present in the negotiations.",
     "Despite initially saying they would also be present, the United States ultimately did "
     "not participate in the negotiations."),
    ("negation", "The US will attend the talks.", "The US will not attend the talks."),
    ("negation", "A meeting is likely.", "A meeting is unlikely."),
    ("quote", "“We are ready,” Zelenskyy stated.", "“We are ready to end this war,” Zelenskyy stated."),
    ("entities", "Zelenskyy had a call with Macron.", "Zelenskyy had a call with Macron and Trump."),
    ("time", "Delegations meet in Istanbul on Thursday.", "Delegations meet in Istanbul on Friday."),
    ("time", "At about 1 p.m. local time they met.", "At about 1:35 p.m. local time they met."),
]

QUIET = [
    ("numbers", "They agreed on 1000 for 1000.", "They agreed on 1,000 for 1,000."),
    ("numbers", "They met at 1 p.m. on Friday.", "They met at 2 p.m. on Friday."),
    ("negation", "The delegation did not arrive.", "The delegation has not arrived."),
    ("quote", "“We are ready,” he said.", "“We are ready,” the minister said."),
    ("entities", "Zelensky met Putin.", "Zelenskyy met Putin."),
    ("entities", "However, the talks ended.", "Still, the talks ended."),
    ("time", "The talks ended after two hours.", "The talks were over after two hours."),
]


@pytest.mark.parametrize("aspect,old,new", FIRE, ids=[f"{a}-{i}" for i, (a, *_) in enumerate(FIRE)])
def test_fires(aspect, old, new):
    assert aspect in [a for a, _ in detect(old, new)]


@pytest.mark.parametrize("aspect,old,new", QUIET, ids=[f"{a}-{i}" for i, (a, *_) in enumerate(QUIET)])
def test_does_not_fire(aspect, old, new):
    assert aspect not in [a for a, _ in detect(old, new)]


def test_pure_rewording_is_wording_only():
    old = "All week, many hoped that talks at the highest level would bring the war closer to an end."
    new = "All week, many hoped that talks at the highest level would be a step closer to ending the war."
    assert [a for a, _ in detect(old, new)] == ["wording"]

"""Each aspect detector: cases that must fire and cases that must not, then the
edited-sentence corpus (seeds/edits) scored per aspect."""

from pathlib import Path

import pytest

from monitor import diff_texts
from monitor.diff.aspects import detect
from monitor.diff.evaluate import evaluate, load_corpus
from monitor.diff.model import ASPECTS, MATERIAL_ASPECTS
from monitor.rules import Rules, alerts_for

EDITS = Path(__file__).resolve().parents[2] / "seeds" / "edits" / "labels.jsonl"

FIRE = [
    ("numbers", "A ceasefire of at least 20 days.", "A ceasefire of at least 30 days."),
    ("numbers", "The talks lasted two hours.", "The talks lasted three hours."),
    ("numbers", "500 for 500 prisoners.", "1000 for 1000 prisoners."),
    ("negation", "The United States said it would also be present in the negotiations.",
     "Despite initially saying they would also be present, the United States ultimately did "
     "not participate in the negotiations."),
    ("negation", "The US will attend the talks.", "The US will not attend the talks."),
    ("negation", "A meeting is likely.", "A meeting is unlikely."),
    ("negation", "Not all of the 40 passengers were rescued.", "All 40 passengers were not rescued."),
    ("negation", "She agreed to testify.", "She refused to testify."),
    ("negation", "The ministry confirmed the report.", "The ministry denied the report."),
    ("negation", "The suspect was armed when officers arrived.", "The suspect was not armed when officers arrived."),
    ("negation", "The hostages were not released.", "The hostages were released."),
    ("quote", "“We are ready,” Zelenskyy stated.", "“We are ready to end this war,” Zelenskyy stated."),
    ("quote", "“We will rebuild,” he said.", "“We will rebuild,” he said, “and we will do it together.”"),
    ("entities", "Zelenskyy had a call with Macron.", "Zelenskyy had a call with Macron and Trump."),
    ("entities", "Smith said the storm would weaken.", "Belliveau said the storm would weaken."),
    ("entities", "The coach, Marta Lindqvist, praised the defence.", "The coach, Marta Lindgren, praised the defence."),
    ("time", "Delegations meet in Istanbul on Thursday.", "Delegations meet in Istanbul on Friday."),
    ("time", "At about 1 p.m. local time they met.", "At about 1:35 p.m. local time they met."),
    ("time", "The company was founded in April 2020.", "The company was founded on April 20."),
    ("content", "Two hostages were freed.", "Two hostages were freed and the attacker is dead."),
    ("content", "The airport was closed.", "The airport was initially closed."),
    ("content", "Schools will be open.", "Schools will be open or open with restrictions."),
    ("content", "Most of the residents were evacuated.", "Some of the residents were evacuated."),
]

QUIET = [
    ("numbers", "They agreed on 1000 for 1000.", "They agreed on 1,000 for 1,000."),
    ("numbers", "They met at 1 p.m. on Friday.", "They met at 2 p.m. on Friday."),
    ("negation", "The delegation did not arrive.", "The delegation has not arrived."),
    ("negation", "The delegation did not arrive.", "The delegation didn't arrive."),
    ("negation", "The company did not respond to a request for comment.", "The company declined to comment."),
    ("negation", "The US will attend the talks.", "The US will attend the talks, but Russia will not attend."),
    ("negation", "Medecins Sans Frontieres said its clinic was hit.",
     "Doctors Without Borders said its clinic was hit."),
    ("negation", "He left without giving details.", "He left, giving no details."),
    ("negation", "Officials did not say how many people died.", "Officials said at least 12 people died."),
    ("negation", "Parliament held a confidence vote.", "Parliament held a no-confidence vote."),
    ("negation", "Rescuers could not reach the village.", "Rescuers were unable to reach the village."),
    ("negation", "The driver, who was not injured, said the brakes failed.", "The driver said the brakes failed."),
    ("negation", "No. 2 seed Garcia lost.", "No. 3 seed Garcia lost."),
    ("quote", "“We are ready,” he said.", "“We are ready,” the minister said."),
    ("quote", "“We are ready to sign,” he said.", "“We are ready,” he said, “to sign.”"),
    ("quote", "He called the plan a disaster.", "He called the plan “a disaster.”"),
    ("quote", "“I don't know what happened,” she said.", "“I do not know what happened,” she said."),
    ("negation", "The storm is not expected to land until Friday.", "The storm is expected to land on Friday."),
    ("content", "The agency could not verify the video.", "The agency was unable to independently verify the video."),
    ("content", "Nobody was hurt in the blaze.", "No one was hurt in the blaze, the fire service said."),
    ("quote", "The country’s leader said it was over.", "The country’s leader said on Monday it was over."),
    ("entities", "Zelensky met Putin.", "Zelenskyy met Putin."),
    ("entities", "The U.N. said aid was blocked.", "The United Nations said aid was blocked."),
    ("entities", "The EPA issued the rule.", "The Environmental Protection Agency issued the rule."),
    ("entities", "Ukrainian officials said the dam burst.", "Officials in Ukraine said the dam burst."),
    ("negation", "The suspect, who had not been identified, was arrested.",
     "The suspect, identified as a local man, was arrested."),
    ("entities", "However, the talks ended.", "Still, the talks ended."),
    ("entities", "He said the plan would work.", "Mr. Belliveau said the plan would work."),
    ("entities", "Belliveau said the plan would work.", "Mr. Belliveau said the plan would work."),
    ("entities", "Zeid said the attacks must stop.", "Zeid Ra'ad al-Hussein said the attacks must stop."),
    ("entities", "The storm hit the coast.", "WASHINGTON (AP) -- The storm hit the coast."),
    ("entities", "Offering no details, police said the road was shut.", "Police said the road was shut."),
    ("entities", "Putin spoke after the parade.", "Vladimir Putin spoke after the parade."),
    ("time", "The talks ended after two hours.", "The talks were over after two hours."),
    ("time", "The law was passed in April 2020.", "The law was passed in April, 2020."),
    ("time", "The vote will be held today (October 3).", "The vote will be held on October 3."),
    ("content", "The talks began on time.", "The talks started on time."),
    ("content", "The minister has resigned.", "The minister resigned."),
    ("content", "Firefighters brought the fire under control after hours.",
     "After hours, firefighters brought the fire under control."),
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


def test_names_stay_whole_in_reasons():
    (aspect, detail), = detect("The clinic was hit, officials said.", "The clinic was hit, the United Nations said.")
    assert aspect == "entities" and "United Nations" in detail
    (_, detail), = detect("The clinic was hit.", "The clinic was hit, Medecins Sans Frontieres said.")
    assert "Medecins Sans Frontieres" in detail


def test_content_is_material_and_alerts_by_default():
    assert "content" in ASPECTS and "content" in MATERIAL_ASPECTS
    d = diff_texts(["Two hostages were freed."], ["Two hostages were freed and the attacker is dead."])
    (c,) = list(d)
    assert c.aspects == ("content",) and c.material and alerts_for(c, Rules())
    assert "attacker" in c.reason


def test_two_said_quotes_about_different_things_do_not_link():
    d = diff_texts(["“We will fight on,” he said."], ["“The economy is strong,” he said."])
    assert sorted(c.kind for c in d) == ["added", "removed"]


# Per-aspect floors on the edited-sentence corpus. They sit a little under
# what the engine scores today, so a regression of a few cases fails them.
FLOORS = {
    "negation": (0.95, 0.9),
    "entities": (0.9, 0.9),
    "quote": (0.9, 0.9),
    "numbers": (0.95, 0.95),
    "time": (0.9, 0.9),
    "content": (0.85, 0.85),
    "wording": (0.9, 0.9),
}


@pytest.fixture(scope="module")
def edits_score():
    return evaluate(load_corpus(EDITS)).to_dict()


def test_edits_corpus_is_large_and_labelled():
    recs = load_corpus(EDITS)
    edited = [c for r in recs for c in r["changes"] if c["kind"] == "edited"]
    assert len(edited) >= 150
    assert {a for c in edited for a in c["aspects"]} == set(ASPECTS)


@pytest.mark.parametrize("aspect", sorted(FLOORS))
def test_edits_corpus_per_aspect(edits_score, aspect):
    got = edits_score["aspects"][aspect]
    p, r = FLOORS[aspect]
    assert got["precision"] >= p and got["recall"] >= r, got


def test_no_false_polarity_flip_among_non_flipping_edits():
    """The traps: sentences with negators, none of which flips polarity."""
    traps = [r for r in load_corpus(EDITS) if "-trap" in r["id"] and r["changes"]
             and "negation" not in r["changes"][0]["aspects"]]
    assert len(traps) >= 50
    fired = [r["id"] for r in traps
             if "negation" in [a for a, _ in detect(r["old_sentences"][0], r["new_sentences"][0])]]
    assert fired == []

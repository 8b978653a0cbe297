"""The table of aspects is the one truth: the model, the classifier, the rules, the schema and the README follow it."""

from __future__ import annotations

from pathlib import Path

from monitor.diff import aspects as detectors
from monitor.diff.aspect_table import ASPECT_NAMES, ASPECT_TABLE, MATERIAL, WEIGHTS, markdown_table
from monitor.diff.classify import edited
from monitor.diff.model import ASPECTS, MATERIAL_ASPECTS
from monitor.notify.schema import CHANGE_SCHEMA
from monitor.rules import Rules

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_documents_every_aspect() -> None:
    """Regenerate with ``python -m monitor.diff.aspect_table`` after changing the table."""
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_the_model_the_rules_and_the_schema_read_the_table() -> None:
    assert ASPECTS == ASPECT_NAMES and MATERIAL_ASPECTS == MATERIAL
    assert Rules().aspects == MATERIAL
    assert CHANGE_SCHEMA["properties"]["aspects"]["items"]["enum"] == list(ASPECT_NAMES)
    assert "wording" not in MATERIAL and len(MATERIAL) == len(ASPECT_TABLE) - 1


def test_every_detector_named_is_a_function_of_the_detectors() -> None:
    for a in ASPECT_TABLE:
        assert a.detector == "" or callable(getattr(detectors, a.detector, None)), a.name
    assert [a.name for a in ASPECT_TABLE if not a.detector] == ["wording"]


def test_an_edit_scores_the_weight_of_its_aspect() -> None:
    cases = {
        "numbers": ("Twelve people were hurt in 12 blasts.", "Twelve people were hurt in 19 blasts."),
        "negation": ("The minister will attend the talks.", "The minister will not attend the talks."),
        "wording": ("The talks began on time in the city.", "The talks started on time in the city."),
    }
    for aspect, (old, new) in cases.items():
        change = edited("edited", old, new, [(0, 0)], [(0, 0)], 0.9, False)
        assert change.aspects == (aspect,), (aspect, change.aspects)
        assert change.significance == WEIGHTS[aspect]


def test_the_readme_rules_default_lists_the_material_aspects() -> None:
    material = ", ".join(a.name for a in ASPECT_TABLE if a.material)
    assert f"| `aspects` | {material} |" in README.read_text(encoding="utf-8")

"""Writes ``labels.jsonl`` from the cases in ``cases.py``.

Every sentence in the cases was written for this project (see README.md).
A case gives both versions as paragraphs of sentences, in the segmentation a
reader would make, and the edits between them; the rest follows:

- a sentence of the old version written the same in the new one (reference
  marks such as "[4]" aside: a renumbered mark is the same statement) is
  linked to it, in order;
- an ``edits`` entry ``(old, new, aspects)`` links and labels an edited statement;
- a ``moves`` entry names a sentence that only moved;
- whatever is left is ``removed`` or ``added``.

``old_text``/``new_text`` give a version's text where it is not the paragraphs
joined (a dateline in an element of its own, which a reader takes as the
lead's first words).

Run ``python seeds/realtext/make.py`` from the repository root after editing.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from cases import CASES  # noqa: E402

_MARK = re.compile(r"\[(?:\d{1,4}|[a-z]|citation needed)\]")


def _same(a: str, b: str) -> bool:
    return _MARK.sub("", a) == _MARK.sub("", b)


def record(case: dict) -> dict:
    old = [s for para in case["old"] for s in para]
    new = [s for para in case["new"] for s in para]
    used: set[int] = set()
    links: list[list[int]] = []
    changes: list[dict] = []
    edits = {o: (n, aspects) for o, n, aspects in case.get("edits", ())}
    moves = set(case.get("moves", ()))
    for i, s in enumerate(old):
        if s in edits:
            target, aspects = edits[s]
            j = new.index(target)
            changes.append({"kind": "edited", "old": s, "new": target, "aspects": list(aspects)})
        else:
            j = next((k for k, t in enumerate(new) if k not in used and _same(s, t)), None)
            if j is None:
                changes.append({"kind": "removed", "old": s, "new": None, "aspects": []})
                continue
            if s in moves:
                changes.append({"kind": "moved", "old": s, "new": new[j], "aspects": []})
        used.add(j)
        links.append([i, j])
    for j, t in enumerate(new):
        if j not in used:
            changes.append({"kind": "added", "old": None, "new": t, "aspects": []})
    text = lambda paras: "\n\n".join(" ".join(p) for p in paras)  # noqa: E731
    return {"id": case["id"], "old": case.get("old_text") or text(case["old"]),
            "new": case.get("new_text") or text(case["new"]),
            "links": links, "changes": changes}


def main() -> None:
    with (HERE / "labels.jsonl").open("w", encoding="utf-8") as f:
        for case in CASES:
            f.write(json.dumps(record(case), ensure_ascii=False) + "\n")
    print(f"wrote {len(CASES)} records to {HERE / 'labels.jsonl'}")


if __name__ == "__main__":
    main()

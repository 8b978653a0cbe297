"""Statement alignment, change classification, update groups and renderers."""

from monitor.diff.model import Change, Diff, UpdateGroup

__all__ = ["Change", "Diff", "UpdateGroup", "diff_texts"]


def __getattr__(name: str):
    if name == "diff_texts":
        from monitor.diff.engine import diff_texts

        return diff_texts
    raise AttributeError(name)

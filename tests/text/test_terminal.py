"""Page text printed on a terminal: sequences removed whole, text kept."""

import json

import pytest

from monitor.text.terminal import for_terminal, json_for_terminal


@pytest.mark.parametrize("raw,shown", [
    ("Title\x1b[2J\x1b[H", "Title"),  # clear screen, cursor home
    ("\x1b[1;31mred\x1b[0m text", "red text"),  # colours: the parameters go too, not just ESC
    ("\x1b]0;new window title\x07Headline", "Headline"),  # OSC ended by BEL
    ("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),  # OSC 8 hyperlink ended by ST
    ("\x1bP+q544e\x1b\\after", "after"),  # DCS request
    ("a\x9b31mb", "ab"),  # 8-bit CSI
    ("a\x9d0;title\x9cb", "ab"),  # 8-bit OSC ended by 8-bit ST
    ("safe\rEVIL", "safeEVIL"),  # carriage return would overwrite the line
    ("ab\x08\x08XY", "abXY"),  # backspaces would erase
    ("bell\x07 del\x7f nul\x00", "bell del nul"),
    ("line one\n\tline two", "line one\n\tline two"),  # layout kept
    ("would \u202eton\u202c go", "would not go"),  # bidi override shown as read
    ("Café — “quoted” 中文 עברית", "Café — “quoted” 中文 עברית"),
    ("trailing escape\x1b", "trailing escape"),
])
def test_for_terminal(raw, shown):
    assert for_terminal(raw) == shown


def test_one_line_folds_breaks():
    assert for_terminal("a\nb\tc", one_line=True) == "a b c"
    assert for_terminal(None) == ""


def test_json_stays_the_same_value_with_unsafe_characters_escaped():
    value = {"title": "\x1b]0;x\x07T\x9b2J \u202eton\u202c\x7f", "n": [1, "ok"]}
    dumped = json.dumps(value, ensure_ascii=False)
    safe = json_for_terminal(dumped)
    assert json.loads(safe) == value
    assert not any(ch in safe for ch in "\x1b\x9b\x07\x7f\u202e\u202c")

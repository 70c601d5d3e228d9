"""The shortcut in `inline`: text it returns untouched is text the full escape leaves alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from outcome_workbook.report.escape import _escaped, _nothing_to_do, inline

# Plain words, and every kind of character the escape changes.
_TEXT = st.text(
    alphabet=st.sampled_from(list("ab1 -+=.)&<>\\`*_[]#|~$\t\n\xa0\u202e\x1b\x85\u2028é宽")),
    max_size=12,
)


@settings(max_examples=500, deadline=None)
@given(text=_TEXT)
def test_text_the_shortcut_passes_is_text_the_escape_keeps(text: str) -> None:
    if _nothing_to_do(text):
        assert _escaped(text) == text
    assert inline(text) == _escaped(text)


def test_plain_titles_take_the_shortcut() -> None:
    assert _nothing_to_do("New users reach a working session")
    assert not _nothing_to_do("Use the *new* wizard")
    assert not _nothing_to_do("12. point")

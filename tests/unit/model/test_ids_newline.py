"""An id is the whole string: a trailing newline does not slip through."""

from outcome_workbook.model.ids import is_valid_id


def test_an_id_with_a_trailing_newline_is_not_valid() -> None:
    assert is_valid_id("reduce-churn")
    assert not is_valid_id("reduce-churn\n")
    assert not is_valid_id("reduce-churn\r\n")

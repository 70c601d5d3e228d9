"""Sign-ups are people when they do something, and a vanity count when they are only counted."""

from __future__ import annotations

import pytest

from outcome_workbook.checks import heuristics as h


@pytest.mark.parametrize(
    "text",
    [
        "More new sign-ups connect an integration and use it",
        "Sign-ups reaching their first report",
        "New signups finish a first remote session within a day",
    ],
)
def test_sign_ups_who_act_are_a_behaviour(text: str) -> None:
    assert h.output_in_disguise(text) is None
    assert h.easy_metric(text) is None
    assert h.infer_metric_kind(text) == "behaviour"


@pytest.mark.parametrize(
    "text", ["Number of sign-ups", "Sign-ups per week", "Weekly sign-ups", "Increase signups"]
)
def test_counted_sign_ups_are_an_easy_metric(text: str) -> None:
    assert h.easy_metric(text) is not None

"""The fast constructors of the hot path build objects equal to the regular ones."""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

import pytest
from cciaa_engine import Explanation, Figure, Level, Reason, round_half_up
from cciaa_engine._build import explanation, row_figure
from hypothesis import given
from hypothesis import strategies as st


def test_explanation_is_the_named_tuple():
    fast = explanation("ratio_pooled", (("numerator_sum", 1),), "1 / 1", ())
    assert fast == Explanation("ratio_pooled", (("numerator_sum", 1),), "1 / 1", ())
    assert type(fast) is Explanation
    with pytest.raises(AttributeError):
        fast.rule = "other"


@pytest.mark.parametrize("score", [100.0, None])
def test_row_figure_equals_the_dataclass(score):
    expl = Explanation("parametrata")
    reason = None if score is not None else Reason.NO_DATA
    fast = row_figure(Level.ROW, "S1", score, reason, 5.0, score, "U1", expl)
    slow = Figure(
        Level.ROW,
        "S1",
        score,
        score is not None,
        reason,
        5.0,
        score,
        unit="U1",
        explanation=expl,
    )
    assert fast == slow
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.score = 0


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.integers(min_value=0, max_value=6),
)
def test_round_half_up_equals_decimal_rounding(digits, places):
    """On any decimal with up to 6 decimals, the float rounding equals Decimal's."""
    value = float(Decimal(digits).scaleb(-places))
    expected = float(Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))
    assert round_half_up(value) == expected

"""Billing computes in integer grosze; it must round exactly as the rule says."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from iok.ledger.billing import _half_up, _net


def reference(quantity_thousandths, price_grosze, days, month_days) -> int:
    """The rule, with exact fractions: quantity × price × days / month_days,
    half-up to the grosz."""
    exact = Fraction(quantity_thousandths * price_grosze * days, 1000 * month_days)
    whole, rest = divmod(exact.numerator, exact.denominator)
    return whole + (2 * rest >= exact.denominator)


@given(
    quantity=st.integers(min_value=0, max_value=10_000_000),
    price=st.integers(min_value=0, max_value=10_000_000),
    month_days=st.sampled_from([28, 29, 30, 31]),
    data=st.data(),
)
def test_a_line_is_the_exact_fraction_rounded_half_up(quantity, price, month_days, data):
    days = data.draw(st.integers(min_value=1, max_value=month_days))
    assert _net(quantity, price, days, month_days) == reference(quantity, price, days, month_days)


def test_an_exact_half_grosz_in_part_of_a_month_rounds_up():
    # 3.750 m² × 8.47 zł × 4/30 = 4.235 zł exactly → 4.24 zł
    assert _net(3750, 847, 4, 30) == 424


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(1, 10**6))
def test_half_up_rounds_halves_away_from_zero(numerator, denominator):
    exact = Fraction(numerator, denominator)
    sign = -1 if exact < 0 else 1
    whole, rest = divmod(abs(exact.numerator), exact.denominator)
    assert _half_up(numerator, denominator) == sign * (whole + (2 * rest >= exact.denominator))

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.ledger.models import Rate
from iok.ledger.money import format_money, from_grosze, money, to_grosze
from tests.conftest import JAN_1, component

grosze = st.integers(min_value=-(10**13), max_value=10**13)
fine_amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False)


def half_up_by_integers(value: Decimal) -> Decimal:
    """Rounding half-up to the grosz done with integers only, as a reference."""
    millionths = int(value.scaleb(6))
    sign = -1 if millionths < 0 else 1
    whole, rest = divmod(abs(millionths), 10_000)
    return Decimal(sign * (whole + (rest >= 5_000))).scaleb(-2)


@given(fine_amounts)
def test_money_rounds_half_up_to_the_grosz(value):
    assert money(value) == half_up_by_integers(value)
    assert money(value) == value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_money_rounds_the_half_grosz_away_from_zero():
    assert money("2.345") == Decimal("2.35")
    assert money("-2.345") == Decimal("-2.35")
    assert money("2.3449") == Decimal("2.34")


def test_money_refuses_floats_and_words():
    with pytest.raises(TypeError):
        money(0.1)
    with pytest.raises(ValueError, match="not an amount"):
        money("dwa złote")


@given(st.lists(grosze, max_size=50))
def test_sum_of_amounts_equals_sum_of_grosze(values):
    amounts = [from_grosze(g) for g in values]
    assert to_grosze(sum(amounts, Decimal(0))) == sum(values)


@given(grosze)
def test_grosze_round_trip_in_memory(value):
    assert to_grosze(from_grosze(value)) == value


def test_to_grosze_refuses_a_fraction_of_a_grosz():
    with pytest.raises(ValueError, match="fraction of a grosz"):
        to_grosze(Decimal("1.005"))


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grosze)
def test_amount_survives_the_database_exactly(value):
    amount = from_grosze(value)
    rate = Rate.objects.create(
        component=component("waste"), basis="premises", amount=amount, valid_from=JAN_1
    )
    stored = Rate.objects.get(pk=rate.pk).amount
    assert stored == amount
    assert isinstance(stored, Decimal)
    assert str(stored) == str(amount)


@pytest.mark.django_db
def test_the_database_holds_integer_grosze():
    rate = Rate.objects.create(
        component=component("waste"), basis="premises", amount=Decimal("1234.56"), valid_from=JAN_1
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT amount FROM ledger_rate WHERE id = %s", [rate.pk])
        assert cursor.fetchone()[0] == 123456


@pytest.mark.django_db
def test_the_database_refuses_sub_grosz_amounts():
    with pytest.raises(ValueError, match="more than 2 decimal places"):
        Rate.objects.create(
            component=component("waste"),
            basis="premises",
            amount=Decimal("1.001"),
            valid_from=JAN_1,
        )


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0", "0,00\xa0zł"),
        ("5.5", "5,50\xa0zł"),
        ("1234.56", "1\xa0234,56\xa0zł"),
        ("-1234567.89", "-1\xa0234\xa0567,89\xa0zł"),
        ("100000", "100\xa0000,00\xa0zł"),
    ],
)
def test_amounts_print_the_polish_way(amount, text):
    assert format_money(Decimal(amount)) == text

"""The settlement arithmetic on plain data, with numbers worked out by hand.

MeterReadings hold instants, each the start of a day (iok.settlements.arithmetic):
a pair dated 01.01 here is a reading dated 31.12 in the database (the state
at the end of 31.12); inputs.py does that move, test_running checks it."""

import datetime
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from iok.settlements.arithmetic import (
    GROSZ,
    MeterReadings,
    Method,
    Span,
    by_norm,
    consumption,
    half_up,
    metered,
    monthly_advance,
    net_amount,
    price_pieces,
    total,
)
from iok.settlements.calculation import ComponentInput, ContractInput, calculate

D = datetime.date
JAN_PRICE = ((datetime.date(2026, 1, 1), "5.00"),)
H1 = Span(D(2026, 1, 1), D(2026, 6, 30))  # 31+28+31+30+31+30 = 181 days


def meter(serial, *readings, replaces=None, installed=None, removed=None):
    pairs = tuple((D(*day), Decimal(value)) for day, value in readings)
    return MeterReadings(serial, pairs, replaces, installed, removed)


def water(
    meters,
    *,
    prices=JAN_PRICE,
    vat_rate=None,
    advances="0.00",
    advances_vat="0.00",
    norm=None,
):
    return ComponentInput(
        code="cold_water",
        name="Zimna woda",
        unit="m³",
        meters=meters,
        norm=None if norm is None else Decimal(norm),
        prices=[(day, Decimal(price)) for day, price in prices],
        vat_rate=vat_rate,
        advances=Decimal(advances),
        advances_vat=Decimal(advances_vat),
    )


def test_a_half_year_has_181_days():
    assert H1.days == 181


def test_readings_on_both_boundaries_give_the_difference_of_the_values():
    # 118,100 − 100,000 = 18,100 m³, read on 01.01 and 01.07: exact.
    parts = consumption(
        H1, [meter("A", ((2026, 1, 1), "100"), ((2026, 7, 1), "118.1"))], None, None
    )
    assert total(parts) == Decimal("18.100")
    assert [p.method for p in parts] == [Method.READINGS]


def test_a_price_change_mid_period_is_split_by_days():
    # 18,1 m³ over 181 days; 5,00 zł from 01.01 (Jan–Mar: 90 days), 6,00 zł from
    # 01.04 (Apr–Jun: 91 days): 18,1 × (90 × 5 + 91 × 6) / 181 = 18,1 × 996 / 181
    # = 0,1 × 996 = 99,60 zł.
    pieces = price_pieces(H1, [(D(2026, 4, 1), Decimal("6.00")), (D(2025, 1, 1), Decimal("5.00"))])
    assert [(p.first, p.last, p.days, p.price) for p in pieces] == [
        (D(2026, 1, 1), D(2026, 3, 31), 90, Decimal("5.00")),
        (D(2026, 4, 1), D(2026, 6, 30), 91, Decimal("6.00")),
    ]
    assert net_amount(Decimal("18.100"), pieces, 181) == Decimal("99.60")


def test_readings_off_the_boundary_are_prorated_by_days():
    # 15.12 → 10.01: 5,2 m³ in 26 days, so on 01.01 (17 days on): 90 + 5,2 × 17/26 = 93,4.
    # 20.06 → 10.07: 4 m³ in 20 days, so on 01.07 (11 days on): 120 + 4 × 11/20 = 122,2.
    # 122,2 − 93,4 = 28,8 m³.
    m = meter(
        "A",
        ((2025, 12, 15), "90"),
        ((2026, 1, 10), "95.2"),
        ((2026, 6, 20), "120"),
        ((2026, 7, 10), "124"),
    )
    part = metered(m, H1.first, H1.end)
    assert (part.start_value, part.end_value) == (Fraction("93.4"), Fraction("122.2"))
    assert part.method == Method.PRORATED
    assert total([part]) == Decimal("28.800")


def test_a_meter_replacement_adds_the_old_meters_and_the_new_meters_use():
    # Old meter: 50 on 01.01, final 62 on 01.04 (12 m³); new one: initial 0 on
    # 01.04, 9,5 on 01.07 (9,5 m³). 12 + 9,5 = 21,5 m³, all from readings.
    old = meter("OLD", ((2026, 1, 1), "50"), ((2026, 4, 1), "62"), removed=D(2026, 4, 1))
    new = meter(
        "NEW", ((2026, 4, 1), "0"), ((2026, 7, 1), "9.5"), replaces="OLD", installed=D(2026, 4, 1)
    )
    parts = consumption(H1, [new, old], None, None)
    assert [(p.serial, p.quantity) for p in parts] == [("OLD", 12), ("NEW", Fraction("9.5"))]
    assert total(parts) == Decimal("21.500")
    assert {p.method for p in parts} == {Method.READINGS}


def test_a_missing_reading_is_estimated_from_the_average_daily_use():
    # History: 0 on 01.07.2025, 36,8 on 01.01.2026 (184 days), 54,8 on 01.04.2026
    # (90 days more): 54,8 / 274 days = 0,2 m³ a day. No reading on 01.07.2026:
    # 01.01–31.03 read, 18 m³; 01.04–30.06 (91 days) estimated 0,2 × 91 = 18,2 m³.
    # 18 + 18,2 = 36,2 m³.
    m = meter("A", ((2025, 7, 1), "0"), ((2026, 1, 1), "36.8"), ((2026, 4, 1), "54.8"))
    parts = consumption(H1, [m], Decimal(2), Decimal(3))
    assert [(p.first, p.last, p.method) for p in parts] == [
        (D(2026, 1, 1), D(2026, 3, 31), Method.READINGS),
        (D(2026, 4, 1), D(2026, 6, 30), Method.AVERAGE),
    ]
    assert total(parts) == Decimal("36.200")


def test_without_meters_or_history_consumption_is_persons_times_the_norm():
    # 2 persons × 3 m³ a month × 6 whole months = 36 m³.
    parts = consumption(H1, [], Decimal(2), Decimal("3.000"))
    assert [p.method for p in parts] == [Method.PERSONS]
    assert total(parts) == Decimal("36.000")
    # A part month counts by its days (February 2026 has 28):
    # 2 × 3 × (16/31 + 15/28) = 6 × 913/868 = 6,311 m³.
    assert half_up(
        by_norm(Decimal(2), Decimal(3), D(2026, 1, 16), D(2026, 2, 15)), Decimal("0.001")
    ) == Decimal("6.311")


def test_a_meter_with_too_short_a_history_falls_back_to_the_norm():
    # Readings only 01.01 → 21.01 (20 days < 30): the rest, 21.01–30.06, is
    # 1 person × 2 m³ × (11/31 + 5 months) = 2 × 5,354839 = 10,710 m³; plus 4 m³ read.
    m = meter("A", ((2026, 1, 1), "10"), ((2026, 1, 21), "14"))
    parts = consumption(H1, [m], Decimal(1), Decimal(2))
    assert [p.method for p in parts] == [Method.READINGS, Method.PERSONS]
    assert total(parts) == Decimal("14.710")


def test_commercial_premises_pay_vat_on_the_net_cost_and_it_is_settled_against_advances_vat():
    # 10 m³ × 5,00 zł = 50,00 zł net; VAT 8 % = 4,00 zł; cost 54,00 zł. Advances:
    # 6 × 9,72 zł = 58,32 zł of which VAT 6 × 0,72 = 4,32 zł. Difference +4,32 zł
    # (overpaid), of which VAT 4,32 − 4,00 = 0,32 zł.
    doc = calculate(
        ContractInput(
            H1,
            None,
            [
                water(
                    [meter("A", ((2026, 1, 1), "0"), ((2026, 7, 1), "10"))],
                    vat_rate=8,
                    advances="58.32",
                    advances_vat="4.32",
                )
            ],
        )
    )
    [row] = doc["components"]
    assert (row["net"], row["vat"], row["cost"]) == ("50.00", "4.00", "54.00")
    assert (row["difference"], row["difference_vat"]) == ("4.32", "0.32")
    assert doc["difference"] == "4.32"


def test_an_underpayment_is_negative():
    # 18,1 m³ at 5,00 / 6,00 zł = 99,60 zł (above) against 6 × 15,00 = 90,00 zł: −9,60 zł.
    doc = calculate(
        ContractInput(
            H1,
            None,
            [
                water(
                    [meter("A", ((2026, 1, 1), "100"), ((2026, 7, 1), "118.1"))],
                    prices=((D(2026, 1, 1), "5.00"), (D(2026, 4, 1), "6.00")),
                    advances="90.00",
                )
            ],
        )
    )
    assert doc["cost"] == "99.60" and doc["difference"] == "-9.60"


def test_a_component_without_a_price_on_the_first_day_is_skipped_with_the_reason():
    doc = calculate(
        ContractInput(H1, Decimal(2), [water([], prices=((D(2026, 2, 1), "5.00"),), norm="3")])
    )
    assert doc["components"] == []
    assert doc["skipped"] == [
        {"code": "cold_water", "name": "Zimna woda", "reason": "no_price", "day": "2026-01-01"}
    ]


def test_a_component_with_nothing_to_estimate_from_is_skipped_with_the_reason():
    doc = calculate(ContractInput(H1, None, [water([])]))
    assert [s["reason"] for s in doc["skipped"]] == ["no_estimate"]


def test_the_recommended_advance_pays_the_same_daily_use_at_the_latest_price():
    # 36,5 m³ in 181 days at 6,00 zł: 36,5 / 181 × 365 / 12 × 6 = 36,80 zł a month
    # (36,5 × 365 × 6 / 2172 = 79935 / 2172 = 36,8025…).
    assert monthly_advance(Decimal("36.5"), 181, Decimal("6.00")) == Decimal("36.80")


days = st.integers(min_value=1, max_value=400)


@given(st.lists(days, min_size=1, max_size=12), st.integers(0, 10**7), st.integers(1, 400))
def test_proration_between_two_readings_sums_back_to_the_total(cuts, used, length):
    # Cut the days between two readings anywhere: the prorated parts add up to
    # exactly what the readings say.
    start = D(2025, 1, 1)
    end = start + datetime.timedelta(days=length)
    m = MeterReadings("A", ((start, Decimal(0)), (end, Decimal(used) / 1000)))
    points = sorted({start, end, *(start + datetime.timedelta(days=c % length) for c in cuts)})
    pieces = [metered(m, a, b).quantity for a, b in pairwise(points)]
    assert sum(pieces) == Fraction(used, 1000)


@given(
    st.integers(0, 10**6),
    st.lists(st.tuples(st.integers(1, 180), st.integers(0, 2000)), min_size=0, max_size=6),
    st.integers(0, 2000),
)
def test_splitting_a_period_by_price_days_never_loses_more_than_the_one_rounding(
    thousandths, changes, first_price
):
    # The line is the exact sum rounded once: within half a grosz of the exact
    # value, and equal to the unsplit amount when all prices are the same.
    quantity = Decimal(thousandths) / 1000
    prices = [(H1.first, Decimal(first_price) / 100)]
    prices += [(H1.first + datetime.timedelta(days=d), Decimal(p) / 100) for d, p in changes]
    prices = list(dict(sorted(prices)).items())
    pieces = price_pieces(H1, prices)
    assert sum(p.days for p in pieces) == H1.days
    exact = sum(Fraction(quantity) * p.days / H1.days * Fraction(p.price) for p in pieces)
    amount = net_amount(quantity, pieces, H1.days)
    assert abs(Fraction(amount) - exact) <= Fraction(GROSZ) / 2
    flat = price_pieces(H1, [(H1.first, prices[0][1]), (D(2026, 3, 1), prices[0][1])])
    assert net_amount(quantity, flat, H1.days) == half_up(
        Fraction(quantity) * Fraction(prices[0][1]), GROSZ
    )

"""Monthly consumption from readings and the bars the readings page draws
of it, computed by hand: a cold-water meter read on 1 January (100,000 m³),
15 February (112,400 m³) and 1 April 2026 (120,000 m³), with advances of
80,00 zł in January and February and 95,50 zł in March."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from iok.meters.charts.bars import chart, round_maximum
from iok.meters.charts.consumption import Interval, by_month, intervals_of
from iok.periods import Period


class R:
    def __init__(self, day, value):
        self.date = day
        self.value = Decimal(value)


JAN, FEB, MAR, APR = (Period(2026, month) for month in (1, 2, 3, 4))
READINGS = [
    R(datetime.date(2026, 1, 1), "100.000"),
    R(datetime.date(2026, 2, 15), "112.400"),
    R(datetime.date(2026, 4, 1), "120.000"),
]


def test_intervals_are_the_use_between_consecutive_readings_with_their_daily_average():
    first, second = intervals_of(reversed(READINGS))  # order of the input does not matter
    assert (first.days, first.consumption) == (45, Decimal("12.400"))
    assert first.daily == Decimal("0.276")  # 0,2755… half up
    assert (second.days, second.consumption) == (45, Decimal("7.600"))
    assert second.daily == Decimal("0.169")  # 0,1688…


def test_a_reading_closes_its_own_day_so_the_use_spreads_over_the_days_after_the_earlier_one():
    # 12,400 m³ over 2.01–15.02: 30 days of January, 15 of February;
    #   January 12 400 × 30/45 = 8 266,67 → 8,267; February the rest, 4,133.
    # 7,600 m³ over 16.02–1.04: 13 days of February, 31 of March, 1 of April;
    #   up to February 7 600 × 13/45 = 2 195,56 → 2,196; up to March
    #   7 600 × 44/45 = 7 431,11 → 7,431, so March 5,235; April the rest, 0,169.
    months = by_month(intervals_of(READINGS))
    assert {period: month.consumption for period, month in months.items()} == {
        JAN: Decimal("8.267"),
        FEB: Decimal("6.329"),  # 4,133 + 2,196
        MAR: Decimal("5.235"),
        APR: Decimal("0.169"),
    }
    assert {period: month.days_covered for period, month in months.items()} == {
        JAN: 30,
        FEB: 28,
        MAR: 31,
        APR: 1,
    }
    assert [month.whole for month in months.values()] == [False, True, True, False]


def test_readings_on_the_last_days_of_months_give_each_month_its_own_use():
    readings = [
        R(datetime.date(2026, 1, 31), "10.000"),
        R(datetime.date(2026, 2, 28), "12.800"),
        R(datetime.date(2026, 3, 31), "15.900"),
    ]
    months = by_month(intervals_of(readings))
    assert {p: m.consumption for p, m in months.items()} == {
        FEB: Decimal("2.800"),
        MAR: Decimal("3.100"),
    }


def test_the_bars_have_the_heights_of_their_numbers_on_a_round_scale():
    months = [JAN, FEB, MAR, APR]
    used = {p: m.consumption for p, m in by_month(intervals_of(READINGS)).items()}
    advances = {JAN: Decimal("80.00"), FEB: Decimal("80.00"), MAR: Decimal("95.50")}
    drawn = chart(months, used, advances)

    # Consumption up to 8,267 m³ on a scale to 10 m³: 100 units of height per 10 m³.
    upper = drawn.consumption
    assert [b.height for b in upper.bars] == [Decimal(h) for h in ("82.7", "63.3", "52.4", "1.7")]
    assert [b.y for b in upper.bars] == [Decimal(y) for y in ("45.3", "64.7", "75.6", "126.3")]
    assert [t.value for t in upper.ticks] == [0, 5, 10]
    # Four months share 560 units of width: slots of 140, bars of 84 in their middle.
    assert [b.x for b in upper.bars] == [Decimal(x) for x in ("100.0", "240.0", "380.0", "520.0")]
    assert {b.width for b in upper.bars} == {Decimal("84.0")}

    # Advances up to 95,50 zł on a scale to 100 zł; April has no charge, so no bar.
    lower = drawn.advances
    assert [b.height for b in lower.bars] == [Decimal("80.0"), Decimal("80.0"), Decimal("95.5")]
    assert [b.value for b in lower.bars] == [Decimal("80.00"), Decimal("80.00"), Decimal("95.50")]
    assert (lower.top, lower.bottom) == (Decimal(172), Decimal(272))
    assert [label.text for label in drawn.labels] == ["01.2026", "02.2026", "03.2026", "04.2026"]
    assert (drawn.width, drawn.height) == (640, 298)


def test_a_medium_without_advances_has_one_panel():
    drawn = chart([JAN], {JAN: Decimal("3.000")})
    assert drawn.advances is None
    assert drawn.consumption.bars[0].height == Decimal("60.0")  # 3 of a scale to 5
    assert drawn.height == 28 + 100 + 18 + 8


def test_the_scale_ends_at_one_two_two_and_a_half_or_five_times_a_power_of_ten():
    cases = {"0": "1", "0.169": "0.2", "3": "5", "10": "10", "10.01": "20", "24": "25"}
    cases["251"] = "500"
    for largest, maximum in cases.items():
        assert round_maximum(Decimal(largest)) == Decimal(maximum), largest


def test_the_same_readings_always_draw_the_same_chart():
    used = {p: m.consumption for p, m in by_month(intervals_of(READINGS)).items()}
    assert chart([JAN, FEB, MAR, APR], used, {}) == chart([JAN, FEB, MAR, APR], used, {})


START = datetime.date(2025, 1, 1)


@st.composite
def readings(draw):
    """A meter's readings: dates rising by 0 to 120 days, values never falling."""
    count = draw(st.integers(min_value=2, max_value=12))
    day, value, found = START, draw(st.integers(0, 10**7)), []
    for _ in range(count):
        found.append(R(day, Decimal(value).scaleb(-3)))
        day += datetime.timedelta(days=draw(st.integers(0, 120)))
        value += draw(st.integers(0, 500_000))
    return found


@given(readings())
def test_the_months_add_up_exactly_to_the_use_between_the_first_and_the_last_reading(found):
    months = by_month(intervals_of(found))
    assert sum(m.consumption for m in months.values()) == found[-1].value - found[0].value
    assert sum(m.days_covered for m in months.values()) == (found[-1].date - found[0].date).days
    assert all(m.consumption >= 0 for m in months.values())
    assert all(0 <= m.days_covered <= m.period.days for m in months.values())


@given(
    st.integers(0, 10**6),
    st.integers(1, 400),
    st.dates(datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)),
)
def test_one_interval_is_shared_in_proportion_to_its_days(thousandths, days, start):
    consumption = Decimal(thousandths).scaleb(-3)
    interval = Interval(start, start + datetime.timedelta(days=days), consumption)
    for month in by_month([interval]).values():
        exact = consumption * month.days_covered / days
        assert abs(month.consumption - exact) <= Decimal("0.001")

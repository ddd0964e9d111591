"""Interest for delay on one debt, computed by hand in each test at the
statutory rates the migration ships (reference rate + 5.5 points):
9.75 % from 06.11.2025, 9.50 % from 04.12.2025, 9.25 % from 05.03.2026.
Every sum is amount × rate × days / (100 × 365), added up exactly per
period, rounded half up on the total."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.interest.accrual import rate_table
from iok.interest.calculation import Paid, RateTable, interest, working_day
from iok.interest.models import InterestRate

D = datetime.date


@pytest.fixture
def statutory(db):
    return rate_table()


def test_a_charge_paid_30_days_late_at_one_rate(statutory):
    # Due Monday 12.01.2026, paid 11.02.2026: 13.01-31.01 (19) + 01.02-11.02 (11) = 30 days.
    # 2 000,00 × 9.50 % × 30 / 365 = 5 700 / 365 = 15.6164... → 15,62 zł
    found = interest(Decimal("2000.00"), D(2026, 1, 12), [], D(2026, 2, 11), statutory)
    assert [(p.start, p.end, p.days, p.rate, p.base) for p in found.periods] == [
        (D(2026, 1, 13), D(2026, 2, 11), 30, Decimal("9.50"), Decimal("2000.00"))
    ]
    assert found.total == Decimal("15.62")


def test_paid_on_the_day_itself_it_bears_no_interest(statutory):
    paid = [Paid(D(2026, 1, 12), Decimal("2000.00"))]
    found = interest(Decimal("2000.00"), D(2026, 1, 12), paid, D(2026, 2, 11), statutory)
    assert found.periods == ()
    assert found.total == Decimal("0.00")


def test_a_due_date_on_a_sunday_moves_to_monday(statutory):
    # Due Sunday 10.05.2026 → Monday 11.05; late from 12.05 to 21.05: 10 days.
    # 1 000,00 × 9.25 % × 10 / 365 = 92.5 / 36.5 = 2.5342... → 2,53 zł (11 days would be 2,79)
    paid = [Paid(D(2026, 5, 21), Decimal("1000.00"))]
    found = interest(Decimal("1000.00"), D(2026, 5, 10), paid, D(2026, 11, 28), statutory)
    assert found.runs_from == D(2026, 5, 12)
    assert found.due_moved
    assert [p.days for p in found.periods] == [10]
    assert found.total == Decimal("2.53")


def test_a_due_date_on_independence_day_moves_to_the_next_working_day(statutory):
    # Due Tuesday 11.11.2025 (a holiday) → Wednesday 12.11; late 13.11-28.11: 16 days
    # at 9.75 %: 1 500,00 × 9.75 × 16 / 36 500 = 234 000 / 36 500 = 6.4109... → 6,41 zł
    paid = [Paid(D(2025, 11, 28), Decimal("1500.00"))]
    found = interest(Decimal("1500.00"), D(2025, 11, 11), paid, D(2026, 11, 28), statutory)
    assert found.runs_from == D(2025, 11, 13)
    assert [(p.days, p.rate) for p in found.periods] == [(16, Decimal("9.75"))]
    assert found.total == Decimal("6.41")


def test_may_day_on_a_friday_moves_past_the_weekend_and_the_third_of_may():
    # 01.05.2026 Friday (holiday), 02.05 Saturday, 03.05 Sunday (holiday) → Monday 04.05.
    assert working_day(D(2026, 5, 1)) == D(2026, 5, 4)
    assert working_day(D(2026, 12, 24)) == D(2026, 12, 28)  # Christmas Eve is off since 2025
    assert working_day(D(2026, 5, 4)) == D(2026, 5, 4)


def test_a_rate_change_inside_the_delay_splits_it_in_two_periods(statutory):
    # Due Friday 28.11.2025, paid 15.12.2025: 29.11-03.12 (5 days) at 9.75 %,
    # 04.12-15.12 (12 days) at 9.50 %:
    #   3 000,00 × 9.75 × 5 / 36 500  = 146 250 / 36 500 = 4.0068...
    #   3 000,00 × 9.50 × 12 / 36 500 = 342 000 / 36 500 = 9.3698...
    #   total 13.3767... → 13,38 zł
    paid = [Paid(D(2025, 12, 15), Decimal("3000.00"))]
    found = interest(Decimal("3000.00"), D(2025, 11, 28), paid, D(2026, 11, 28), statutory)
    assert [(p.start, p.end, p.days, p.rate) for p in found.periods] == [
        (D(2025, 11, 29), D(2025, 12, 3), 5, Decimal("9.75")),
        (D(2025, 12, 4), D(2025, 12, 15), 12, Decimal("9.50")),
    ]
    assert [p.interest for p in found.periods] == [Decimal("4.01"), Decimal("9.37")]
    assert found.total == Decimal("13.38")


def test_a_charge_paid_in_two_parts_accrues_on_what_remains(statutory):
    # 1 000,00 due 12.01.2026; 400,00 paid 22.01, 600,00 paid 11.02:
    #   13.01-22.01 (10 days) on 1 000,00: 95 000 / 36 500  = 2.6027...
    #   23.01-11.02 (20 days) on   600,00: 114 000 / 36 500 = 3.1232...
    #   total 5.7260... → 5,73 zł
    paid = [Paid(D(2026, 1, 22), Decimal("400.00")), Paid(D(2026, 2, 11), Decimal("600.00"))]
    found = interest(Decimal("1000.00"), D(2026, 1, 12), paid, D(2026, 11, 28), statutory)
    assert [(p.start, p.end, p.days, p.base) for p in found.periods] == [
        (D(2026, 1, 13), D(2026, 1, 22), 10, Decimal("1000.00")),
        (D(2026, 1, 23), D(2026, 2, 11), 20, Decimal("600.00")),
    ]
    assert found.total == Decimal("5.73")


def test_an_unpaid_charge_accrues_up_to_and_including_the_day_asked(statutory):
    # 500,00 due Monday 02.11.2026, as of Saturday 28.11.2026: 03.11-28.11, 26 days
    # at 9.25 %: 500 × 9.25 × 26 / 36 500 = 120 250 / 36 500 = 3.2945... → 3,29 zł
    found = interest(Decimal("500.00"), D(2026, 11, 2), [], D(2026, 11, 28), statutory)
    assert [p.days for p in found.periods] == [26]
    assert found.total == Decimal("3.29")


def test_a_leap_year_still_counts_365_days():
    # 29.02.2024 is one more day at 1/365: 3 650,00 × 10 % × 29 / 365 = 29,00 zł.
    rates = RateTable.of([(D(2024, 1, 1), Decimal("10.00"))])
    found = interest(Decimal("3650.00"), D(2024, 1, 31), [], D(2024, 2, 29), rates)
    assert found.total == Decimal("29.00")


def test_a_day_without_a_rate_is_refused_naming_it(statutory):
    # The table starts on 01.01.2016; a debt due Thursday 10.12.2015 is late from 11.12.2015.
    with pytest.raises(ValidationError) as refused:
        interest(Decimal("100.00"), D(2015, 12, 10), [], D(2016, 1, 20), statutory)
    assert "11.12.2015" in refused.value.messages[0]


def test_the_shipped_table_follows_the_reference_rate_plus_five_and_a_half(statutory):
    spans = list(statutory.spans(D(2020, 3, 17), D(2020, 5, 29)))
    assert spans == [
        (D(2020, 3, 17), D(2020, 3, 17), Decimal("7.00")),
        (D(2020, 3, 18), D(2020, 4, 8), Decimal("6.50")),
        (D(2020, 4, 9), D(2020, 5, 28), Decimal("6.00")),
        (D(2020, 5, 29), D(2020, 5, 29), Decimal("5.60")),
    ]


def test_the_commercial_rate_is_fixed_for_each_half_year(db):
    # The reference rate of 1 July 2025 (5.25 %) + 10 points holds all of
    # July-December 2025, though the reference rate fell four times in it.
    commercial = rate_table(InterestRate.Kind.COMMERCIAL)
    assert list(commercial.spans(D(2025, 6, 30), D(2026, 1, 1))) == [
        (D(2025, 6, 30), D(2025, 6, 30), Decimal("15.75")),
        (D(2025, 7, 1), D(2025, 12, 31), Decimal("15.25")),
        (D(2026, 1, 1), D(2026, 1, 1), Decimal("14.00")),
    ]
    # before 2020: 8 points over the reference rate of 1.50 %
    ((_, _, rate),) = commercial.spans(D(2019, 12, 31), D(2019, 12, 31))
    assert rate == Decimal("9.50")

"""The kartoteka's rows, totals and balances on a small example computed by hand.

    date        entry                               amount    balance
    01.12.2025  opening balance (arrears)          -120.50    -120.50
    01.01.2026  charge 01/2026: rent 437.34,       -512.34    -632.84
                waste 75.00, due 10.01.2026
    08.01.2026  payment                            +600.00     -32.84
    20.01.2026  correction: waste of 01/2026        +75.00     +42.16
    01.02.2026  charge 02/2026, due 10.02.2026     -512.34    -470.18
    12.02.2026  payment                            +300.00    -170.18

2026 in columns: charges 512.34 + 512.34 = 1024.68, corrections +75.00,
payments 600.00 + 300.00 = 900.00; -120.50 - 1024.68 + 75.00 + 900.00 = -170.18.
"""

import datetime
from decimal import Decimal

import pytest

from iok.ledger.corrections import reverse_entry
from iok.ledger.kartoteka import (
    CHARGES,
    CORRECTIONS,
    PAYMENTS,
    Totals,
    balance_after,
    by_day,
    by_month,
    by_year,
    latest,
    month_totals,
    years_of,
)
from iok.ledger.posting import Line, post_entry
from iok.periods import Period
from tests.conftest import component

D = Decimal


def charge(ledger, month, rent="-437.34", waste="-75.00"):
    return post_entry(
        ledger,
        "charge",
        title=f"Opłaty za {month:02d}/2026",
        operation_date=datetime.date(2026, month, 1),
        due_date=datetime.date(2026, month, 10),
        period=Period(2026, month),
        document=f"NAL/2026/{month:02d}/1",
        lines=[Line(component("rent"), D(rent)), Line(component("waste"), D(waste))],
    )


def payment(ledger, day, amount):
    return post_entry(
        ledger, "payment", title="Wpłata", operation_date=day, amount=D(amount), document="WB/1"
    )


def opening(ledger):
    return post_entry(
        ledger,
        "opening",
        title="Bilans otwarcia",
        operation_date=datetime.date(2025, 12, 1),
        amount=D("-120.50"),
    )


@pytest.fixture
def example(ledger):
    opening(ledger)
    january = charge(ledger, 1)
    payment(ledger, datetime.date(2026, 1, 8), "600.00")
    reverse_entry(
        january,
        reason="odpady naliczone podwójnie",
        on=datetime.date(2026, 1, 20),
        components=[component("waste")],
    )
    charge(ledger, 2)
    payment(ledger, datetime.date(2026, 2, 12), "300.00")
    ledger.refresh_from_db()
    return ledger


def test_each_entry_shows_the_balance_after_it(example):
    days = by_day(example, 2026, month_totals(example))
    assert days.opening == D("-120.50")
    assert [row.balance for row in days.rows] == [
        D("-632.84"),
        D("-32.84"),
        D("42.16"),
        D("-470.18"),
        D("-170.18"),
    ]
    assert days.closing == D("-170.18") == example.balance


def test_each_entry_goes_to_its_column_as_a_positive_number_but_corrections_keep_their_sign(
    example,
):
    rows = by_day(example, 2026, month_totals(example)).rows
    assert [row.column for row in rows] == [CHARGES, PAYMENTS, CORRECTIONS, CHARGES, PAYMENTS]
    assert [row.totals for row in rows[:3]] == [
        Totals(charges=D("512.34")),
        Totals(payments=D("600.00")),
        Totals(corrections=D("75.00")),
    ]


def test_the_year_adds_up_in_its_columns(example):
    days = by_day(example, 2026, month_totals(example))
    assert days.totals == Totals(D("1024.68"), D("75.00"), D("900.00"))


def test_an_opening_arrears_is_a_charge_of_its_year(example):
    days = by_day(example, 2025, month_totals(example))
    assert days.opening == D("0.00")
    assert days.totals == Totals(charges=D("120.50"))
    assert days.closing == D("-120.50")


def test_lines_are_shown_as_their_entry_is(example):
    rows = by_day(example, 2026, month_totals(example)).rows
    assert [(line.component.code, amount) for line, amount in rows[0].lines] == [
        ("rent", D("437.34")),
        ("waste", D("75.00")),
    ]
    assert [(line.component.code, amount) for line, amount in rows[2].lines] == [
        ("waste", D("75.00")),
    ]


def test_a_correction_knows_its_entry_and_the_entry_its_corrections(example):
    rows = by_day(example, 2026, month_totals(example)).rows
    january, correction = rows[0].entry, rows[2].entry
    assert correction.corrects == january
    assert list(january.corrections.all()) == [correction]


def test_months_have_totals_closing_balances_and_their_entries(example):
    months = by_month(example, 2026, month_totals(example))
    assert [month.start for month in months.rows] == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]
    january, february = months.rows
    assert january.totals == Totals(D("512.34"), D("75.00"), D("600.00"))
    assert (january.opening, january.closing) == (D("-120.50"), D("42.16"))
    assert february.totals == Totals(D("512.34"), D("0.00"), D("300.00"))
    assert (february.opening, february.closing) == (D("42.16"), D("-170.18"))
    assert [len(month.entries) for month in months.rows] == [3, 2]
    assert months.totals == Totals(D("1024.68"), D("75.00"), D("900.00"))


def test_the_aggregate_by_month_agrees_with_the_entries(example):
    months = month_totals(example)
    assert [(m.start, m.totals, m.closing) for m in months] == [
        (datetime.date(2025, 12, 1), Totals(charges=D("120.50")), D("-120.50")),
        (datetime.date(2026, 1, 1), Totals(D("512.34"), D("75.00"), D("600.00")), D("42.16")),
        (datetime.date(2026, 2, 1), Totals(D("512.34"), D("0.00"), D("300.00")), D("-170.18")),
    ]


def test_years_have_totals_closing_balances_and_their_months(example):
    months = month_totals(example)
    assert years_of(months) == [2025, 2026]
    years = by_year(months)
    last_year, this_year = years.rows
    assert (last_year.totals, last_year.closing) == (Totals(charges=D("120.50")), D("-120.50"))
    assert (this_year.totals, this_year.closing) == (
        Totals(D("1024.68"), D("75.00"), D("900.00")),
        D("-170.18"),
    )
    assert [len(year.months) for year in years.rows] == [1, 2]
    assert years.totals == Totals(D("1145.18"), D("75.00"), D("900.00"))
    assert years.closing == D("-170.18")


def test_an_empty_ledger_has_no_years_and_a_zero_balance(ledger):
    months = month_totals(ledger)
    assert months == [] and years_of(months) == []
    days = by_day(ledger, 2026, months)
    assert (days.opening, days.rows, days.closing) == (D("0.00"), [], D("0.00"))


def test_a_year_costs_five_queries_however_long_the_history(example, django_assert_num_queries):
    # month totals, entries, lines, corrections, and the allocations both ways in one
    with django_assert_num_queries(5):
        days = by_day(example, 2026, month_totals(example))
        for row in days.rows:
            list(row.lines)
            list(row.corrected_by)
            str(row.entry.corrects)
            assert row.payment_status in (None, "paid", "partly_paid", "unpaid")
            assert row.credit_left >= 0 and row.pays is not None


def test_the_latest_payment_and_charge(example):
    found = latest(example, "payment", "charge", "interest")
    assert found["payment"].operation_date == datetime.date(2026, 2, 12)
    assert found["charge"].period == "2026-02"
    assert "interest" not in found


def test_the_latest_entries_of_kinds_are_read_in_one_query(example, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert set(latest(example, "payment", "charge")) == {"payment", "charge"}


def test_an_entry_knows_the_balance_after_it(example):
    rows = by_day(example, 2026, month_totals(example)).rows
    assert [balance_after(row.entry) for row in rows] == [row.balance for row in rows]


def test_a_row_has_its_amount_in_one_column_and_the_others_empty(example):
    charge_row, payment_row, correction_row = by_day(example, 2026, month_totals(example)).rows[:3]
    assert (charge_row.charges, charge_row.corrections, charge_row.payments) == (
        D("512.34"),
        None,
        None,
    )
    assert (payment_row.charges, payment_row.payments) == (None, D("600.00"))
    assert correction_row.corrections == D("75.00")
    assert not charge_row.has_vat

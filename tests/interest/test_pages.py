"""The tenant sees the interest accrued so far, not booked: its total on the
panel, and on each charge's page how it was computed, by period."""

import datetime
from decimal import Decimal

from django.urls import reverse

from iok.interest.accrual import accrued
from iok.interest.models import InterestRate
from iok.periods import Period
from tests.interest.test_accrual import TODAY, charge, pay

D = datetime.date


def test_the_panel_shows_the_interest_accrued_today_as_not_booked(client, people, ledger):
    charge(ledger, "500.00", D(2026, 11, 2), Period(2026, 11))  # 26 days → 3,29 zł
    client.force_login(people.tenant)
    page = client.get(reverse("portal:panel", args=[ledger.pk])).content.decode()
    assert "naliczone na dziś (28.11.2026), niezaksięgowane" in page
    assert "3,29\xa0zł" in page


def test_the_panel_says_which_day_has_no_rate_instead_of_a_sum(client, people, ledger):
    InterestRate.objects.filter(valid_from__lt=D(2026, 3, 5)).delete()
    charge(ledger, "500.00", D(2026, 1, 12), Period(2026, 1))
    client.force_login(people.tenant)
    page = client.get(reverse("portal:panel", args=[ledger.pk])).content.decode()
    assert "13.01.2026" in page


def test_a_charge_page_shows_days_rate_and_amount_of_each_period(client, people, ledger):
    # Due Sunday 10.05.2026 → interest from 12.05; 400,00 paid 21.05 (10 days on
    # 1 000,00), the rest unpaid until 28.11 (191 days on 600,00), at 9.25 %:
    #   1 000 × 9.25 × 10 / 36 500 = 2.5342...;  600 × 9.25 × 191 / 36 500 = 29.0424...
    #   total 31.5767... → 31,58 zł
    may = charge(ledger, "1000.00", D(2026, 5, 10), Period(2026, 5))
    pay(ledger, Decimal("400.00"), D(2026, 5, 21))
    client.force_login(people.tenant)
    page = client.get(reverse("portal:entry", args=[ledger.pk, may.pk])).content.decode()
    assert "Naliczone na dziś (28.11.2026), niezaksięgowane: 31,58\xa0zł." in page
    assert "upływa 11.05.2026 (art. 115 Kodeksu cywilnego): odsetki biegną od 12.05.2026" in page
    assert '<td data-label="Dni">10</td>' in page
    assert '<td data-label="Dni">191</td>' in page
    assert "9,25\xa0%" in page and "1\xa0000,00\xa0zł" in page and "600,00\xa0zł" in page


def test_the_ledger_total_costs_two_queries_however_long_the_history(
    ledger, django_assert_num_queries
):
    for month in range(1, 12):
        charge(ledger, "100.00", D(2026, month, 10), Period(2026, month))
    with django_assert_num_queries(2):  # the rates; the debts with their allocations
        accrued(ledger, TODAY)

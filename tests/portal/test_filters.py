"""The template filters the portal prints amounts, balances and numbers with."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from iok.formats.filters import money, nrb, quantity, signed_money
from iok.ledger.models import Entry
from iok.portal.templatetags.portal import balance_class, balance_meaning, entry_amount

NBSP = "\xa0"


def test_money_is_printed_with_grouped_thousands_a_decimal_comma_and_zl():
    assert money(Decimal("1234.56")) == f"1{NBSP}234,56{NBSP}zł"
    assert money(Decimal("-1234567.8")) == f"-1{NBSP}234{NBSP}567,80{NBSP}zł"
    assert money(None) == ""


def test_a_signed_amount_says_plus_or_minus():
    assert signed_money(Decimal("75")) == f"+75,00{NBSP}zł"
    assert signed_money(Decimal("-75")) == f"-75,00{NBSP}zł"
    assert signed_money(Decimal("0")) == f"0,00{NBSP}zł"


def test_an_entry_is_printed_as_its_column_shows_it():
    charge = Entry(kind="charge", amount=Decimal("-104.74"))
    correction = Entry(kind="correction", amount=Decimal("-12.00"))
    assert entry_amount(charge) == f"104,74{NBSP}zł"
    assert entry_amount(correction) == f"-12,00{NBSP}zł"


def test_a_balance_is_explained_in_words_and_coloured_only_as_well():
    with translation.override("en"):
        assert balance_meaning(Decimal("-0.01")) == "owed"
        assert balance_meaning(Decimal("0.01")) == "overpayment"
        assert balance_meaning(Decimal("0.00")) == "zero balance"
    assert [balance_class(Decimal(x)) for x in ["-1", "1", "0"]] == ["debt", "credit", ""]


def test_an_account_number_is_printed_in_groups_of_four():
    assert nrb("61102010264477000000000001") == "61 1020 1026 4477 0000 0000 0001"
    assert nrb(None) == ""


def test_quantities_have_a_decimal_comma_and_no_needless_zeros():
    assert quantity(Decimal("52.400")) == "52,40"
    assert quantity(Decimal("2.000")) == "2"
    assert quantity(Decimal("-1.000")) == "-1"
    assert quantity(Decimal("12.125")) == "12,125"
    assert quantity(None) == ""


def test_dates_are_printed_day_month_year_in_both_languages():

    template = Template("{{ day|date }} {{ day|date:'SHORT_DATE_FORMAT' }}")
    for language in ["pl", "en"]:
        with translation.override(language):
            rendered = template.render(Context({"day": datetime.date(2026, 3, 5)}))
            assert rendered == "05.03.2026 05.03.2026"

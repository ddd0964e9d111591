"""The kartoteka by day, month and year, and one entry of it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from iok.ledger.kartoteka import (
    YEARS_WITH_MONTHS,
    by_day,
    by_month,
    by_year,
    entry_row,
    month_totals,
    years_of,
)
from iok.ledger.models import Entry
from iok.portal.forms import YearForm
from iok.portal.views.shell import Reader, get_ledger, ledger_page, own


def _get_entry(reader: Reader, ledger_pk, pk) -> Entry:
    ledger = get_ledger(reader, ledger_pk)
    return get_object_or_404(ledger.entries.select_related("corrects"), pk=pk)


def _year_page(request, reader, ledger_pk, template, page, build):
    """A kartoteka view of one chosen year, `build(ledger, year, months)` making its rows."""
    ledger = get_ledger(reader, ledger_pk)
    months = month_totals(ledger)
    form = YearForm(years_of(months), request.GET)
    kartoteka = build(ledger, form.year, months)
    return ledger_page(request, reader, template, ledger, page, year_form=form, kartoteka=kartoteka)


def days_page(request, reader: Reader, ledger_pk):
    """Every entry of a year with the balance after it."""
    return _year_page(
        request, reader, ledger_pk, "portal/kartoteka_days.html", "portal:kartoteka", by_day
    )


def months_page(request, reader: Reader, ledger_pk):
    """The months of a year with their totals and closing balances."""
    return _year_page(
        request,
        reader,
        ledger_pk,
        "portal/kartoteka_months.html",
        "portal:kartoteka_months",
        by_month,
    )


def years_page(request, reader: Reader, ledger_pk):
    """Every year of the ledger with its totals and closing balance."""
    ledger = get_ledger(reader, ledger_pk)
    return ledger_page(
        request,
        reader,
        "portal/kartoteka_years.html",
        ledger,
        "portal:kartoteka_years",
        kartoteka=by_year(month_totals(ledger)),
        years_with_months=YEARS_WITH_MONTHS,
    )


def entry_page(request, reader: Reader, ledger_pk, pk):
    entry = _get_entry(reader, ledger_pk, pk)
    row = entry_row(entry)
    return ledger_page(
        request,
        reader,
        "portal/entry.html",
        entry.ledger,
        "portal:kartoteka",
        row=row,
        staff_view=reader.staff,  # staff see the reasons
    )


@login_required
def kartoteka(request, ledger_pk):
    return days_page(request, own(request), ledger_pk)


@login_required
def kartoteka_months(request, ledger_pk):
    return months_page(request, own(request), ledger_pk)


@login_required
def kartoteka_years(request, ledger_pk):
    return years_page(request, own(request), ledger_pk)


@login_required
def entry(request, ledger_pk, pk):
    return entry_page(request, own(request), ledger_pk, pk)

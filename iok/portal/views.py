"""The tenant's pages: the main panel, the kartoteka by day, month and year,
one entry, the premises and contract, and the accessibility statement.

Every page of a ledger carries the ledger's id in its address and gets the
ledger through `_get_ledger_for_user`, which answers 404 to anyone who is not
a party to its contract: other tenants and, for now, staff."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from iok import clock
from iok.ledger.kartoteka import (
    EntryRow,
    allocations_prefetch,
    balance_after,
    by_day,
    by_month,
    by_year,
    latest,
    month_totals,
    years_of,
)
from iok.ledger.models import Entry, EntryLine, Ledger
from iok.ledger.standing import standing
from iok.portal.forms import YearForm
from iok.portal.ledgers import in_switcher_order, ledgers_for_user, ledgers_of
from iok.portal.properties import properties_of
from iok.portal.statement import statement_facts
from iok.registry.models import ContractParty


def _ledgers(request):
    """The login's ledgers; for the office's read-only view of a tenant's
    kartoteka (iok/office/kartoteka_views.py), the ledgers of that tenant
    (the contractor in `request.kartoteka_of`)."""
    tenant = getattr(request, "kartoteka_of", None)
    return ledgers_for_user(request.user) if tenant is None else ledgers_of(tenant.pk)


def _get_ledger_for_user(request, pk) -> Ledger:
    return get_object_or_404(_ledgers(request), pk=pk)


def _get_entry_for_user(request, ledger_pk, pk) -> Entry:
    ledger = _get_ledger_for_user(request, ledger_pk)
    entries = ledger.entries.select_related("corrects").prefetch_related(
        Prefetch("lines", queryset=EntryLine.objects.select_related("component")),
        Prefetch("corrections", queryset=Entry.objects.order_by("operation_date", "id")),
        *allocations_prefetch(),
    )
    return get_object_or_404(entries, pk=pk)


def _ledgers_in_order(request) -> list[Ledger]:
    return in_switcher_order(_ledgers(request), clock.today())


def _ledger_page(request, template, ledger, page, **context):
    """A page of one ledger, with the switcher to the login's other ledgers;
    `page` is the URL name the switcher and the menu link to."""
    context.update(ledger=ledger, ledgers=_ledgers_in_order(request), page=page)
    return render(request, template, context)


@login_required
def home(request):
    """The main panel of the login's first ledger."""
    ledgers = _ledgers_in_order(request)
    if not ledgers:
        if request.user.has_perm("ledger.view_ledger"):  # staff and City Hall land here too
            return redirect("office:home")
        raise Http404
    return _panel(request, ledgers[0])


@login_required
def panel(request, ledger_pk):
    return _panel(request, _get_ledger_for_user(request, ledger_pk))


def _panel(request, ledger):
    return _ledger_page(
        request,
        "portal/panel.html",
        ledger,
        "portal:panel",
        contractor=getattr(request, "kartoteka_of", None) or request.user.account.contractor,
        standing=standing(ledger, clock.today()),
        last_payment=latest(ledger, Entry.Kind.PAYMENT),
        last_charge=latest(ledger, Entry.Kind.CHARGE),
    )


def _year_page(request, ledger_pk, template, page, build):
    """A kartoteka view of one chosen year, `build(ledger, year, months)` making its rows."""
    ledger = _get_ledger_for_user(request, ledger_pk)
    months = month_totals(ledger)
    form = YearForm(years_of(months), request.GET)
    kartoteka = build(ledger, form.year, months)
    return _ledger_page(request, template, ledger, page, year_form=form, kartoteka=kartoteka)


@login_required
def kartoteka(request, ledger_pk):
    """Every entry of a year with the balance after it."""
    return _year_page(request, ledger_pk, "portal/kartoteka_days.html", "portal:kartoteka", by_day)


@login_required
def kartoteka_months(request, ledger_pk):
    """The months of a year with their totals and closing balances."""
    return _year_page(
        request, ledger_pk, "portal/kartoteka_months.html", "portal:kartoteka_months", by_month
    )


@login_required
def kartoteka_years(request, ledger_pk):
    """Every year of the ledger with its totals and closing balance."""
    ledger = _get_ledger_for_user(request, ledger_pk)
    return _ledger_page(
        request,
        "portal/kartoteka_years.html",
        ledger,
        "portal:kartoteka_years",
        kartoteka=by_year(month_totals(ledger)),
    )


@login_required
def entry(request, ledger_pk, pk):
    entry = _get_entry_for_user(request, ledger_pk, pk)
    row = EntryRow(entry=entry, balance=balance_after(entry))
    staff_view = getattr(request, "kartoteka_of", None) is not None  # staff see the reasons
    return _ledger_page(
        request,
        "portal/entry.html",
        entry.ledger,
        "portal:kartoteka",
        row=row,
        staff_view=staff_view,
    )


@login_required
def contract(request, ledger_pk):
    """The premises and the contract, with today's properties and their history."""
    ledger = _get_ledger_for_user(request, ledger_pk)
    contract = ledger.contract
    parties = contract.contractparty_set.select_related("contractor")
    return _ledger_page(
        request,
        "portal/contract.html",
        ledger,
        "portal:contract",
        contract=contract,
        parties=sorted(parties, key=lambda party: party.role != ContractParty.Role.MAIN),
        properties=properties_of(contract, clock.today()),
    )


def accessibility(request):
    """The accessibility statement, open to everyone."""
    site_url = request.build_absolute_uri(reverse("portal:home"))
    return render(
        request, "portal/accessibility.html", {"facts": statement_facts(), "site_url": site_url}
    )

"""The main panel of a ledger, and "/", which shows the login's first."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from iok import clock
from iok.interest.accrual import accrued
from iok.ledger.kartoteka import latest
from iok.ledger.models import Entry
from iok.ledger.standing import standing
from iok.portal.views.shell import Reader, get_ledger, ledger_page, own

SHOWN_REFUNDS = 10  # the latest refunds of the ledger's credit, with their state


@login_required
def home(request):
    """The main panel of the login's first ledger."""
    reader = own(request)
    if not reader.switcher:
        if request.user.has_perm("ledger.view_ledger"):  # staff and City Hall land here too
            return redirect("office:home")
        raise Http404
    return _panel(request, reader, reader.switcher[0])


@login_required
def panel(request, ledger_pk):
    return panel_page(request, own(request), ledger_pk)


def panel_page(request, reader: Reader, ledger_pk):
    return _panel(request, reader, get_ledger(reader, ledger_pk))


def _panel(request, reader, ledger):
    today = clock.today()
    last = latest(ledger, Entry.Kind.PAYMENT, Entry.Kind.CHARGE)
    return ledger_page(
        request,
        reader,
        "portal/panel.html",
        ledger,
        "portal:panel",
        contractor=reader.tenant or request.user.account.contractor,
        standing=standing(ledger, today),
        interest=accrued(ledger, today),  # two queries: the rates, the debts with their payments
        last_payment=last.get(Entry.Kind.PAYMENT),
        last_charge=last.get(Entry.Kind.CHARGE),
        refunds=list(ledger.refund_orders.select_related("entry")[:SHOWN_REFUNDS]),
    )

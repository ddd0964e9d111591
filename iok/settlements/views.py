"""The tenant's settlements: list, calculation, PDF (the office's runs:
iok/office/views/settlements.py).

A tenant reaches a settlement only through a ledger of their own
(`ledgers_for_user`): anyone else's is 404."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from iok import clock
from iok.portal.ledgers import in_switcher_order, ledgers_for_user
from iok.settlements import pdf
from iok.settlements.models import Settlement
from iok.settlements.presentation import meaning, readable


def _get_ledger_for_user(request, pk):
    return get_object_or_404(ledgers_for_user(request.user), pk=pk)


def _get_settlement_for_user(request, ledger_pk, pk) -> Settlement:
    ledger = _get_ledger_for_user(request, ledger_pk)
    return get_object_or_404(
        Settlement.objects.for_ledger(ledger).select_related("entry", "contract__premises"), pk=pk
    )


def _portal_page(request, template, ledger, **context):
    ledgers = in_switcher_order(ledgers_for_user(request.user), clock.today())
    context.update(ledger=ledger, ledgers=ledgers, page="settlements:portal_list")
    return render(request, template, context)


@login_required
def portal_list(request, ledger_pk):
    ledger = _get_ledger_for_user(request, ledger_pk)
    settlements = Settlement.objects.for_ledger(ledger).select_related("entry")
    return _portal_page(request, "settlements/portal/list.html", ledger, settlements=settlements)


@login_required
def portal_detail(request, ledger_pk, pk):
    settlement = _get_settlement_for_user(request, ledger_pk, pk)
    return _portal_page(
        request,
        "settlements/portal/detail.html",
        settlement.contract.ledger,
        settlement=settlement,
        calc=readable(settlement.document),
        meaning=meaning(settlement.amount),
    )


@login_required
def portal_pdf(request, ledger_pk, pk):
    settlement = _get_settlement_for_user(request, ledger_pk, pk)
    response = HttpResponse(pdf.settlement_pdf(settlement), content_type="application/pdf")
    name = f"rozliczenie-{settlement.first:%Y%m%d}-{settlement.last:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response

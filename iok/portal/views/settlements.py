"""The tenant's settlements of a ledger: the list, one calculation, its PDF.

A tenant reaches a settlement only through a ledger of their own
(`Ledger.objects.for_user`): anyone else's is 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from iok.downloads import download
from iok.portal.views.shell import Reader, get_ledger, ledger_page, own
from iok.settlements import pdf
from iok.settlements.models import Settlement
from iok.settlements.presentation import meaning, readable

PAGE = "settlements:portal_list"


def _get_settlement(reader: Reader, ledger_pk, pk) -> Settlement:
    ledger = get_ledger(reader, ledger_pk)
    return get_object_or_404(
        Settlement.objects.for_ledger(ledger).select_related("entry", "contract__premises"), pk=pk
    )


@login_required
def portal_list(request, ledger_pk):
    reader = own(request)
    ledger = get_ledger(reader, ledger_pk)
    settlements = Settlement.objects.for_ledger(ledger).select_related("entry")
    return ledger_page(
        request, reader, "portal/settlements/list.html", ledger, PAGE, settlements=settlements
    )


@login_required
def portal_detail(request, ledger_pk, pk):
    reader = own(request)
    settlement = _get_settlement(reader, ledger_pk, pk)
    return ledger_page(
        request,
        reader,
        "portal/settlements/detail.html",
        settlement.contract.ledger,
        PAGE,
        settlement=settlement,
        calc=readable(settlement.document),
        meaning=meaning(settlement.amount),
    )


@login_required
def portal_pdf(request, ledger_pk, pk):
    settlement = _get_settlement(own(request), ledger_pk, pk)
    name = f"rozliczenie-{settlement.first:%Y%m%d}-{settlement.last:%Y%m%d}.pdf"
    return download(pdf.settlement_pdf(settlement), "application/pdf", name, inline=True)

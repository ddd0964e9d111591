"""The office home page (what needs doing) and the ledgers in arrears."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from iok import clock
from iok.access.roles import requires
from iok.office.dashboard import arrears_threshold, in_arrears, tasks

ARREARS_PER_PAGE = 100


@requires()
def home(request):
    """Each item the person may see, with its count and a link; 404 for
    anyone who may see none (tenants)."""
    found = tasks(request.user, clock.today())
    if not found:
        raise Http404
    return render(request, "office/home.html", {"tasks": found, "section": "home"})


@requires("ledger.view_ledger")
def arrears(request):
    """Ledgers whose overdue amount is above the threshold, largest first."""
    ledgers = (
        in_arrears(clock.today())
        .select_related("contract__premises__building")
        .order_by("-overdue", "pk")
    )
    page = Paginator(ledgers, ARREARS_PER_PAGE).get_page(request.GET.get("strona"))
    context = {"page": page, "threshold": arrears_threshold(), "section": "arrears"}
    return render(request, "office/arrears.html", context)

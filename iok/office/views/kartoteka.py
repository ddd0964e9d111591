"""Staff read a tenant's kartoteka exactly as the tenant sees it, without
logging in as them: the portal's own page functions build and render each
page with a `Reader` of the tenant's ledgers (the contract's main party),
whose links lead to these read-only office pages. Their URL names all begin
with `office:tenant_kartoteka`, by which the audit recognises reads of a
ledger."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _

from iok.access.roles import requires
from iok.ledger.models import Ledger
from iok.portal.views.contract import contract_page
from iok.portal.views.kartoteka import days_page, entry_page, months_page, years_page
from iok.portal.views.panel import panel_page
from iok.portal.views.shell import Reader

# portal page: (route under biuro/, office URL name, the portal's page function)
PAGES = {
    "panel": ("kartoteki/<int:ledger_pk>/", "tenant_kartoteka", panel_page),
    "kartoteka": ("kartoteki/<int:ledger_pk>/operacje/", "tenant_kartoteka_entries", days_page),
    "entry": (
        "kartoteki/<int:ledger_pk>/operacje/<int:pk>/",
        "tenant_kartoteka_entry",
        entry_page,
    ),
    "kartoteka_months": (
        "kartoteki/<int:ledger_pk>/miesiace/",
        "tenant_kartoteka_months",
        months_page,
    ),
    "kartoteka_years": (
        "kartoteki/<int:ledger_pk>/lata/",
        "tenant_kartoteka_years",
        years_page,
    ),
    "contract": (
        "kartoteki/<int:ledger_pk>/lokal-i-umowa/",
        "tenant_kartoteka_contract",
        contract_page,
    ),
}
# Where the pages' links lead in the staff view: to these pages, and home to the office's.
LINKS = {"home": "office:home"} | {
    page: f"office:{name}" for page, (_route, name, _page) in PAGES.items()
}


def reader_of(tenant) -> Reader:
    """The tenant's ledgers, read by staff through these pages."""
    ledgers = Ledger.objects.for_contractor(tenant.pk).select_related(
        "contract__premises__building"
    )
    return Reader(ledgers=ledgers, tenant=tenant, links=LINKS, staff=True)


@requires("ledger.view_ledger")
def tenant_page(request, ledger_pk, page, **kwargs):
    """One portal page of the ledger, as its main tenant sees it, read only."""
    ledger = get_object_or_404(Ledger.objects.select_related("contract"), pk=ledger_pk)
    tenant = ledger.contract.main_tenant
    if tenant is None:
        raise Http404
    messages.info(
        request,
        _(
            "Staff view, read only: the kartoteka of %(tenant)s (contract %(contract)s)"
            " as the tenant sees it."
        )
        % {"tenant": tenant.name, "contract": ledger.contract.number},
    )
    return PAGES[page][2](request, reader_of(tenant), ledger_pk, **kwargs)


def urlpatterns_under_biuro():
    """The office's routes of these pages (included under biuro/)."""
    return [
        path(route, tenant_page, {"page": page}, name=name)
        for page, (route, name, _page) in PAGES.items()
    ]

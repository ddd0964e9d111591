"""Staff read a tenant's kartoteka exactly as the tenant sees it, without
logging in as them: the portal's own views build and render each page for the
tenant whose ledger it is (the contract's main party), and while they render
the portal's links lead to these read-only office pages instead
(`iok/office/staff_portal_urls.py`). Their URL names all begin with
`office:tenant_kartoteka`, by which the audit recognises reads of a ledger."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import get_urlconf, path, set_urlconf
from django.utils.translation import gettext as _

from iok.access.roles import requires
from iok.ledger.models import Ledger
from iok.portal import views as portal

STAFF_URLCONF = "iok.office.staff_portal_urls"
# portal URL name: (route under biuro/, office URL name, the portal's view)
PAGES = {
    "panel": ("kartoteki/<int:ledger_pk>/", "tenant_kartoteka", portal.panel),
    "kartoteka": (
        "kartoteki/<int:ledger_pk>/operacje/",
        "tenant_kartoteka_entries",
        portal.kartoteka,
    ),
    "entry": (
        "kartoteki/<int:ledger_pk>/operacje/<int:pk>/",
        "tenant_kartoteka_entry",
        portal.entry,
    ),
    "kartoteka_months": (
        "kartoteki/<int:ledger_pk>/miesiace/",
        "tenant_kartoteka_months",
        portal.kartoteka_months,
    ),
    "kartoteka_years": (
        "kartoteki/<int:ledger_pk>/lata/",
        "tenant_kartoteka_years",
        portal.kartoteka_years,
    ),
    "contract": (
        "kartoteki/<int:ledger_pk>/lokal-i-umowa/",
        "tenant_kartoteka_contract",
        portal.contract,
    ),
}


@requires("ledger.view_ledger")
def tenant_page(request, ledger_pk, page, **kwargs):
    """One portal page of the ledger, as its main tenant sees it, read only."""
    ledger = get_object_or_404(Ledger.objects.select_related("contract"), pk=ledger_pk)
    tenant = ledger.contract.main_tenant
    if tenant is None:
        raise Http404
    request.kartoteka_of = tenant  # whose portal the portal's views build
    messages.info(
        request,
        _(
            "Staff view, read only: the kartoteka of %(tenant)s (contract %(contract)s)"
            " as the tenant sees it."
        )
        % {"tenant": tenant.name, "contract": ledger.contract.number},
    )
    previous = get_urlconf()
    set_urlconf(STAFF_URLCONF)  # the portal's links lead to these pages while it renders
    try:
        return PAGES[page][2](request, ledger_pk, **kwargs)
    finally:
        set_urlconf(previous)


def urlpatterns_under_biuro():
    """The office's routes of these pages (included under biuro/)."""
    return [
        path(route, tenant_page, {"page": page}, name=name)
        for page, (route, name, _view) in PAGES.items()
    ]

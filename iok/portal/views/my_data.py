"""The tenant's own personal data (art. 15 RODO) under /konto/moje-dane/: the
page, and the same export to download as JSON or PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from iok.downloads import download
from iok.privacy.export import as_json, file_name, personal_data
from iok.privacy.pdf import export_pdf
from iok.registry.models import Contractor


def _own_contractor(request) -> Contractor:
    """The contractor of a tenant's login; 404 for a login that has none."""
    account = getattr(request.user, "account", None)
    if account is None or account.contractor is None:
        raise Http404
    return account.contractor


@never_cache
@login_required
def my_data(request):
    contractor = _own_contractor(request)
    context = {
        "data": personal_data(contractor),
        "json_url": reverse("privacy:my_data_json"),
        "pdf_url": reverse("privacy:my_data_pdf"),
    }
    return render(request, "portal/my_data/my_data.html", context)


@never_cache
@login_required
def my_data_json(request):
    contractor = _own_contractor(request)
    body = as_json(personal_data(contractor))
    return download(body, "application/json", file_name(contractor, "json"))


@never_cache
@login_required
def my_data_pdf(request):
    contractor = _own_contractor(request)
    body = export_pdf(personal_data(contractor))
    return download(body, "application/pdf", file_name(contractor, "pdf"))

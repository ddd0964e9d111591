"""The RODO export as pages: a tenant's own data under /konto/moje-dane/
(the office's export of any contractor: iok/office/views/privacy.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from iok import clock
from iok.privacy.export import as_json, personal_data
from iok.privacy.pdf import export_pdf
from iok.registry.models import Contractor


def _own_contractor(request) -> Contractor:
    """The contractor of a tenant's login; 404 for a login that has none."""
    account = getattr(request.user, "account", None)
    if account is None or account.contractor is None:
        raise Http404
    return account.contractor


def _download(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(contractor: Contractor, extension: str) -> str:
    return f"iok-dane-osobowe-{contractor.pk}-{clock.today():%Y-%m-%d}.{extension}"


@never_cache
@login_required
def my_data(request):
    contractor = _own_contractor(request)
    context = {
        "data": personal_data(contractor),
        "json_url": reverse("privacy:my_data_json"),
        "pdf_url": reverse("privacy:my_data_pdf"),
    }
    return render(request, "privacy/my_data.html", context)


@never_cache
@login_required
def my_data_json(request):
    contractor = _own_contractor(request)
    body = as_json(personal_data(contractor))
    return _download(body, "application/json", _file_name(contractor, "json"))


@never_cache
@login_required
def my_data_pdf(request):
    contractor = _own_contractor(request)
    body = export_pdf(personal_data(contractor))
    return _download(body, "application/pdf", _file_name(contractor, "pdf"))

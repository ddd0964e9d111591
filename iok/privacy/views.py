"""The RODO export of any contractor for staff and City Hall, who produce it
on the person's request (the audit records that they read it); a tenant's
own is a portal page (iok/portal/views/my_data.py)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from iok.access.roles import requires
from iok.privacy.export import as_json, file_name, personal_data
from iok.privacy.pdf import export_pdf
from iok.registry.models import Contractor


def _download(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@requires("registry.view_contractor")
def contractor_data(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    context = {
        "data": personal_data(contractor),
        "contractor": contractor,
        "json_url": reverse("privacy:office_contractor_data_json", args=[pk]),
        "pdf_url": reverse("privacy:office_contractor_data_pdf", args=[pk]),
    }
    return render(request, "privacy/contractor_data.html", context)


@never_cache
@requires("registry.view_contractor")
def contractor_data_json(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    body = as_json(personal_data(contractor))
    return _download(body, "application/json", file_name(contractor, "json"))


@never_cache
@requires("registry.view_contractor")
def contractor_data_pdf(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    body = export_pdf(personal_data(contractor))
    return _download(body, "application/pdf", file_name(contractor, "pdf"))

"""A contractor's personal data (the RODO export, iok/privacy/export.py)
for staff and City Hall, who produce it on the person's request: the audit
records that they read it."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from iok.access.roles import requires
from iok.downloads import download
from iok.privacy.export import as_json, file_name, personal_data
from iok.privacy.pdf import export_pdf
from iok.registry.models import Contractor


@never_cache
@requires("registry.view_contractor")
def contractor_data(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    context = {
        "data": personal_data(contractor),
        "contractor": contractor,
        "json_url": reverse("office:privacy:contractor_data_json", args=[pk]),
        "pdf_url": reverse("office:privacy:contractor_data_pdf", args=[pk]),
    }
    return render(request, "office/privacy/contractor_data.html", context)


@never_cache
@requires("registry.view_contractor")
def contractor_data_json(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    body = as_json(personal_data(contractor))
    return download(body, "application/json", file_name(contractor, "json"))


@never_cache
@requires("registry.view_contractor")
def contractor_data_pdf(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    body = export_pdf(personal_data(contractor))
    return download(body, "application/pdf", file_name(contractor, "pdf"))

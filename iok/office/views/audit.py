"""The audit log's search page, for staff and City Hall."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from iok.access.roles import requires
from iok.audit import reads, recording
from iok.audit.search import SearchForm, find_contractors, search

PER_PAGE = 50


@never_cache
@requires("audit.view_auditevent")
def events(request):
    form = SearchForm(request.GET or None)
    found = search(form.cleaned_data) if form.is_valid() else search({})
    if form.is_bound and not form.is_valid():
        found = found.none()
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("strona"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "strona" and v])
    context = {"form": form, "page": page, "query": query, "section": "audit"}
    response = render(request, "office/audit/events.html", context)
    if form.is_valid() and form.cleaned_data.get("contractor"):
        _record_contractors_read(request, form.cleaned_data["contractor"])
    return response


def _record_contractors_read(request, text: str) -> None:
    """A search by PESEL, NIP or name shows what was done to those people
    and echoes the number typed: a read of each contractor it found (the
    middleware records the read of the log itself)."""
    from iok.registry.models import Contractor

    if not reads.is_reader(request.user):
        return
    for contractor in Contractor.objects.filter(pk__in=find_contractors(text)).order_by("pk"):
        recording.record_read(Contractor, contractor)

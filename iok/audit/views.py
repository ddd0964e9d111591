"""The audit log's search page, for staff and City Hall."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from iok.access.roles import requires
from iok.audit.search import SearchForm, search

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
    return render(request, "audit/events.html", context)

"""The accessibility statement, open to everyone."""

from django.shortcuts import render
from django.urls import reverse

from iok.portal.statement import statement_facts


def accessibility(request):
    site_url = request.build_absolute_uri(reverse("portal:home"))
    return render(
        request, "portal/accessibility.html", {"facts": statement_facts(), "site_url": site_url}
    )

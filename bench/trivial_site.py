"""IOK's site as production serves it, plus `/bench/trivial`: a view that
reads nothing and renders nothing, behind the same middleware, for
bench/portal.py to compare the tenant's pages with. Never part of IOK's own
URLconf; gunicorn loads it from bench/ only when the benchmark runs."""

import os

from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iok.settings")

from django.conf import settings

from iok.wsgi import application  # noqa: F401 - production's own startup checks

settings.ROOT_URLCONF = "trivial_site"


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def _site_patterns():
    from iok import urls

    return urls.urlpatterns


urlpatterns = [path("bench/trivial", trivial), *_site_patterns()]
handler400, handler403, handler404, handler500 = (
    "iok.access.views.errors.bad_request",
    "iok.access.views.errors.permission_denied",
    "iok.access.views.errors.page_not_found",
    "iok.access.views.errors.server_error",
)

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from iok import health
from iok.access import urls as access
from iok.api import api
from iok.portal import urls as portal

admin.site.site_header = "IOK"
admin.site.site_title = "IOK"

# IOK's own error pages, in the user's language (iok/access/views/errors.py).
handler400 = "iok.access.views.errors.bad_request"
handler403 = "iok.access.views.errors.permission_denied"
handler404 = "iok.access.views.errors.page_not_found"
handler500 = "iok.access.views.errors.server_error"

urlpatterns = [
    path("", include("iok.portal.urls")),
    path("konto/", include("iok.access.urls")),
    path("konto/", include((access.two_step_urlpatterns, "security"))),
    path("biuro/", include("iok.office.urls")),
    # The office's pages of access requests and logins were under /konto/obsluga/
    # until they moved to /biuro/: old bookmarks still lead there, for one release.
    path(
        "konto/obsluga/<path:rest>",
        RedirectView.as_view(url="/biuro/%(rest)s", query_string=True),
        name="moved_to_office",
    ),
    # The tenant's readings, settlements and own data keep the names they
    # have always had: the portal declares them, mounted in those namespaces.
    path("", include((portal.meters, "meters"))),
    path("", include((portal.settlements, "settlements"))),
    path("", include((portal.privacy, "privacy"))),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls()),  # the integration API, by token only (docs/api.md)
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

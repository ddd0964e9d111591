from django.contrib import admin
from django.urls import include, path

from iok.access import urls as access
from iok.meters import urls as meters
from iok.portal import urls as portal
from iok.privacy import urls as privacy
from iok.settlements import urls as settlements

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
    # A namespace is one include, so each of these holds the tenant's pages the
    # portal declares and the staff pages their app still spells out under
    # /biuro/ (they move to the office's URLconf).
    path("", include((portal.meters + meters.urlpatterns, "meters"))),
    path("", include((portal.settlements + settlements.urlpatterns, "settlements"))),
    path("", include("iok.audit.urls")),
    path("", include((portal.privacy + privacy.urlpatterns, "privacy"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

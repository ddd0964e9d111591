"""The site's URLs as the office's view of a tenant's kartoteka reverses them:
the portal's names lead to the office's read-only pages under
biuro/kartoteki/, every other name where it always leads. Used only for
reversing links while such a page renders (`kartoteka_views.tenant_page`)."""

from django.urls import include, path

from iok import urls as site
from iok.office.kartoteka_views import PAGES, tenant_page
from iok.office.views import home as home_views
from iok.portal import views as portal

portal_as_staff = [
    path(f"biuro/{route}", tenant_page, {"page": page}, name=page)
    for page, (route, _name, _view) in PAGES.items()
]
portal_as_staff += [
    path("biuro/", home_views.home, name="home"),
    path("deklaracja-dostepnosci/", portal.accessibility, name="accessibility"),
]

urlpatterns = [
    path("", include((portal_as_staff, "portal"))),
    *(pattern for pattern in site.urlpatterns if getattr(pattern, "namespace", None) != "portal"),
]

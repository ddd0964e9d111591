from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "IOK"
admin.site.site_title = "IOK"

urlpatterns = [
    path("", include("iok.portal.urls")),
    path("konto/", include("iok.access.urls")),
    path("biuro/", include("iok.office.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

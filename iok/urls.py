from django.contrib import admin
from django.urls import path

admin.site.site_header = "IOK"
admin.site.site_title = "IOK"

urlpatterns = [
    path("admin/", admin.site.urls),
]

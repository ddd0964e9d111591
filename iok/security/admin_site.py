"""The admin site: no login form of its own (that would be a way around the
second step), and nobody in without a verified second step."""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect


class AdminSite(admin.AdminSite):
    site_header = "IOK"
    site_title = "IOK"

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        """/admin/login/ is IOK's own login page, whose second step the
        middleware asks for; a login the admin does not let in gets 404."""
        from iok.access.urls import login

        if not request.user.is_authenticated:
            return login(request)
        if self.has_permission(request):
            return redirect("admin:index")
        raise Http404

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, whose login is IOK's login with its second step."""

    default_site = "iok.security.admin_site.AdminSite"

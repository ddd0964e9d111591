from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "iok.access"
    verbose_name = _("Access")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from iok.access import checks  # noqa: F401 - registers the system checks
        from iok.access.middleware import remember_login_time

        user_logged_in.connect(remember_login_time, dispatch_uid="iok.access.login_time")

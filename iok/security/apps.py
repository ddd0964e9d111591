from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "iok.security"
    verbose_name = _("Security")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from iok import proxy  # noqa: F401 - registers the deployment checks
        from iok.security.twofactor import forget_step

        user_logged_in.connect(forget_step, dispatch_uid="iok.security.forget_step")

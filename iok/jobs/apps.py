from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "iok.jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from iok.jobs import checks  # noqa: F401 - registers the system checks

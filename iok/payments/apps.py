from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "iok.payments"
    verbose_name = _("Payments")

    def ready(self):
        from iok.payments import checks  # noqa: F401 - registers the system checks

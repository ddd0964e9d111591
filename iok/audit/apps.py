from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "iok.audit"
    verbose_name = _("Audit")

    def ready(self):
        # Every app's models are loaded by now: connect the audit to each.
        from iok.audit import signals

        signals.connect()

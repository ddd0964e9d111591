from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestConfig(AppConfig):
    name = "iok.interest"
    verbose_name = _("Interest for delay")

"""Logins: who a user is in the registry and what the login still has to do."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iok.registry.models import Contractor


class Account(models.Model):
    """What IOK knows about a login beyond Django's user: the contractor a
    tenant's login belongs to, and the steps left before the portal opens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="account", verbose_name=_("user")
    )
    contractor = models.ForeignKey(
        Contractor,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("contractor"),
    )
    must_change_password = models.BooleanField(_("must change password"), default=True)
    one_time_password_expires = models.DateTimeField(
        _("one-time password expires"), null=True, blank=True
    )
    terms_accepted = models.DateTimeField(_("terms of use accepted"), null=True, blank=True)
    email_confirmed = models.BooleanField(_("e-mail address confirmed"), default=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.user.get_username()

    @property
    def is_tenant(self) -> bool:
        return self.contractor_id is not None

    def one_time_password_expired(self) -> bool:
        return (
            self.must_change_password
            and self.one_time_password_expires is not None
            and self.one_time_password_expires < timezone.now()
        )

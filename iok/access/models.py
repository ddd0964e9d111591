"""Logins (who a user is in the registry and what the login still has to do)
and the applications for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from iok import clock
from iok.access.roles import is_protected, protected_q
from iok.access.validators import validate_pesel, validate_phone
from iok.registry.models import Contractor


class AccountQuerySet(models.QuerySet):
    def tenants(self):
        """Tenants' logins: with a contractor, and not a login of the office,
        City Hall or the administrator (see Account.clean)."""
        return self.filter(contractor__isnull=False).exclude(protected_q("user__"))


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

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.user.get_username()

    def clean(self):
        """A contractor belongs to a tenant's login only: a login of the
        office, City Hall or the administrator linked to one would open the
        tenants' pages of the office (new one-time password, letter) on it."""
        linked = self.contractor_id is not None and self.user_id is not None
        if linked and is_protected(self.user):
            message = _(
                "Login %(login)s belongs to the office, City Hall or the "
                "administrator: only a tenant's login has a contractor."
            )
            raise ValidationError({"contractor": message % {"login": self.user.get_username()}})

    @classmethod
    def for_user(cls, user) -> "Account":
        """The account of `user`. A login made outside IOK (createsuperuser)
        has none; it gets one with nothing left to do."""
        account, _created = cls.objects.get_or_create(
            user=user, defaults={"must_change_password": False}
        )
        return account

    @property
    def is_tenant(self) -> bool:
        return self.contractor_id is not None

    def one_time_password_expired(self) -> bool:
        return (
            self.must_change_password
            and self.one_time_password_expires is not None
            and self.one_time_password_expires < clock.now()
        )


class AccessRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AccessRequest.Status.PENDING)

    def for_the_same_contract(self, application: "AccessRequest") -> list["AccessRequest"]:
        """The others of these requests with the same PESEL and contract
        number as `application`, whatever name they give."""
        found = self.filter(pesel=application.pesel).exclude(pk=application.pk)
        return [r for r in found if r.identity()[:2] == application.identity()[:2]]

    def same_as(self, application: "AccessRequest") -> "AccessRequest | None":
        """The first of these requests that is `application` again."""
        found = self.filter(pesel=application.pesel).exclude(pk=application.pk)
        return next((r for r in found if r.is_same_application(application)), None)


class AccessRequest(models.Model):
    """A tenant's application for a portal login (wniosek o dostęp), sent
    online or typed in from the paper form; staff approve or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    first_name = models.CharField(_("first name"), max_length=60)
    last_name = models.CharField(_("last name"), max_length=80)
    pesel = models.CharField("PESEL", max_length=11, validators=[validate_pesel])
    premises_address = models.CharField(_("premises address"), max_length=200)
    contract_number = models.CharField(_("contract number"), max_length=30)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, validators=[validate_phone]
    )
    consents_to_electronic_correspondence = models.BooleanField(
        _("consents to electronic correspondence")
    )
    submitted = models.DateTimeField(_("submitted"), default=clock.now)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("login created"),
    )

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["submitted", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="access_request_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(user__isnull=False),
                name="access_request_approval_has_login",
            ),
            # One pending request per person, contract and name: two posts of
            # the same application at once cannot both wait. (UPPER is
            # Unicode on PostgreSQL, ASCII on SQLite, where writes queue
            # anyway; submit() compares the identity in Python first.)
            models.UniqueConstraint(
                "pesel",
                Upper("contract_number"),
                Upper("first_name"),
                Upper("last_name"),
                condition=Q(status="pending"),
                name="access_request_pending_once",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.submitted:%d.%m.%Y})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def identity(self) -> tuple[str, ...]:
        """Who applies for what: PESEL, contract number and name, with case
        and surrounding spaces aside ("WIŚNIEWSKA" is "Wiśniewska")."""
        fields = (self.pesel, self.contract_number, self.first_name, self.last_name)
        return tuple(value.strip().casefold() for value in fields)

    def is_same_application(self, other: "AccessRequest") -> bool:
        return self.identity() == other.identity()


class ThrottleCount(models.Model):
    """How many times an action (an access application, a password reset)
    was asked for by one key (an address, a PESEL, an e-mail address) in a
    fixed window of time starting at `window_start`; see iok/access/throttle.py.
    Kept in the database, not a per-process cache, so every worker counts
    together. The key is a keyed hash: no PESEL or address is stored here."""

    action = models.CharField(_("throttled form and key"), max_length=40)
    key = models.CharField(_("hashed key"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("requests in the window"), default=0)

    class Meta:
        verbose_name = _("form request count")
        verbose_name_plural = _("form request counts")
        # Nobody works on these rows: no admin, no permissions to give a group.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["action", "key", "window_start"], name="throttle_count_once_a_window"
            )
        ]
        indexes = [models.Index(fields=["action", "window_start"], name="throttle_count_old")]

    def __str__(self):
        return f"{self.action} {self.window_start:%d.%m.%Y %H:%M}: {self.count}"

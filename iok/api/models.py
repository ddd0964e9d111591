"""API tokens of the systems IOK talks to, and the remembered results of
their writes (idempotency).

A token is shown once, when it is made; IOK keeps its first characters, to
find it, and the SHA-256 digest of the whole, to check it. A token is 32
random bytes: nobody can guess one from its digest, so the slow hashes that
protect passwords (Argon2) would only slow every call down (iok/api/tokens.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from iok import clock
from iok.api.scopes import Scope


class ApiToken(models.Model):
    system = models.CharField(
        _("system"),
        max_length=60,
        help_text=_("The system that calls with this token, as the audit log names it."),
    )
    token_prefix = models.CharField(_("token's first characters"), max_length=16, unique=True)
    token_hash = models.CharField(_("SHA-256 of the token"), max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created = models.DateTimeField(_("made"), default=clock.now, editable=False)
    created_by = models.CharField(_("created by"), max_length=150, blank=True, editable=False)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["system", "-created"]

    def __str__(self):
        return f"{self.system} ({self.token_prefix}…)"

    def is_valid(self, moment=None) -> bool:
        moment = moment or clock.now()
        return self.revoked is None and (self.expires is None or self.expires > moment)

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def scope_labels(self) -> list[str]:
        return [str(Scope(scope).label) for scope in self.scopes if scope in Scope.values]


class IdempotentResult(models.Model):
    """The answer to the first write that came with this token and key:
    a repeat with the same request gets it again, a repeat with another
    request is refused (409). Written in the write's own transaction, so a
    write that failed leaves no result behind (iok/api/idempotency.py)."""

    token = models.ForeignKey(ApiToken, models.CASCADE, related_name="+")
    key = models.CharField(_("Idempotency-Key"), max_length=200)
    request_digest = models.CharField(_("SHA-256 of the request"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"), default=0)
    body = models.JSONField(_("response body"), null=True)
    created = models.DateTimeField(_("made"), default=clock.now)

    class Meta:
        verbose_name = _("remembered API write")
        verbose_name_plural = _("remembered API writes")
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_once"),
        ]

    def __str__(self):
        return f"{self.key} → {self.status}"


class PaymentFeedItem(models.Model):
    """A booked payment's place in the payments feed. The id is the cursor:
    places are handed out in one transaction at a time, in the order the
    payments became visible, so a cursor never passes a payment that is
    still to appear (iok/api/feed.py)."""

    entry = models.OneToOneField(
        "ledger.Entry", models.PROTECT, related_name="api_feed_item", verbose_name=_("payment")
    )

    class Meta:
        verbose_name = _("payment in the feed")
        verbose_name_plural = _("payments in the feed")
        ordering = ["id"]

    def __str__(self):
        return f"{self.pk}: {self.entry_id}"

"""Refunds of an overpayment (zwroty nadpłaty) and the bank files that pay them.

A refund order moves through ordered → sent (written into a batch file for
the bank) → booked (its debit seen on a statement, the REFUND entry posted),
or is cancelled before it is booked. Its `reference` goes into the
transfer's title, so the statement's debit line finds it."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iok import clock
from iok.ledger.models import Entry, Ledger
from iok.ledger.money import MoneyField
from iok.ledger.nrb import format_nrb

# No 0/O, 1/I: a reference read back from a bank's title is never ambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "ZW"
REFERENCE_LENGTH = 10  # the prefix and 8 random characters: 32**8 ≈ 10**12


def new_reference() -> str:
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH - 2))
    return REFERENCE_PREFIX + tail


class RefundBatch(models.Model):
    """One payment order file written for the bank: its refunds went out in it."""

    class Format(models.TextChoices):
        ELIXIR = "elixir", _("Elixir-O (PLI text file)")
        PAIN001 = "pain001", _("ISO 20022 pain.001 (XML)")

    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    file_name = models.CharField(_("file"), max_length=80)
    content = models.BinaryField(_("content"))
    execution_date = models.DateField(_("execution date"))
    count = models.PositiveIntegerField(_("transfers"))
    total = MoneyField(_("total"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), default=clock.now)

    class Meta:
        verbose_name = _("refund batch file")
        verbose_name_plural = _("refund batch files")
        ordering = ["-id"]

    def __str__(self):
        return self.file_name


class RefundOrderQuerySet(models.QuerySet):
    def open(self):
        """Orders that may still take money from the ledger: ordered or sent."""
        return self.filter(state__in=[RefundOrder.State.ORDERED, RefundOrder.State.SENT])


class RefundOrder(models.Model):
    class State(models.TextChoices):
        ORDERED = "ordered", _("ordered")
        SENT = "sent", _("sent to the bank")
        BOOKED = "booked", _("paid and booked")
        CANCELLED = "cancelled", _("cancelled")

    ledger = models.ForeignKey(
        Ledger, models.PROTECT, related_name="refund_orders", verbose_name=_("ledger")
    )
    amount = MoneyField(_("amount"))
    account = models.CharField(_("recipient's account (NRB)"), max_length=26)
    recipient_name = models.CharField(_("recipient"), max_length=70)
    reason = models.CharField(_("reason"), max_length=200)
    reference = models.CharField(
        _("reference"), max_length=REFERENCE_LENGTH, unique=True, default=new_reference
    )
    state = models.CharField(_("state"), max_length=9, choices=State.choices, default="ordered")
    batch = models.ForeignKey(
        RefundBatch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("batch file"),
    )
    entry = models.OneToOneField(
        Entry,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="refund_order",
        verbose_name=_("refund entry"),
    )
    # The statement line whose debit paid it (its unique key, as the import writes it).
    line_key = models.CharField(_("statement line"), max_length=80, blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("ordered by")
    )
    ordered_at = models.DateTimeField(_("ordered at"), default=clock.now)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RefundOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("refund order")
        verbose_name_plural = _("refund orders")
        ordering = ["-ordered_at", "-id"]
        permissions = [("transfer_credit", "Can transfer credit between ledgers")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_positive"),
            models.CheckConstraint(
                condition=Q(state="booked", entry__isnull=False)
                | (~Q(state="booked") & Q(entry__isnull=True)),
                name="refund_booked_with_entry",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.amount} → {format_nrb(self.account)}"

    @property
    def title(self) -> str:
        """The transfer's title, as the recipient's bank shows it: the
        reference first, so a cut title still carries it."""
        return f"{self.reference} ZWROT NADPLATY {self.ledger.contract.number}"

    @property
    def can_cancel(self) -> bool:
        return self.state in (self.State.ORDERED, self.State.SENT)

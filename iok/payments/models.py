"""Imported bank statements and their lines, staged before anything is booked."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from iok.ledger.models import Entry, Ledger
from iok.ledger.money import MoneyField


class StatementQuerySet(models.QuerySet):
    def with_outcomes(self):
        """Each statement with how many of its lines became what, and their
        totals: one query, grouped by statement."""
        Status = StatementLine.Status

        def of(*statuses):
            return Q(lines__status__in=statuses)

        return self.annotate(
            booked=Count("lines", filter=of(Status.BOOKED)),
            booked_total=Sum("lines__amount", filter=of(Status.BOOKED)),
            queued=Count("lines", filter=of(Status.UNMATCHED, Status.REVERSAL_WAITING)),
            queued_total=Sum("lines__amount", filter=of(Status.UNMATCHED, Status.REVERSAL_WAITING)),
            set_aside=Count("lines", filter=of(Status.NOT_OURS, Status.TO_RETURN)),
            set_aside_total=Sum("lines__amount", filter=of(Status.NOT_OURS, Status.TO_RETURN)),
            debits=Count("lines", filter=of(Status.DEBIT, Status.DEBIT_REVERSAL)),
            debits_total=Sum("lines__amount", filter=of(Status.DEBIT, Status.DEBIT_REVERSAL)),
            reversals=Count("lines", filter=of(Status.REVERSAL_BOOKED)),
            reversals_total=Sum("lines__amount", filter=of(Status.REVERSAL_BOOKED)),
        )


class Statement(models.Model):
    """One statement of one file: a file may hold several (mBank puts eight in one)."""

    account = models.CharField(_("account"), max_length=34)
    number = models.CharField(_("statement number"), max_length=40)
    currency = models.CharField(_("currency"), max_length=3)
    date = models.DateField(_("date"))
    opening_balance = MoneyField(_("opening balance"), null=True, blank=True)
    closing_balance = MoneyField(_("closing balance"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=12)
    source = models.CharField(_("file"), max_length=255)
    imported = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The office upload it came in (none for `iok import-statement`).
    upload = models.ForeignKey(
        "Upload", models.PROTECT, null=True, blank=True, related_name="statements"
    )
    lines_known = models.PositiveIntegerField(_("lines imported before"), default=0)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.account} {self.number} ({self.date:%d.%m.%Y})"


class StatementLine(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        UNMATCHED = "unmatched", _("waiting for a ledger")
        NOT_OURS = "not_ours", _("not ours")
        TO_RETURN = "to_return", _("to be returned")
        DEBIT = "debit", _("debit, fee or return: not a tenant's payment")
        # Reversals (storno). The values fit the column's 10 characters: a
        # wider column would rebuild the table on SQLite and drop its triggers.
        REVERSAL_BOOKED = "rev_booked", _("reversal booked on the reversed payment")
        REVERSAL_WAITING = "rev_wait", _("reversal waiting for its payment")
        DEBIT_REVERSAL = (
            "rev_debit",
            _("reversal of a debit (a fee given back): not a tenant's payment"),
        )

    # Lines a clerk may still decide: everything else is decided for good
    # (the database's triggers, migration 0007, hold the same list).
    WAITING = (Status.UNMATCHED, Status.REVERSAL_WAITING)

    class Match(models.TextChoices):
        VIRTUAL_ACCOUNT = "virtual_account", _("credited virtual account")
        TITLE_ACCOUNT = "title_account", _("virtual account number in the title")
        TITLE_CONTRACT = "title_contract", _("contract number in the title")
        PAYER_ACCOUNT = "payer_account", _("payer's account seen before")
        MANUAL = "manual", _("assigned by staff")
        # One transfer split by staff into the ledgers of a list (AllowanceSplit).
        ALLOWANCE_LIST = "allowance_list", _("split by a housing allowance list")
        # How a reversal found the payment it takes back.
        REVERSED_REFERENCE = "rev_reference", _("the reversed payment's bank reference")
        REVERSED_PAYER = "rev_payer", _("the reversed payment's amount and payer")

    statement = models.ForeignKey(Statement, models.PROTECT, related_name="lines")
    # Unique across all imports: the same transaction read again, from the same
    # file or from an overlapping one (MT942, then MT940), is found, not booked.
    key = models.CharField(_("unique key"), max_length=80, unique=True)
    line_number = models.PositiveIntegerField(_("line"))
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"))
    amount = MoneyField(_("amount"))
    credit = models.BooleanField(_("credit"))
    counterparty_name = models.CharField(_("counterparty"), max_length=200, blank=True)
    counterparty_address = models.CharField(_("address"), max_length=200, blank=True)
    # The party the payer pays for (camt `UltmtDbtr`): the tenant whose
    # allowance the city's welfare office transfers. NULL on lines imported
    # before it was read, "" where the file names none. Nullable because on
    # SQLite a NOT NULL column rebuilds the table, which drops the triggers
    # of migration 0006.
    ultimate_debtor = models.CharField(  # noqa: DJ001
        _("ultimate debtor"), max_length=200, null=True, blank=True
    )
    counterparty_account = models.CharField(_("counterparty account"), max_length=34, blank=True)
    account_problem = models.CharField(_("account number problem"), max_length=200, blank=True)
    title = models.TextField(_("title"), blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=80, blank=True)
    virtual_account = models.CharField(_("credited account"), max_length=34, blank=True)
    virtual_account_problem = models.CharField(
        _("credited account number problem"), max_length=200, blank=True
    )
    transaction_code = models.CharField(_("transaction code"), max_length=10, blank=True)
    raw = models.TextField(_("as read"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    match = models.CharField(_("matched by"), max_length=16, choices=Match.choices, blank=True)
    ledger = models.ForeignKey(Ledger, models.PROTECT, null=True, blank=True, related_name="+")
    entry = models.OneToOneField(
        Entry, models.PROTECT, null=True, blank=True, related_name="statement_line"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["statement", "line_number"]
        indexes = [
            models.Index(fields=["status"]),
            # Matching by the payer reads only this index: which ledgers an
            # account's booked payments went to.
            models.Index(
                fields=["counterparty_account", "status", "ledger"], name="payments_line_payer"
            ),
        ]

    def __str__(self):
        return f"{self.booking_date:%d.%m.%Y} {self.amount} {self.counterparty_name}"


class Upload(models.Model):
    """A statement file uploaded by staff: kept between the preview and the
    confirmation, and afterwards as the record of what was imported."""

    name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(_("content"))
    # The same content uploaded again is known by it, whatever its name.
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True, db_index=True)
    format = models.CharField(_("format"), max_length=12, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded statement file")
        verbose_name_plural = _("uploaded statement files")

    def __str__(self):
        return self.name

    @classmethod
    def receive(cls, name: str, data: bytes, format: str, user) -> "Upload":
        return cls.objects.create(
            name=name[:255],
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
            format=format,
            uploaded_by=user,
        )


class AllowanceSplit(models.Model):
    """One row of a housing allowance list: the welfare office's transfer
    (a statement line) split into the ledgers the list names, one allowance
    entry each. The line's own `entry` holds one entry, so the rows of the
    split are kept here; written once, with the entries, by
    iok/payments/allowance.py."""

    line = models.ForeignKey(
        StatementLine, models.PROTECT, related_name="allowance_rows", verbose_name=_("payment")
    )
    row = models.PositiveIntegerField(_("row of the list"))
    entry = models.OneToOneField(
        Entry, models.PROTECT, related_name="allowance_row", verbose_name=_("entry")
    )
    tenant_name = models.CharField(_("tenant named in the list"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("housing allowance list row")
        verbose_name_plural = _("housing allowance list rows")
        ordering = ["line", "row"]
        constraints = [
            models.UniqueConstraint(fields=["line", "row"], name="allowance_split_one_row"),
        ]

    def __str__(self):
        return f"{self.line_id}/{self.row} {self.tenant_name}"

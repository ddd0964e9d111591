"""The ledger (kartoteka): components, rates, ledgers and their append-only entries."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from iok.fields import FixedPointField
from iok.ledger.money import MoneyField
from iok.registry.models import Building, Contract, Premises, PropertyKind


class Component(models.Model):
    """A part of the monthly charge: rent, cold water advance, waste, ..."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    vat_rate = models.PositiveSmallIntegerField(
        _("VAT rate for commercial premises (%)"),
        null=True,
        blank=True,
        help_text=_("Empty: not subject to VAT. Flats and garages of tenants pay no VAT."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Rate(models.Model):
    """An amount per unit of a basis, valid from a date, for a scope.

    Exactly one scope applies: all premises, a premises kind, a building, or
    one contract; for a contract the narrowest matching scope wins, and within
    a scope the latest `valid_from` not after the day in question."""

    class Basis(models.TextChoices):
        PROPERTY = "property", _("per unit of a property (m², person, ...)")
        PREMISES = "premises", _("per premises")
        FIXED = "fixed", _("fixed monthly amount")

    component = models.ForeignKey(Component, models.PROTECT, verbose_name=_("component"))
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    property_kind = models.ForeignKey(
        PropertyKind, models.PROTECT, null=True, blank=True, verbose_name=_("property kind")
    )
    amount = MoneyField(_("amount per unit"))
    valid_from = models.DateField(_("valid from"))
    premises_kind = models.CharField(
        _("premises kind"), max_length=12, choices=Premises.Kind.choices, blank=True
    )
    building = models.ForeignKey(
        Building, models.PROTECT, null=True, blank=True, verbose_name=_("building")
    )
    contract = models.ForeignKey(
        Contract, models.PROTECT, null=True, blank=True, verbose_name=_("contract")
    )

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        ordering = ["component", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(basis="property", property_kind__isnull=False)
                    | (~Q(basis="property") & Q(property_kind__isnull=True))
                ),
                name="rate_property_kind_with_property_basis",
            ),
            models.CheckConstraint(
                condition=(
                    Q(premises_kind="", building__isnull=True, contract__isnull=True)
                    | Q(~Q(premises_kind=""), building__isnull=True, contract__isnull=True)
                    | Q(premises_kind="", building__isnull=False, contract__isnull=True)
                    | Q(premises_kind="", building__isnull=True, contract__isnull=False)
                ),
                name="rate_one_scope",
            ),
        ]

    def __str__(self):
        return f"{self.component} {self.amount} ({self.scope_label}, {self.valid_from:%d.%m.%Y})"

    # Higher is narrower: the narrowest scope that matches a contract wins.
    SCOPE_ALL, SCOPE_PREMISES_KIND, SCOPE_BUILDING, SCOPE_CONTRACT = range(4)

    @property
    def scope(self) -> int:
        if self.contract_id:
            return self.SCOPE_CONTRACT
        if self.building_id:
            return self.SCOPE_BUILDING
        if self.premises_kind:
            return self.SCOPE_PREMISES_KIND
        return self.SCOPE_ALL

    @property
    def scope_label(self) -> str:
        if self.contract_id:
            return str(self.contract)
        if self.building_id:
            return str(self.building)
        if self.premises_kind:
            return self.get_premises_kind_display()
        return str(_("all premises"))

    def clean(self):
        scopes = [bool(self.premises_kind), bool(self.building_id), bool(self.contract_id)]
        if sum(scopes) > 1:
            raise ValidationError(
                _("Choose one scope: a premises kind, a building or a contract (or none for all).")
            )
        if (self.basis == self.Basis.PROPERTY) != bool(self.property_kind_id):
            raise ValidationError(
                {"property_kind": _("A property kind goes with the per-property basis, only.")}
            )


class LedgerQuerySet(models.QuerySet):
    def for_contractor(self, contractor):
        """The ledgers of every contract the contractor is a party to."""
        return self.filter(contract__parties=contractor).distinct()

    def for_user(self, user):
        """The ledgers a login sees in the portal: those of the contracts its
        contractor is a party to, with their premises and buildings.

        None for a login without a contractor: staff read ledgers in the
        office, and `contract__parties=None` would match contracts without
        parties, so that case never reaches the filter."""
        account = getattr(user, "account", None)
        if account is None or account.contractor_id is None:
            return self.none()
        return self.for_contractor(account.contractor_id).select_related(
            "contract__premises__building"
        )


class Ledger(models.Model):
    """The kartoteka of one contract. `balance` is the sum of its entries'
    amounts, kept in step under a row lock by `iok.ledger.posting`."""

    contract = models.OneToOneField(
        Contract, models.PROTECT, related_name="ledger", verbose_name=_("contract")
    )
    # NULL only inside the transaction that creates the ledger: the number is
    # made from the id, which exists after the INSERT (see posting.open_ledger).
    virtual_account = models.CharField(  # noqa: DJ001
        _("virtual account number"), max_length=26, unique=True, null=True, editable=False
    )
    balance = MoneyField(_("balance"), default=0, editable=False)
    opened = models.DateTimeField(_("opened"), auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger")
        verbose_name_plural = _("ledgers")
        ordering = ["id"]

    def __str__(self):
        return _("Ledger %(number)s") % {"number": self.contract.number}


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Posted entries cannot be changed; book a correction instead."))

    def delete(self):
        raise ValidationError(_("Posted entries cannot be deleted; book a correction instead."))


class Immutable(models.Model):
    """Rows that are written once: saving an existing row or deleting it is refused
    here, and by database triggers below the ORM (see the 0002 migration)."""

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Posted entries cannot be changed; book a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Posted entries cannot be deleted; book a correction instead."))


class Entry(Immutable):
    class Kind(models.TextChoices):
        OPENING = "opening", _("opening balance")
        CHARGE = "charge", _("charge")
        CORRECTION = "correction", _("correction")
        PAYMENT = "payment", _("payment")
        INTEREST = "interest", _("interest")
        SETTLEMENT = "settlement", _("utility settlement")
        # Issue 15: money that goes back or moves, and the city's allowance.
        REVERSAL = "reversal", _("payment reversed by the bank")
        REFUND = "refund", _("refund of an overpayment")
        TRANSFER = "transfer", _("transfer between ledgers")
        ALLOWANCE = "allowance", _("housing allowance")

    ledger = models.ForeignKey(
        Ledger, models.PROTECT, related_name="entries", verbose_name=_("ledger")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    booking_date = models.DateField(_("booking date"))
    operation_date = models.DateField(_("operation date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    period = models.CharField(_("period"), max_length=7, help_text="YYYY-MM")
    title = models.CharField(_("title"), max_length=200)
    amount = MoneyField(_("amount"), help_text=_("negative: charge; positive: payment"))
    document = models.CharField(_("document reference"), max_length=60, blank=True)
    corrects = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrected entry"),
    )
    # The entry this one answers: the payment a reversal takes back, the
    # first half of a transfer between ledgers (the first half finds its
    # pair through `answered_by`). Checked in code, not by a constraint: on
    # SQLite a new constraint rebuilds the table and drops its triggers.
    counterpart = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_by",
        verbose_name=_("counterpart entry"),
    )
    created = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["ledger", "operation_date", "id"]
        indexes = [models.Index(fields=["ledger", "operation_date"])]
        permissions = [
            ("add_correction", "Can book a correction of an entry"),
            ("run_billing", "Can run the monthly billing"),
        ]
        constraints = [
            # Billing is idempotent because a second charge for the same month
            # cannot exist: a change to a month's charge is a correction.
            models.UniqueConstraint(
                fields=["ledger", "period"], condition=Q(kind="charge"), name="entry_one_charge"
            ),
            models.CheckConstraint(
                condition=Q(kind="correction", corrects__isnull=False)
                | (~Q(kind="correction") & Q(corrects__isnull=True)),
                name="entry_correction_names_entry",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.operation_date:%d.%m.%Y} {self.amount}"

    @property
    def heading(self) -> str:
        """The entry as a page names it: its kind, then its title. A
        correction's title already says what it is ("Korekta naliczenia za
        10/2026"), so it stands alone and prefixes never stack."""
        if self.kind == self.Kind.CORRECTION:
            return self.title
        return f"{capfirst(self.get_kind_display())}: {self.title}"


class CorrectionReason(Immutable):
    """The clerk's reason for a correction, kept with it and shown to staff.
    The tenant reads the correction's plain title; the reason is in that title
    only when the clerk chose to show it (`shown_to_tenant`). Written once,
    with the correction, like the entry itself."""

    correction = models.OneToOneField(
        Entry,
        models.PROTECT,
        related_name="reason",
        limit_choices_to={"kind": "correction"},
        verbose_name=_("correction"),
    )
    text = models.CharField(_("reason"), max_length=120)
    shown_to_tenant = models.BooleanField(_("reason shown to the tenant"), default=False)

    class Meta:
        verbose_name = _("reason for a correction")
        verbose_name_plural = _("reasons for corrections")

    def __str__(self):
        return self.text


class EntryLine(Immutable):
    """The part of an entry that belongs to one component. For commercial
    premises `vat` is the VAT included in `amount` (same sign)."""

    entry = models.ForeignKey(Entry, models.PROTECT, related_name="lines", verbose_name=_("entry"))
    component = models.ForeignKey(Component, models.PROTECT, verbose_name=_("component"))
    amount = MoneyField(_("amount"))
    quantity = FixedPointField(_("quantity"), places=3, null=True, blank=True)
    unit_price = MoneyField(_("unit price"), null=True, blank=True)
    vat_rate = models.PositiveSmallIntegerField(_("VAT rate (%)"), null=True, blank=True)
    vat = MoneyField(_("VAT"), default=0)

    class Meta:
        verbose_name = _("entry line")
        verbose_name_plural = _("entry lines")
        ordering = ["entry", "component__order"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "component"], name="entry_line_once"),
        ]

    def __str__(self):
        return f"{self.component}: {self.amount}"


class Allocation(models.Model):
    """How much of a payment (or any entry that raised the balance) paid one
    charge (or any entry that lowered it), art. 451 KC. Derived data: they
    are recomputed from the entries by `iok.ledger.allocation` and never
    change the balance, which is the sum of entries only."""

    ledger = models.ForeignKey(
        Ledger, models.CASCADE, related_name="allocations", verbose_name=_("ledger")
    )
    payment = models.ForeignKey(
        Entry, models.CASCADE, related_name="pays", verbose_name=_("payment")
    )
    charge = models.ForeignKey(
        Entry, models.CASCADE, related_name="paid_by", verbose_name=_("charge")
    )
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["charge", "payment"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "charge"], name="allocation_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_positive"),
        ]

    def __str__(self):
        return f"{self.payment_id} → {self.charge_id}: {self.amount}"


class Closing(models.Model):
    """The books are closed up to and including `closed_until`: no entry may
    be dated (operation or booking date) on or before it. The latest row is in
    force; the earlier rows are its history, so a closing is never edited:
    reopening is a new row with an earlier date (see `iok.ledger.closing`)."""

    closed_until = models.DateField(
        _("books closed until"), help_text=_("inclusive: this day is closed too")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        editable=False,
        verbose_name=_("set by"),
    )
    created = models.DateTimeField(_("set on"), auto_now_add=True)

    class Meta:
        verbose_name = _("closing of the books")
        verbose_name_plural = _("closings of the books")
        ordering = ["-id"]

    def __str__(self):
        return _("Books closed until %(day)s") % {"day": self.closed_until.strftime("%d.%m.%Y")}


class MonthTotal(models.Model):
    """A ledger's entries of one month (by operation date) added up: what the
    kartoteka's months and years show and the opening balance of a year, read
    without adding up the ledger's whole history. Kept by the database itself:
    a trigger adds every new entry in (migration 0010), and the balance guard
    checks a ledger's balance against these sums."""

    ledger = models.ForeignKey(Ledger, models.CASCADE, related_name="months", editable=False)
    month = models.DateField(_("month"), editable=False, help_text=_("its first day"))
    debits = MoneyField(_("charges"), default=0, editable=False)  # non-corrections below zero
    credits = MoneyField(_("payments"), default=0, editable=False)  # non-corrections from zero up
    corrections = MoneyField(_("corrections"), default=0, editable=False)

    class Meta:
        verbose_name = _("month's totals")
        verbose_name_plural = _("months' totals")
        constraints = [
            models.UniqueConstraint(fields=["ledger", "month"], name="month_total_once"),
        ]

    def __str__(self):
        return f"{self.ledger_id} {self.month:%Y-%m}"


class OpenItem(models.Model):
    """What of an entry is still open: its amount with its corrections, plus
    what paid it (as a charge) and minus what it paid (as a payment). Below
    zero a debt still to pay, above zero credit not used yet; a settled entry
    has no row. Kept by the database itself: triggers on new entries and on
    allocations (migration 0010), so the panel and the allocation read the
    open items only, however long the history."""

    entry = models.OneToOneField(
        Entry, models.CASCADE, primary_key=True, related_name="open_item", editable=False
    )
    ledger = models.ForeignKey(Ledger, models.CASCADE, related_name="open_items", editable=False)
    amount = MoneyField(_("open amount"), editable=False)

    class Meta:
        verbose_name = _("open item")
        verbose_name_plural = _("open items")

    def __str__(self):
        return f"{self.entry_id}: {self.amount}"


class ExternalDocument(Immutable):
    """An entry booked from an external billing (a company whose billing
    stays in its old system) under that system's document number: the number
    is unique, so the same document posted again finds its entry instead of
    booking twice (iok.ledger.external). `fingerprint` is a hash of what was
    posted, so a repeat with other content is told apart from a repeat."""

    number = models.CharField(_("external document number"), max_length=60, unique=True)
    entry = models.OneToOneField(
        Entry, models.PROTECT, related_name="external_document", verbose_name=_("entry")
    )
    fingerprint = models.CharField(_("fingerprint of the content"), max_length=64)
    received = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("external document")
        verbose_name_plural = _("external documents")
        ordering = ["id"]

    def __str__(self):
        return self.number

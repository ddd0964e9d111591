"""The chart-of-accounts mapping: which general-ledger account each part of
the books goes to in the journal (docs/accounting.md). Data, edited by the
administrator in the admin; every change is audited like any other model."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from iok.ledger.models import Component
from iok.ledger.nrb import compact, is_valid

ACCOUNT_LENGTH = 30
account_number = RegexValidator(
    r"^[0-9A-Za-z]+([-./][0-9A-Za-z]+)*$",
    _("An account number is digits and letters, parts joined by -, . or / (for example 200-1)."),
)


def AccountField(verbose_name, **options):
    return models.CharField(
        verbose_name, max_length=ACCOUNT_LENGTH, validators=[account_number], **options
    )


class Chart(models.Model):
    """The settings of the mapping that are not per component, VAT rate or
    bank account: one row (the data migration creates it)."""

    receivables = AccountField(_("receivables account"), default="200")
    receivables_per_ledger = models.BooleanField(
        _("an analytic receivables account per ledger"),
        default=True,
        help_text=_(
            "On: each ledger has its own account, the receivables account, a hyphen and the "
            "ledger's number (200-000123). Off: all receivables on the one account."
        ),
    )
    ledger_digits = models.PositiveSmallIntegerField(
        _("digits of the ledger's number"),
        default=6,
        help_text=_("The ledger's number is padded with zeros to this many digits (0: none)."),
    )
    bank = AccountField(
        _("bank account for payments without a statement"),
        default="131",
        help_text=_(
            "Payments that came in no imported statement, and those from a collection "
            "account without an account of its own below."
        ),
    )
    opening = AccountField(_("counter-account of opening balances"), default="000")
    interest = AccountField(
        _("interest revenue account"),
        default="750-1",
        help_text=_("For interest entries without components."),
    )

    class Meta:
        verbose_name = _("chart of accounts")
        verbose_name_plural = _("chart of accounts")

    def __str__(self):
        return str(_("Chart of accounts"))

    def receivable(self, ledger_id: int) -> str:
        if not self.receivables_per_ledger:
            return self.receivables
        return f"{self.receivables}-{ledger_id:0{self.ledger_digits}d}"


class ComponentAccount(models.Model):
    """The revenue account of one component: its charges (and interest or a
    correction of them), and its utility settlements when they have their own."""

    component = models.OneToOneField(
        Component, models.PROTECT, related_name="account", verbose_name=_("component")
    )
    revenue = AccountField(_("revenue account"))
    settlement = AccountField(
        _("account of utility settlements"),
        blank=True,
        help_text=_("Empty: settlements go to the revenue account too."),
    )

    class Meta:
        verbose_name = _("revenue account of a component")
        verbose_name_plural = _("revenue accounts of components")
        ordering = ["component__order", "component__code"]

    def __str__(self):
        return f"{self.component}: {self.revenue}"


class VatAccount(models.Model):
    """The output VAT account of one rate (commercial premises)."""

    rate = models.PositiveSmallIntegerField(_("VAT rate (%)"), unique=True)
    account = AccountField(_("output VAT account"))

    class Meta:
        verbose_name = _("output VAT account")
        verbose_name_plural = _("output VAT accounts")
        ordering = ["-rate"]

    def __str__(self):
        return f"VAT {self.rate}%: {self.account}"


class BankAccount(models.Model):
    """The general-ledger account of one collection account (the company's
    bank account that statements are imported for)."""

    # Kept as its 26 digits (see clean); room for the number written with PL and spaces.
    collection_account = models.CharField(_("collection account (NRB)"), max_length=34, unique=True)
    account = AccountField(_("bank account in the general ledger"))

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["account"]

    def __str__(self):
        return f"{self.collection_account}: {self.account}"

    def clean(self):
        number = compact(self.collection_account or "").removeprefix("PL")
        if len(number) != 26 or not number.isdigit() or not is_valid(number):
            raise ValidationError(
                {"collection_account": _("Give the 26 digits of a Polish account number (NRB).")}
            )
        self.collection_account = number

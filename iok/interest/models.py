"""The rates of interest for delay, as data: each kind's annual rate valid
from a day until the next row of the same kind (docs/interest.md)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iok.fields import FixedPointField


class InterestRate(models.Model):
    """An annual rate of interest for delay, in percent, valid from a day.

    - statutory (odsetki ustawowe za opóźnienie, art. 481 § 2 KC): the NBP
      reference rate + 5.5 points, changing on the day the reference rate
      changes;
    - commercial (odsetki za opóźnienie w transakcjach handlowych, the act
      of 8 March 2013 on excessive delays in commercial transactions): the
      reference rate of 1 January or 1 July + 10 points (8 points before
      2020), fixed for each half-year.

    The rate in force on a day is the row of its kind with the latest
    `valid_from` not after it; before the first row there is none, and the
    calculation refuses such a day (iok.interest.calculation)."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("statutory interest for delay (art. 481 § 2 KC)")
        COMMERCIAL = "commercial", _("interest for delay in commercial transactions")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"))
    rate = FixedPointField(_("annual rate (%)"), places=2)
    reference_rate = FixedPointField(
        _("NBP reference rate (%)"),
        places=2,
        null=True,
        blank=True,
        help_text=_("The reference rate the annual rate is derived from, for the record."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("interest rate")
        verbose_name_plural = _("interest rates")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="interest_rate_once"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="interest_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.rate} % ({self.valid_from:%d.%m.%Y})"

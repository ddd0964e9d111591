"""Supplier prices, consumption norms, settlement runs and each contract's
settlement with its calculation kept as a document."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from iok.fields import FixedPointField
from iok.ledger.models import Component, Entry
from iok.ledger.money import MoneyField
from iok.meters.models import Medium
from iok.registry.models import Building, Contract

# Which meters a component is settled by: water and sewage by all the water
# that went through the flat's meters, cold and hot; heating of water by the
# hot water meters; central heating by heat meters.
COMPONENT_MEDIA = {
    "cold_water": (Medium.COLD_WATER, Medium.HOT_WATER),
    "sewage": (Medium.COLD_WATER, Medium.HOT_WATER),
    "hot_water": (Medium.HOT_WATER,),
    "heating": (Medium.HEAT,),
}


class SupplierPrice(models.Model):
    """The supplier's net price of one unit (m³, GJ) of a component, from a day on."""

    component = models.ForeignKey(
        Component,
        models.PROTECT,
        limit_choices_to={"code__in": list(COMPONENT_MEDIA)},
        verbose_name=_("component"),
    )
    price = MoneyField(_("net price per unit"))
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("supplier price")
        verbose_name_plural = _("supplier prices")
        ordering = ["component", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "valid_from"], name="supplier_price_once_a_day"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="supplier_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.component} {self.price} ({self.valid_from:%d.%m.%Y})"


class ConsumptionNorm(models.Model):
    """What one registered person uses in a month, for estimating a flat
    with no readings and no history of them."""

    medium = models.CharField(_("medium"), max_length=12, choices=Medium.choices)
    per_person_month = FixedPointField(_("per person per month"), places=3)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("consumption norm")
        verbose_name_plural = _("consumption norms")
        ordering = ["medium", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["medium", "valid_from"], name="norm_once_a_day"),
        ]

    def __str__(self):
        return f"{self.get_medium_display()} {self.per_person_month} ({self.valid_from:%d.%m.%Y})"


class SettlementRun(models.Model):
    """One run of settlements for a period, over a building or all premises."""

    first = models.DateField(_("period from"))
    last = models.DateField(_("period to"))
    building = models.ForeignKey(
        Building,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("building"),
        help_text=_("Empty: all buildings."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    created = models.DateTimeField(_("run at"), auto_now_add=True)
    booked = models.PositiveIntegerField(_("settlements booked"), default=0)
    corrected = models.PositiveIntegerField(_("corrections booked"), default=0)
    unchanged = models.PositiveIntegerField(_("already settled, unchanged"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    advances_applied_from = models.DateField(
        _("recommended advances applied from"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("settlement run")
        verbose_name_plural = _("settlement runs")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(last__gte=F("first")), name="run_last_after_first"),
        ]

    def __str__(self):
        return f"{self.first:%d.%m.%Y}–{self.last:%d.%m.%Y}"


class SettlementQuerySet(models.QuerySet):
    def for_ledger(self, ledger):
        return self.filter(contract__ledger=ledger)


class Settlement(models.Model):
    """A contract's settlement of a period as booked: revision 0 is the
    settlement entry, each later revision a correction of it that books the
    difference a new calculation made. `document` is the whole calculation
    (see iok/settlements/calculation.py)."""

    run = models.ForeignKey(
        SettlementRun, models.PROTECT, related_name="settlements", verbose_name=_("run")
    )
    contract = models.ForeignKey(
        Contract, models.PROTECT, related_name="settlements", verbose_name=_("contract")
    )
    first = models.DateField(_("from"))
    last = models.DateField(_("to"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    entry = models.OneToOneField(
        Entry, models.PROTECT, related_name="settlement", verbose_name=_("ledger entry")
    )
    amount = MoneyField(_("difference"), help_text=_("negative: to pay; positive: overpaid"))
    document = models.JSONField(_("calculation"))
    created = models.DateTimeField(_("booked at"), auto_now_add=True)

    objects = SettlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-last", "contract", "-revision"]
        constraints = [
            # Two runs of the same period cannot both book a contract's settlement.
            models.UniqueConstraint(
                fields=["contract", "first", "last", "revision"], name="settlement_revision_once"
            ),
        ]

    def __str__(self):
        return f"{self.contract} {self.first:%d.%m.%Y}–{self.last:%d.%m.%Y}"

    @property
    def is_correction(self) -> bool:
        return self.revision > 0

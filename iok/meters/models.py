"""Meters of a premises and their dated readings.

A meter counts one medium in one premises from its installation to its
removal. A replacement closes the old meter with a final reading and opens
the new one (which names the meter it replaces) with an initial reading, so
consumption is counted per meter and added up across the replacement."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iok.fields import FixedPointField
from iok.registry.models import Premises


class Medium(models.TextChoices):
    COLD_WATER = "cold_water", _("cold water")
    HOT_WATER = "hot_water", _("hot water")
    HEAT = "heat", _("heat")
    GAS = "gas", _("gas")
    ELECTRICITY = "electricity", _("electricity")


UNITS = {
    Medium.COLD_WATER: "m³",
    Medium.HOT_WATER: "m³",
    Medium.HEAT: "GJ",
    Medium.GAS: "m³",
    Medium.ELECTRICITY: "kWh",
}


class Meter(models.Model):
    class Place(models.TextChoices):
        KITCHEN = "kitchen", _("kitchen")
        BATHROOM = "bathroom", _("bathroom")
        TOILET = "toilet", _("toilet")
        HALL = "hall", _("hall")
        OTHER = "other", _("other")

    premises = models.ForeignKey(
        Premises, models.PROTECT, related_name="meters", verbose_name=_("premises")
    )
    medium = models.CharField(_("medium"), max_length=12, choices=Medium.choices)
    serial_number = models.CharField(_("serial number"), max_length=40, unique=True)
    place = models.CharField(_("place"), max_length=10, choices=Place.choices)
    installed = models.DateField(_("installed"))
    removed = models.DateField(_("removed"), null=True, blank=True)
    legalised_until = models.DateField(
        _("legalisation valid until"),
        null=True,
        blank=True,
        help_text=_("Water meters: five years from legalisation."),
    )
    replaces = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces meter"),
    )

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["premises", "medium", "installed"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed__isnull=True) | Q(removed__gte=F("installed")),
                name="meter_removed_after_installed",
            ),
        ]

    def __str__(self):
        return f"{self.get_medium_display()} {self.serial_number}"

    @property
    def unit(self) -> str:
        return UNITS[self.medium]


class Reading(models.Model):
    class Source(models.TextChoices):
        STAFF = "staff", _("staff")
        COLLECTOR = "collector", _("collector import")
        TENANT = "tenant", _("tenant self-reading")
        ESTIMATE = "estimate", _("estimate")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        WAITING = "waiting", _("waiting for acceptance")
        REJECTED = "rejected", _("rejected")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular")
        INITIAL = "initial", _("initial (meter installed)")
        FINAL = "final", _("final (meter removed)")

    meter = models.ForeignKey(
        Meter, models.PROTECT, related_name="readings", verbose_name=_("meter")
    )
    date = models.DateField(_("date"))
    value = FixedPointField(pgettext_lazy("meter reading", "value"), places=3)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACCEPTED
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    flagged = models.TextField(
        _("flagged for staff"),
        blank=True,
        help_text=_("Why this reading looks implausible; empty when it does not."),
    )
    photo = models.ImageField(_("photo"), upload_to="readings/%Y/%m/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted or rejected by"),
    )
    decided_at = models.DateTimeField(_("accepted or rejected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        ordering = ["meter", "date", "id"]
        indexes = [models.Index(fields=["meter", "status", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="reading_not_negative"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="reading_rejection_has_reason",
            ),
            # A new self-reading of the same day replaces the waiting one
            # (self_reading.submit_self_reading), so two never wait at once.
            models.UniqueConstraint(
                fields=["meter", "date"],
                condition=Q(source="tenant", status="waiting"),
                name="one_waiting_self_reading_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.meter} {self.date:%d.%m.%Y}: {self.value}"


class ReadingUpload(models.Model):
    """A collector's CSV file uploaded by staff: kept between the preview and
    the confirmation, and afterwards as the record of what was imported."""

    name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded readings file")
        verbose_name_plural = _("uploaded readings files")

    def __str__(self):
        return self.name

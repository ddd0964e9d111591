"""The registry: buildings, premises, contractors, contracts and their dated
properties. Everything the ledger charges is computed from what is here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.pl import nip, pesel, regon

from iok.fields import FixedPointField
from iok.periods import Period
from iok.registry.numbers import number_error


class Building(models.Model):
    street = models.CharField(_("street"), max_length=100)
    number = models.CharField(_("building number"), max_length=10)
    postal_code = models.CharField(_("postal code"), max_length=6)
    city = models.CharField(_("city"), max_length=60)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    finance_key = models.CharField(
        _("finance system key"),
        max_length=40,
        blank=True,
        help_text=_(
            "The finance system's own identifier. The import finds the building by it first,"
            " so a renamed street updates the building instead of creating a second one."
        ),
    )

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["city", "street", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "street", "number"], name="building_unique_address"
            ),
            models.UniqueConstraint(
                fields=["finance_key"],
                condition=~Q(finance_key=""),
                name="building_unique_finance_key",
            ),
        ]

    def __str__(self):
        return f"{self.street} {self.number}, {self.postal_code} {self.city}"


class Premises(models.Model):
    class Kind(models.TextChoices):
        RESIDENTIAL = "residential", _("residential flat")
        COMMERCIAL = "commercial", _("commercial premises")
        GARAGE = "garage", _("garage")

    building = models.ForeignKey(
        Building, models.PROTECT, related_name="premises", verbose_name=_("building")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("premises number"), max_length=10)
    staircase = models.CharField(_("staircase"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["building", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "kind", "number"], name="premises_unique_number"
            )
        ]

    def __str__(self):
        b = self.building
        prefix = {self.Kind.GARAGE: _("garage"), self.Kind.COMMERCIAL: _("commercial")}
        label = f"{prefix[self.kind]} {self.number}" if self.kind in prefix else self.number
        return f"{b.street} {b.number}/{label}, {b.postal_code} {b.city}"


class Contractor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        COMPANY = "company", _("company")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    first_name = models.CharField(_("first name"), max_length=60, blank=True)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    pesel = models.CharField("PESEL", max_length=11, blank=True)
    nip = models.CharField("NIP", max_length=10, blank=True)
    regon = models.CharField("REGON", max_length=14, blank=True)
    street = models.CharField(_("street and number"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=6)
    city = models.CharField(_("city"), max_length=60)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    finance_key = models.CharField(
        _("finance system key"),
        max_length=40,
        blank=True,
        help_text=_(
            "The finance system's own identifier. The import finds the contractor by it"
            " first, so a PESEL or NIP put right updates the contractor instead of creating"
            " a second one."
        ),
    )

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["last_name", "first_name", "company_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pesel"], condition=~Q(pesel=""), name="contractor_unique_pesel"
            ),
            models.UniqueConstraint(
                fields=["nip"], condition=~Q(nip=""), name="contractor_unique_nip"
            ),
            models.UniqueConstraint(
                fields=["finance_key"],
                condition=~Q(finance_key=""),
                name="contractor_unique_finance_key",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.kind == self.Kind.COMPANY:
            return self.company_name
        return f"{self.first_name} {self.last_name}"

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"

    def clean_fields(self, exclude=None):
        # Numbers are typed with dashes and spaces; store them compact.
        self.pesel, self.nip, self.regon = (
            module.compact(value)
            for module, value in ((pesel, self.pesel), (nip, self.nip), (regon, self.regon))
        )
        super().clean_fields(exclude)

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PERSON:
            self._clean_person(errors)
        else:
            self._clean_company(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_person(self, errors):
        if not (self.first_name and self.last_name):
            errors["last_name"] = _("A person needs a first and a last name.")
        self.pesel = _checked(pesel, self.pesel, "pesel", errors, required=True)

    def _clean_company(self, errors):
        if not self.company_name:
            errors["company_name"] = _("A company needs a name.")
        self.nip = _checked(nip, self.nip, "nip", errors, required=True)
        self.regon = _checked(regon, self.regon, "regon", errors, required=False)


def _checked(module, value, field, errors, *, required):
    """The number in its compact form; an error naming what is wrong with it, if anything."""
    if not value:
        if required:
            errors[field] = _("This number is required.")
        return value
    error = number_error(module, value, field.upper())
    if error:
        errors[field] = error
        return value
    return module.compact(value)


class ContractQuerySet(models.QuerySet):
    def active_between(self, first: datetime.date, last: datetime.date):
        return self.filter(Q(end__isnull=True) | Q(end__gte=first), start__lte=last)

    def active_on(self, day: datetime.date):
        return self.active_between(day, day)

    def active_in(self, period: Period):
        return self.active_between(period.first_day, period.last_day)


class Contract(models.Model):
    class Kind(models.TextChoices):
        LEASE = "lease", _("lease (najem)")
        TENANCY = "tenancy", _("tenancy (dzierżawa)")
        NO_TITLE = "no_title", _("use without title (bezumowne korzystanie)")

    number = models.CharField(_("contract number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    premises = models.ForeignKey(
        Premises, models.PROTECT, related_name="contracts", verbose_name=_("premises")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("last day, inclusive"))
    parties = models.ManyToManyField(
        Contractor, through="ContractParty", related_name="contracts", verbose_name=_("parties")
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="contract_ends_after_start",
            )
        ]

    def __str__(self):
        return self.number

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The contract cannot end before it starts.")})

    @property
    def main_tenant(self):
        party = self.contractparty_set.filter(role=ContractParty.Role.MAIN).first()
        return party.contractor if party else None


class ContractParty(models.Model):
    class Role(models.TextChoices):
        MAIN = "main", _("main tenant")
        CO_TENANT = "co_tenant", _("co-tenant")

    contract = models.ForeignKey(Contract, models.CASCADE, verbose_name=_("contract"))
    contractor = models.ForeignKey(Contractor, models.PROTECT, verbose_name=_("contractor"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("contract party")
        verbose_name_plural = _("contract parties")
        constraints = [
            models.UniqueConstraint(fields=["contract", "contractor"], name="party_once"),
            models.UniqueConstraint(
                fields=["contract"], condition=Q(role="main"), name="party_one_main_tenant"
            ),
        ]

    def __str__(self):
        return f"{self.contractor} ({self.get_role_display()})"


class PropertyKind(models.Model):
    """A kind of dated value: persons registered, usable area, floor, ...

    Kinds are data: the office adds a new one without a code change."""

    class AppliesTo(models.TextChoices):
        PREMISES = "premises", _("premises")
        CONTRACT = "contract", _("contract")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    applies_to = models.CharField(_("belongs to"), max_length=8, choices=AppliesTo.choices)

    class Meta:
        verbose_name = _("property kind")
        verbose_name_plural = _("property kinds")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} [{self.unit}]" if self.unit else self.name


class PropertyValue(models.Model):
    """The value of a kind for a premises or a contract, valid from a date
    until the next value of the same kind begins."""

    kind = models.ForeignKey(PropertyKind, models.PROTECT, verbose_name=_("kind"))
    premises = models.ForeignKey(
        Premises, models.CASCADE, null=True, blank=True, related_name="property_values"
    )
    contract = models.ForeignKey(
        Contract, models.CASCADE, null=True, blank=True, related_name="property_values"
    )
    valid_from = models.DateField(_("valid from"))
    value = FixedPointField(_("value"), places=3)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("property value")
        verbose_name_plural = _("property values")
        ordering = ["kind", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(premises__isnull=True) ^ Q(contract__isnull=True),
                name="property_value_one_subject",
            ),
            models.UniqueConstraint(
                fields=["kind", "premises", "valid_from"], name="property_value_premises_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "contract", "valid_from"], name="property_value_contract_once"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.value} ({self.valid_from:%d.%m.%Y})"

    def clean(self):
        subject = "premises" if self.premises_id else "contract"
        if self.kind_id and subject != self.kind.applies_to:
            raise ValidationError(
                {
                    "kind": _("%(kind)s belongs to a %(owner)s.")
                    % {"kind": self.kind.name, "owner": self.kind.get_applies_to_display()}
                }
            )

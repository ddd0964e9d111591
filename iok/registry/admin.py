from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from iok.registry.models import (
    Building,
    Contract,
    Contractor,
    ContractParty,
    Premises,
    PropertyKind,
    PropertyValue,
)


class PremisesPropertyInline(admin.TabularInline):
    model = PropertyValue
    fields = ["kind", "valid_from", "value", "note"]
    exclude = ["contract"]
    extra = 0
    ordering = ["kind", "valid_from"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["queryset"] = PropertyKind.objects.filter(applies_to="premises")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContractPropertyInline(PremisesPropertyInline):
    exclude = ["premises"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["queryset"] = PropertyKind.objects.filter(applies_to="contract")
        return admin.TabularInline.formfield_for_foreignkey(self, db_field, request, **kwargs)


class PartyInline(admin.TabularInline):
    model = ContractParty
    autocomplete_fields = ["contractor"]
    extra = 0


PESEL_SHOWN_DIGITS = 4


def mask_pesel(pesel: str) -> str:
    """ "*******4123": the first seven digits, the date of birth among them,
    hidden; the last four shown, as a bank shows a card number. An empty
    PESEL (a company) is a dash."""
    if not pesel:
        return "—"
    hidden = max(len(pesel) - PESEL_SHOWN_DIGITS, 0)
    return "*" * hidden + pesel[hidden:]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["street", "number", "postal_code", "city", "year_built", "floors"]
    list_filter = ["city"]
    search_fields = ["street", "number", "city", "postal_code", "=finance_key"]


@admin.register(Premises)
class PremisesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "staircase"]
    list_select_related = ["building"]  # its name is the building's address: no query per row
    list_filter = ["kind", "building__city"]
    search_fields = [
        "building__street",
        "building__number",
        "building__city",
        "number",
        "contracts__number",
        "contracts__parties__last_name",
        "contracts__parties__company_name",
    ]
    autocomplete_fields = ["building"]
    inlines = [PremisesPropertyInline]


@admin.register(Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "masked_pesel", "nip", "city", "email"]
    list_filter = ["kind"]
    search_fields = [
        "last_name",
        "first_name",
        "company_name",
        "=pesel",  # whole numbers only: no birth dates found digit by digit
        "nip",
        "regon",
        "=finance_key",
        "street",
        "city",
        "contracts__number",
        "contracts__premises__building__street",
    ]
    # The ledger's admin adds "ledger_links" after the contracts (iok/ledger/admin.py).
    readonly_fields = ["contract_links", "personal_data_link"]

    @admin.display(description="PESEL")  # not sortable: the order would give birth dates away
    def masked_pesel(self, contractor):
        """The list shows the last four digits, enough to tell two people of
        the same name apart; the change page, whose reading is audited, shows
        the whole number."""
        return mask_pesel(contractor.pesel)

    @admin.display(description=_("contracts"))
    def contract_links(self, contractor):
        contracts = contractor.contracts.order_by("start", "number")
        links = [(reverse("admin:registry_contract_change", args=[c.pk]), c) for c in contracts]
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "—"

    @admin.display(description=_("personal data (RODO)"))
    def personal_data_link(self, contractor):
        """All data held about the contractor, as they would download it."""
        if contractor.pk is None:
            return "—"
        url = reverse("office:privacy:contractor_data", args=[contractor.pk])
        return format_html('<a href="{}">{}</a>', url, _("everything we hold, for a request"))


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "premises", "start", "end"]
    list_select_related = ["premises__building"]  # the premises' name: no query per row
    list_filter = ["kind", "premises__kind"]
    search_fields = [
        "number",
        "parties__last_name",
        "parties__first_name",
        "parties__company_name",
        "=parties__pesel",
        "parties__nip",
        "premises__building__street",
        "premises__building__city",
        "ledger__virtual_account",
    ]
    autocomplete_fields = ["premises"]
    inlines = [PartyInline, ContractPropertyInline]


@admin.register(PropertyKind)
class PropertyKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "applies_to"]

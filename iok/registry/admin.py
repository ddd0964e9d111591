from django.contrib import admin

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


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["street", "number", "postal_code", "city", "year_built", "floors"]
    list_filter = ["city"]
    search_fields = ["street", "number", "city", "postal_code"]


@admin.register(Premises)
class PremisesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "staircase"]
    list_filter = ["kind", "building__city"]
    search_fields = ["building__street", "building__number", "number"]
    autocomplete_fields = ["building"]
    inlines = [PremisesPropertyInline]


@admin.register(Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "pesel", "nip", "city", "email"]
    list_filter = ["kind"]
    search_fields = ["last_name", "first_name", "company_name", "pesel", "nip", "regon", "street"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "premises", "start", "end"]
    list_filter = ["kind", "premises__kind"]
    search_fields = [
        "number",
        "parties__last_name",
        "parties__company_name",
        "premises__building__street",
    ]
    autocomplete_fields = ["premises"]
    inlines = [PartyInline, ContractPropertyInline]


@admin.register(PropertyKind)
class PropertyKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "applies_to"]

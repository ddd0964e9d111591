"""Supplier prices and consumption norms are kept by staff in the admin; runs
and settlements are read there (they are made by the settlement run only)."""

from django.contrib import admin

from iok.settlements.models import ConsumptionNorm, Settlement, SettlementRun, SupplierPrice


@admin.register(SupplierPrice)
class SupplierPriceAdmin(admin.ModelAdmin):
    list_display = ["component", "price", "valid_from"]
    list_filter = ["component"]
    date_hierarchy = "valid_from"

    def has_delete_permission(self, request, obj=None):
        return False  # a price that was used stays, as the settlements it priced do


@admin.register(ConsumptionNorm)
class ConsumptionNormAdmin(admin.ModelAdmin):
    list_display = ["medium", "per_person_month", "valid_from"]
    list_filter = ["medium"]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SettlementRun)
class SettlementRunAdmin(ReadOnly):
    list_display = ["first", "last", "building", "created_by", "created", "booked", "corrected"]
    date_hierarchy = "created"


@admin.register(Settlement)
class SettlementAdmin(ReadOnly):
    list_display = ["contract", "first", "last", "revision", "entry", "created"]
    search_fields = ["contract__number"]
    list_select_related = ["contract", "entry"]

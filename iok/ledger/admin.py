from django.contrib import admin

from iok.ledger.models import Component, Entry, EntryLine, Ledger, Rate


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "vat_rate", "order"]


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ["component", "basis", "property_kind", "amount", "valid_from", "scope_label"]
    list_filter = ["component", "basis", "premises_kind"]
    autocomplete_fields = ["building", "contract"]


class ReadOnly:
    """Entries are posted by the ledger's own functions, never typed into a form."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(ReadOnly, admin.TabularInline):
    model = EntryLine
    fields = ["component", "amount", "quantity", "unit_price", "vat_rate", "vat"]
    readonly_fields = fields


@admin.register(Entry)
class EntryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["operation_date", "ledger", "kind", "title", "amount", "period"]
    list_filter = ["kind", "period"]
    search_fields = ["ledger__contract__number", "title", "document", "ledger__virtual_account"]
    list_select_related = ["ledger__contract"]
    inlines = [LineInline]


@admin.register(Ledger)
class LedgerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["contract", "virtual_account", "balance"]
    search_fields = ["contract__number", "virtual_account"]
    list_select_related = ["contract"]

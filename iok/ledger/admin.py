from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

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
    readonly_fields = ["corrected_entry", "corrected_by"]

    @admin.display(description=_("corrected entry"))
    def corrected_entry(self, entry):
        return _entry_link(entry.corrects) if entry.corrects_id else "—"

    @admin.display(description=_("corrected by"))
    def corrected_by(self, entry):
        links = [(_entry_url(c), c) for c in entry.corrections.all()]
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "—"


def _entry_url(entry):
    return reverse("admin:ledger_entry_change", args=[entry.pk])


def _entry_link(entry):
    return format_html('<a href="{}">{}</a>', _entry_url(entry), entry)


@admin.register(Ledger)
class LedgerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["contract", "virtual_account", "balance"]
    search_fields = ["contract__number", "virtual_account"]
    list_select_related = ["contract"]

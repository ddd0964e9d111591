from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from iok.ledger.models import (
    Closing,
    Component,
    CorrectionReason,
    Entry,
    EntryLine,
    Ledger,
    Rate,
)
from iok.ledger.nrb import compact, format_nrb
from iok.registry import admin as registry_admin
from iok.registry.models import Contract, Contractor, Premises


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
    readonly_fields = ["corrected_entry", "corrected_by", "correction_reason"]

    @admin.display(description=_("reason for a correction"))
    def correction_reason(self, entry):
        reason = CorrectionReason.objects.filter(correction=entry).first()
        if reason is None:
            return "—"
        shown = _("shown to the tenant") if reason.shown_to_tenant else _("staff only")
        return f"{reason.text} ({shown})"

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


class AccountNumberSearch:
    """A virtual account number pasted as banks print it (PL, groups of four)
    is searched as one number, not as seven words."""

    account_lookup = "virtual_account"

    def get_search_results(self, request, queryset, search_term):
        number = compact(search_term).removeprefix("PL")
        if len(number) == 26 and number.isdigit():
            return queryset.filter(**{self.account_lookup: number}), True
        return super().get_search_results(request, queryset, search_term)


@admin.register(Ledger)
class LedgerAdmin(AccountNumberSearch, ReadOnly, admin.ModelAdmin):
    list_display = ["contract", "account", "balance"]
    search_fields = [
        "contract__number",
        "virtual_account",
        "contract__parties__last_name",
        "contract__parties__company_name",
        "=contract__parties__pesel",
        "contract__parties__nip",
        "contract__premises__building__street",
    ]
    list_select_related = ["contract"]
    readonly_fields = ["account", "kartoteka"]

    @admin.display(description=_("virtual account number"), ordering="virtual_account")
    def account(self, ledger):
        return format_nrb(ledger.virtual_account) if ledger.virtual_account else "—"

    @admin.display(description=_("Ledger"))
    def kartoteka(self, ledger):
        url = reverse("office:tenant_kartoteka", args=[ledger.pk])
        return format_html('<a href="{}">{}</a>', url, ledger)


@admin.register(Closing)
class ClosingAdmin(admin.ModelAdmin):
    """Closing the books is a new row: the latest is in force, earlier rows
    are its history, so none is changed or deleted."""

    list_display = ["closed_until", "note", "closed_by", "created"]
    fields = ["closed_until", "note", "closed_by", "created"]
    readonly_fields = ["closed_by", "created"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.closed_by = request.user
        super().save_model(request, obj, form, change)


# The registry's pages with what the ledger adds: a virtual account number
# searches as one number, and a contractor's page links their ledgers. The
# registry imports nothing from the ledger, so the ledger extends its admin.


class PremisesAdmin(AccountNumberSearch, registry_admin.PremisesAdmin):
    account_lookup = "contracts__ledger__virtual_account"


class ContractorAdmin(AccountNumberSearch, registry_admin.ContractorAdmin):
    account_lookup = "contracts__ledger__virtual_account"
    readonly_fields = ["contract_links", "ledger_links", "personal_data_link"]

    @admin.display(description=_("ledgers"))
    def ledger_links(self, contractor):
        """Each ledger in the admin, and as the tenant sees it (the office's view)."""
        ledgers = Ledger.objects.for_contractor(contractor).select_related("contract")
        links = [
            (
                reverse("office:tenant_kartoteka", args=[ledger.pk]),
                ledger,
                reverse("admin:ledger_ledger_change", args=[ledger.pk]),
                format_nrb(ledger.virtual_account) if ledger.virtual_account else "",
            )
            for ledger in ledgers.order_by("contract__start", "contract__number")
        ]
        row = '<a href="{}">{}</a> · <a href="{}">{}</a>'
        # A constant separator; every value goes through format_html_join's escaping.
        return format_html_join(mark_safe("<br>"), row, links) or "—"  # nosec B308


class ContractAdmin(AccountNumberSearch, registry_admin.ContractAdmin):
    account_lookup = "ledger__virtual_account"


for _model, _model_admin in [
    (Premises, PremisesAdmin),
    (Contractor, ContractorAdmin),
    (Contract, ContractAdmin),
]:
    admin.site.unregister(_model)
    admin.site.register(_model, _model_admin)

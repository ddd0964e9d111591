"""The mapping in the admin: the administrator edits it; every change is
audited (iok.audit records every model of IOK's apps)."""

from django.contrib import admin

from iok.accounting.models import BankAccount, Chart, ComponentAccount, VatAccount


@admin.register(Chart)
class ChartAdmin(admin.ModelAdmin):
    list_display = ["__str__", "receivables", "receivables_per_ledger", "bank", "opening"]

    def has_add_permission(self, request):
        return not Chart.objects.exists()  # one row: the data migration made it

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ComponentAccount)
class ComponentAccountAdmin(admin.ModelAdmin):
    list_display = ["component", "revenue", "settlement"]


@admin.register(VatAccount)
class VatAccountAdmin(admin.ModelAdmin):
    list_display = ["rate", "account"]


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    list_display = ["collection_account", "account"]

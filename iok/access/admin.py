"""Accounts and access requests in the admin, for the administrator.
Decisions are made on the office pages, where the registry check is shown,
so the admin shows a request's decision but does not change it."""

from django.contrib import admin

from iok.access.models import AccessRequest, Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "contractor", "must_change_password", "terms_accepted"]
    list_select_related = ["user", "contractor"]
    search_fields = ["user__username", "contractor__last_name", "contractor__pesel"]
    raw_id_fields = ["user", "contractor"]


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["submitted", "last_name", "first_name", "contract_number", "status"]
    list_filter = ["status"]
    search_fields = ["last_name", "pesel", "contract_number"]
    readonly_fields = ["status", "rejection_reason", "decided_by", "decided_at", "user"]

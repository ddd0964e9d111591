"""Accounts and access requests in the admin, for the administrator.
Decisions are made on the office pages, where the registry check is shown,
so the admin shows a request's decision but does not change it.

Staff see and change tenants' accounts only: the account of a login of the
office, City Hall or the administrator is not in their list, cannot be
opened, changed or deleted by them, and no account may be made for such a
login by them (logins.may_manage)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iok.access import logins
from iok.access.models import AccessRequest, Account


class AccountForm(forms.ModelForm):
    actor = None  # the admin's user, set by AccountAdmin.get_form

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user is not None and not logins.may_manage(self.actor, user):
            logins.refused(self.actor, user, "an account")
            raise forms.ValidationError(
                _("Only the administrator manages the login %(login)s."),
                params={"login": user.get_username()},
            )
        return user


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    form = AccountForm
    list_display = ["user", "contractor", "must_change_password", "terms_accepted"]
    list_select_related = ["user", "contractor"]
    search_fields = ["user__username", "contractor__last_name", "contractor__pesel"]
    raw_id_fields = ["user", "contractor"]

    def get_queryset(self, request):
        return super().get_queryset(request).manageable_by(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.actor = request.user  # a class made for this request: no other sees it
        return form

    def get_readonly_fields(self, request, obj=None):
        # An account stays with its login: moving it to another login would
        # hand that login the tenant's contractor and state.
        return ["user"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._manages(request, obj)

    def _manages(self, request, obj) -> bool:
        return obj is None or logins.may_manage(request.user, obj.user)


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["submitted", "last_name", "first_name", "contract_number", "status"]
    list_filter = ["status"]
    search_fields = ["last_name", "pesel", "contract_number"]
    readonly_fields = ["status", "rejection_reason", "decided_by", "decided_at", "user"]

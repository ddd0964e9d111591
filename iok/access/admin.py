"""Accounts and access requests in the admin, for the administrator.
Decisions are made on the office pages, where the registry check is shown,
so the admin shows a request's decision but does not change it.

Staff see and change tenants' accounts only: the account of a login of the
office, City Hall or the administrator is not in their list, cannot be
opened, changed or deleted by them, and no account may be made for such a
login by them (logins.may_manage). The same holds for the logins themselves
(Django's users) and their second-step devices (iok/security/admin.py),
should a group ever be given permissions there: and groups, which carry
the office's rights, are changed by the administrator alone."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from iok.access import logins
from iok.access.models import AccessRequest, Account
from iok.access.roles import protected_q


class ManagedLoginsMixin:
    """A model admin of logins or of what belongs to one: whoever is not the
    administrator sees, changes and deletes only what belongs to a login
    they may manage (logins.may_manage)."""

    login_path = "user"  # from the model to its login; "" for the user model

    def login_of(self, obj):
        return getattr(obj, self.login_path) if self.login_path else obj

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.exclude(protected_q(f"{self.login_path}__" if self.login_path else ""))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._manages(request, obj)

    def _manages(self, request, obj) -> bool:
        return obj is None or logins.may_manage(request.user, self.login_of(obj))


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
class AccountAdmin(ManagedLoginsMixin, admin.ModelAdmin):
    form = AccountForm
    list_display = ["user", "contractor", "must_change_password", "terms_accepted"]
    list_select_related = ["user", "contractor"]
    search_fields = ["user__username", "contractor__last_name", "=contractor__pesel"]
    raw_id_fields = ["user", "contractor"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.actor = request.user  # a class made for this request: no other sees it
        return form

    def get_readonly_fields(self, request, obj=None):
        # An account stays with its login: moving it to another login would
        # hand that login the tenant's contractor and state.
        return ["user"] if obj is not None else []


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class LoginAdmin(ManagedLoginsMixin, UserAdmin):
    login_path = ""
    # What makes a login staff, City Hall or the administrator.
    RIGHTS = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, *self.RIGHTS]


@admin.register(Group)
class RightsGroupAdmin(GroupAdmin):
    """A group's permissions are the rights of everyone in it, staff and
    City Hall included: only the administrator changes them."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["submitted", "last_name", "first_name", "contract_number", "status"]
    list_filter = ["status"]
    search_fields = ["last_name", "=pesel", "contract_number"]
    readonly_fields = ["status", "rejection_reason", "decided_by", "decided_at", "user"]

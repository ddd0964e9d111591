from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iok.api import tokens
from iok.api.models import ApiToken
from iok.api.scopes import Scope


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["system", "scopes", "expires"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The administrator makes a system's token here (or with `iok api-token`):
    it is shown once, after saving; IOK keeps only its digest."""

    form = ApiTokenForm
    list_display = ["system", "token_prefix", "scopes", "expires", "revoked", "last_used"]
    list_filter = ["system"]
    readonly_fields = ["token_prefix", "created", "created_by", "revoked", "last_used"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # A token's scopes and expiry are set when it is made: a change is a new token.
        if obj is not None:
            return [*self.readonly_fields, "system", "scopes", "expires"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the audit log names its system

    def save_model(self, request, obj, form, change):
        if change:
            return
        token = tokens.assign(obj)
        obj.created_by = request.user.get_username()
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _("The token for %(system)s, shown this once only: %(token)s")
            % {"system": obj.system, "token": token},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = sum(tokens.revoke(row) for row in queryset)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
        )

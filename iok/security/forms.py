from django import forms
from django.utils.translation import gettext_lazy as _

from iok.security import twofactor


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits the authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the code.")},
    )


class AppCodeForm(CodeForm):
    """A code from the authenticator app only: it proves the app holds the key."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The 6 digits the authenticator app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Type the 6-digit code from the app.")},
    )


class ReauthenticationForm(forms.Form):
    """What a change of the second step asks for: the login's password and,
    where a device exists, a code of it (the app's or a recovery code), so
    that a session left open, or stolen, cannot replace the second step."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password.")},
    )
    current_code = forms.CharField(
        label=_("Code from your current app"),
        max_length=20,
        help_text=_(
            "The 6 digits the app on your current phone shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the code from your current app.")},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not twofactor.has_device(user):
            del self.fields["current_code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_current_code(self):
        code = self.cleaned_data["current_code"]
        if self.has_error("password"):
            return code  # a code is spent once checked: not for a wrong password
        if not twofactor.matches_current(self.user, code):
            raise forms.ValidationError(
                _(
                    "This code is not right, or it has been used already: "
                    "wait for the next code from your current app."
                )
            )
        return code


class SetupForm(ReauthenticationForm):
    """Setting up the app (first, or on a new phone): the password, a code
    of the current device where there is one, and a code from the new app."""

    code = AppCodeForm.base_fields["code"]

"""Forms of access: they validate and convert, the rules live in logins.py,
applications.py and email_address.py."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from stdnum.pl import pesel

from iok.access import mail, resets
from iok.access.logins import password_changed
from iok.access.models import AccessRequest, Account


class AccessRequestForm(forms.ModelForm):
    # Longer than 11: people type spaces and dashes, clean_pesel drops them.
    pesel = forms.CharField(
        label="PESEL",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    consents_to_electronic_correspondence = forms.BooleanField(
        label=_(
            "I consent to receiving correspondence about my contract electronically: "
            "in the tenant portal and at the e-mail address given above."
        ),
        error_messages={
            "required": _(
                "The portal is electronic correspondence: without this consent "
                "we cannot give you a login."
            )
        },
    )

    class Meta:
        model = AccessRequest
        fields = [
            "first_name",
            "last_name",
            "pesel",
            "premises_address",
            "contract_number",
            "email",
            "phone",
            "consents_to_electronic_correspondence",
        ]
        help_texts = {
            "premises_address": _("Street, building and premises number, city."),
            "contract_number": _("As on your contract or on a payment notice."),
            "email": _("Optional. You can also give it later, in the portal."),
            "phone": _("Optional: for questions about your application."),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def clean_pesel(self):
        # The model's validator checks the digits.
        return pesel.compact(self.cleaned_data["pesel"])

    def clean_contract_number(self):
        return self.cleaned_data["contract_number"].strip().upper()


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads it: say what is wrong and what to do."),
        error_messages={"required": _("Give the reason: a request is not rejected without one.")},
    )


class AccountSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Login, last name or PESEL"), required=False, max_length=80, strip=True
    )


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form with messages that say the same whether or not
    the login exists, and the one-time password's deadline."""

    username = auth_forms.UsernameField(
        label=_("Login"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "The login or the password is wrong. After %(limit)d failed attempts logging "
            "in is blocked for %(minutes)d minutes."
        ),
        "inactive": _("This login is closed. Please contact the office."),
        "expired": _("Your one-time password has expired. Please ask the office for a new one."),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": settings.AXES_COOLOFF_TIME.total_seconds() // 60,
            },
        )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        account = getattr(user, "account", None)
        if account is not None and account.one_time_password_expired():
            raise forms.ValidationError(self.error_messages["expired"], code="expired")


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    """The new password must differ from the current one: otherwise a
    one-time password, printed on paper, would stay the password for good."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["old_password"].help_text = _(
            "At the first login: the one-time password from the letter."
        )
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and new == cleaned.get("old_password"):
            self.add_error("new_password1", _("The new password must differ from the current one."))
        return cleaned

    def save(self, commit=True):
        user = super().save(commit)
        password_changed(user)
        return user


class ResetPasswordForm(auth_forms.PasswordResetForm):
    """Django's reset form, limited to logins that confirmed the address.
    The page after it says the same whether or not anything was sent."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        confirmed = set(
            Account.objects.filter(email_confirmed=True, user__email__iexact=email).values_list(
                "user", flat=True
            )
        )
        return (user for user in super().get_users(email) if user.pk in confirmed)

    def save(
        self, domain_override=None, use_https=False, request=None, extra_email_context=None, **_
    ):
        """Queue the reset for the worker (iok/access/resets.py): the same
        work for every address, so the answer takes the same time."""
        domain = domain_override or request.get_host()
        resets.queue_reset(self.cleaned_data["email"], domain, use_https, extra_email_context)

    def send_links(self, domain: str, use_https: bool, extra_email_context=None) -> int:
        """In the job: mail a link to each login with this confirmed address;
        return how many. A mail server that does not take one raises OSError."""
        self._sent = 0
        super().save(
            domain_override=domain, use_https=use_https, extra_email_context=extra_email_context
        )
        return self._sent

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # Django passes its own template names; IOK's e-mails are one triple.
        mail.send_now("password_reset", context, [context["email"]])
        self._sent += 1


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Setting a password from a reset link ends the one-time password too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")

    def save(self, commit=True):
        user = super().save(commit)
        password_changed(user)
        return user


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We send a confirmation link to it; only a confirmed address can reset "
            "a forgotten password."
        ),
    )


class TermsForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the terms of use and accept them."),
        error_messages={"required": _("Tick the box to accept the terms of use.")},
    )

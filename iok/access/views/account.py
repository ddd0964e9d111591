"""A login's own pages: the first steps (password, terms of use) and the
account settings (e-mail address, password)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok.access import email_address, logins, throttle
from iok.access.forms import ChangePasswordForm, EmailForm, TermsForm
from iok.access.models import Account


@login_required
def password_change(request):
    account = Account.for_user(request.user)
    first_login = account.must_change_password
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = form.save()
        # Every other session of this login ends (its password hash changed);
        # this one goes on.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your new password is set."))
        return redirect("portal:home" if first_login else "access:settings")
    context = {"form": form, "first_login": first_login}
    return render(request, "access/password_change.html", context)


def terms(request):
    """The terms of use, for anyone to read; a login that has not accepted
    them yet finds the acceptance form under them."""
    account = Account.for_user(request.user) if request.user.is_authenticated else None
    context = {"account": account, "form": TermsForm()}
    return render(request, "access/terms.html", context)


@login_required
@require_POST
def accept_terms(request):
    account = Account.for_user(request.user)
    form = TermsForm(request.POST)
    if not form.is_valid():
        return render(request, "access/terms.html", {"account": account, "form": form})
    logins.accept_terms(account)
    messages.success(request, _("Thank you: the terms of use are accepted."))
    return redirect("portal:home")


@login_required
def account_settings(request):
    account = Account.for_user(request.user)
    form = EmailForm(initial={"email": request.user.email})
    return render(request, "access/settings.html", {"account": account, "form": form})


@login_required
@require_POST
def change_email(request):
    account = Account.for_user(request.user)
    form = EmailForm(request.POST)
    if not form.is_valid():
        return render(request, "access/settings.html", {"account": account, "form": form})
    if email_address.set_email(request, account, form.cleaned_data["email"]):
        messages.success(request, _("We have sent a confirmation link to your e-mail address."))
    else:
        messages.error(request, _("We could not send the e-mail now. Please try again later."))
    return redirect("access:settings")


def confirm_email(request, token):
    account = email_address.confirm_email(token)
    return render(request, "access/email_confirmed.html", {"account": account})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, counted per client address and per e-mail address
    before any mail goes out; over a limit the same 429 page for every
    address, known or not."""

    def form_valid(self, form):
        if throttle.over_limit(self.request, "password_reset", email=form.cleaned_data["email"]):
            return throttle.refused(self.request, "password_reset")
        return super().form_valid(form)

"""The second step's pages, under /konto/dwa-etapy/: set up the app, give a
code after the password, see and renew recovery codes, turn it off (tenants)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok.security import twofactor
from iok.security.forms import CodeForm, ReauthenticationForm, SetupForm

NEW_CODES = "iok_new_recovery_codes"
DISABLE_PREFIX = "off"


def wrong_setup_code():
    return _(
        "This code is not right. Check that the time on your phone is set automatically "
        "and type the code the app shows now."
    )


def wrong_code():
    return _(
        "This code is not right, or it has been used already. "
        "Wait for the next code from the app and try again."
    )


@login_required
def two_factor(request):
    return render(request, "access/two_step/settings.html", _settings_context(request))


def _settings_context(request, form=None, codes_form=None) -> dict:
    """The settings page's two forms: new recovery codes, and turning the
    second step off (its fields prefixed "off-", so that their ids differ)."""
    user = request.user
    return {
        "has_device": twofactor.has_device(user),
        "required": twofactor.is_required(user),
        "codes_left": twofactor.recovery_codes_left(user),
        "form": form or ReauthenticationForm(user, prefix=DISABLE_PREFIX),
        "codes_form": codes_form or ReauthenticationForm(user),
    }


@login_required
def setup(request):
    """Set up the app, or move it to a new phone: with the password and, when
    replacing, a code of the current device (twofactor: module docstring)."""
    device = twofactor.pending_device(request.user)
    form = SetupForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = twofactor.confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            request.session[NEW_CODES] = codes
            messages.success(request, _("Two-step login is on."))
            return redirect("security:recovery_codes")
        form.add_error("code", wrong_setup_code())
    context = {
        "form": form,
        "key": twofactor.key_in_groups(device),
        "qr": twofactor.qr_svg(device, _("QR code for the authenticator app")),
        "replacing": twofactor.has_device(request.user),
    }
    return render(request, "access/two_step/setup.html", context)


@login_required
def verify(request):
    target = _next(request)
    if request.user.is_verified() or not twofactor.has_device(request.user):
        return redirect(target)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if twofactor.verify(request, form.cleaned_data["code"]):
            return redirect(target)
        form.add_error("code", wrong_code())
    return render(request, "access/two_step/verify.html", {"form": form, "next": target})


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def recovery_codes(request):
    codes = request.session.pop(NEW_CODES, None)
    context = {"codes": codes, "codes_left": twofactor.recovery_codes_left(request.user)}
    return render(request, "access/two_step/recovery_codes.html", context)


@login_required
@require_POST
def new_recovery_codes(request):
    if not twofactor.has_device(request.user):
        raise Http404
    form = ReauthenticationForm(request.user, request.POST)
    if not form.is_valid():
        context = _settings_context(request, codes_form=form)
        return render(request, "access/two_step/settings.html", context)
    request.session[NEW_CODES] = twofactor.new_recovery_codes(request.user)
    messages.success(request, _("New recovery codes are ready: the earlier ones no longer work."))
    return redirect("security:recovery_codes")


@login_required
@require_POST
def disable(request):
    """Only a tenant may turn the second step off, and only with the password
    and a code."""
    if twofactor.is_required(request.user) or not twofactor.has_device(request.user):
        raise Http404
    form = ReauthenticationForm(request.user, request.POST, prefix=DISABLE_PREFIX)
    if form.is_valid():
        twofactor.disable(request)
        messages.success(request, _("Two-step login is off."))
        return redirect("security:settings")
    return render(request, "access/two_step/settings.html", _settings_context(request, form))

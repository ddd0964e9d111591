"""The office's pages of access: pending requests checked against the
registry, approval and rejection, tenant logins and their credential
letters. Managing logins is staff work: City Hall reads requests and logins
in the admin but opens none of these pages (iok.access.roles)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from iok import clock
from iok.access import applications, letters, logins
from iok.access.forms import AccessRequestForm, AccountSearchForm, RejectForm
from iok.access.models import AccessRequest, Account
from iok.access.roles import MANAGE_LOGINS, MANAGE_REQUESTS, is_protected, requires
from iok.access.views.application import pdf_response


def _get_request(pk) -> AccessRequest:
    return get_object_or_404(AccessRequest.objects.select_related("user", "decided_by"), pk=pk)


def _get_tenant_account(request, pk, what: str) -> Account:
    """A tenant's login that the visitor may manage, or 404: a clerk must not
    reset a login of the office, City Hall or the administrator and read its
    password from a letter, even one linked to a contractor by mistake."""
    account = get_object_or_404(Account.objects.select_related("user", "contractor"), pk=pk)
    if not account.is_tenant:
        raise Http404
    if not logins.may_manage(request.user, account.user) or is_protected(account.user):
        logins.refused(request.user, account.user, what)
        raise Http404
    return account


@requires(*MANAGE_REQUESTS)
def requests(request):
    pending = AccessRequest.objects.pending()
    context = {"requests": pending, "section": "requests"}
    return render(request, "access/office/requests.html", context)


@requires("access.add_accessrequest")
def new_request(request):
    """A paper application, typed in as the applicant wrote it."""
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        access_request, created = applications.submit(form.save(commit=False))
        if created:
            messages.success(request, _("The request is saved and waits for a decision."))
        else:
            submitted = formats.date_format(
                clock.local(access_request.submitted), "SHORT_DATE_FORMAT"
            )
            messages.info(
                request,
                _(
                    "The same application (PESEL, contract number and name) is already "
                    "waiting, sent on %s: nothing new is saved, this is that request."
                )
                % submitted,
            )
        return redirect("access:office_request", access_request.pk)
    context = {"form": form, "section": "requests"}
    return render(request, "access/office/new_request.html", context)


@requires(*MANAGE_REQUESTS)
def request_detail(request, pk, reject_form=None):
    access_request = _get_request(pk)
    context = {
        "access_request": access_request,
        "check": applications.check_against_registry(access_request),
        # A corrected name sent again is a request of its own: show its twin.
        "also_waiting": AccessRequest.objects.pending().for_the_same_contract(access_request),
        "reject_form": reject_form or RejectForm(),
        "section": "requests",
    }
    return render(request, "access/office/request.html", context)


@requires(*MANAGE_REQUESTS, "access.add_account")
@require_POST
def approve(request, pk):
    access_request = _get_request(pk)
    try:
        user, password = applications.approve(access_request, request.user)
    except applications.CannotDecide as exc:
        messages.error(request, str(exc))
        return redirect("access:office_request", pk)
    messages.success(request, _("Login %s is issued. Print the letter now.") % user.username)
    response = redirect("access:office_account", user.account.pk)
    letters.keep_for_letter(request, response, user.account, password)
    return response


@requires(*MANAGE_REQUESTS)
@require_POST
def reject(request, pk):
    access_request = _get_request(pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return request_detail(request, pk, reject_form=form)
    try:
        mailed = applications.reject(access_request, request.user, form.cleaned_data["reason"])
    except applications.CannotDecide as exc:
        messages.error(request, str(exc))
        return redirect("access:office_request", pk)
    if mailed:
        messages.success(request, _("The request is rejected; the applicant has been e-mailed."))
    else:
        messages.warning(
            request, _("The request is rejected. The applicant gave no e-mail: tell them by post.")
        )
    return redirect("access:office_requests")


@requires(*MANAGE_LOGINS)
def accounts(request):
    form = AccountSearchForm(request.GET)
    found = Account.objects.tenants().select_related("user", "contractor")
    if form.is_valid() and (q := form.cleaned_data["q"]):
        found = found.filter(
            Q(user__username=q) | Q(contractor__last_name__icontains=q) | Q(contractor__pesel=q)
        )
    page = Paginator(found.order_by("contractor__last_name", "pk"), 50).get_page(
        request.GET.get("strona")
    )
    query = urlencode({"q": request.GET.get("q", "")})
    context = {"form": form, "page": page, "query": query, "section": "accounts"}
    return render(request, "access/office/accounts.html", context)


@requires(*MANAGE_LOGINS)
def account_detail(request, pk):
    account = _get_tenant_account(request, pk, "the page")
    context = {
        "account": account,
        "letter_waiting": letters.letter_waiting(request.session, account),
        "letter_minutes": letters.LETTER_MINUTES,
        "requests": account.user.access_requests.all(),
        "section": "accounts",
    }
    return render(request, "access/office/account.html", context)


@requires(*MANAGE_LOGINS)
@require_POST
def new_password(request, pk):
    account = _get_tenant_account(request, pk, "a new one-time password")
    password = logins.new_one_time_password(account.user)
    messages.success(request, _("A new one-time password is issued. Print the letter now."))
    response = redirect("access:office_account", pk)
    letters.keep_for_letter(request, response, account, password)
    return response


@requires(*MANAGE_LOGINS)
@never_cache  # it carries a password: no browser or proxy may keep a copy
def letter(request, pk):
    account = _get_tenant_account(request, pk, "the credential letter")
    content = letters.take_letter(request, account)
    if content is None:
        messages.error(
            request,
            _(
                "No letter is waiting: it has already been downloaded, or more than "
                "%(minutes)s minutes have passed since the password was issued, or it "
                "was issued in another browser. Issue a new one-time password."
            )
            % {"minutes": letters.LETTER_MINUTES},
        )
        response = redirect("access:office_account", pk)
    else:
        filename = f"login-{account.user.username}.pdf"
        response = pdf_response(content, filename, inline=False)
    letters.forget_key(response, account)
    return response

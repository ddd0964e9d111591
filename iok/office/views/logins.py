"""The office's pages of tenant logins: the list, a login's page, a new
one-time password and its credential letter. Managing logins is staff work:
City Hall reads logins in the admin but opens none of these pages
(iok.access.roles)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from iok.access import letters, logins
from iok.access.forms import AccountSearchForm
from iok.access.models import Account
from iok.access.roles import MANAGE_LOGINS, is_protected, requires
from iok.downloads import download


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
    return render(request, "office/access/accounts.html", context)


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
    return render(request, "office/access/account.html", context)


@requires(*MANAGE_LOGINS)
@require_POST
def new_password(request, pk):
    account = _get_tenant_account(request, pk, "a new one-time password")
    password = logins.new_one_time_password(account.user)
    messages.success(request, _("A new one-time password is issued. Print the letter now."))
    response = redirect("office:access:account", pk)
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
        response = redirect("office:access:account", pk)
    else:
        filename = f"login-{account.user.username}.pdf"
        response = download(content, "application/pdf", filename)
    letters.forget_key(response, account)
    return response

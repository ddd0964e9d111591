"""The office's pages of access requests: pending requests checked against
the registry, paper applications typed in, approval and rejection. Deciding
requests is staff work: City Hall reads them in the admin but opens none of
these pages (iok.access.roles)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iok import clock
from iok.access import applications, letters
from iok.access.forms import AccessRequestForm, RejectForm
from iok.access.models import AccessRequest
from iok.access.roles import MANAGE_REQUESTS, requires


def _get_request(pk) -> AccessRequest:
    return get_object_or_404(AccessRequest.objects.select_related("user", "decided_by"), pk=pk)


@requires(*MANAGE_REQUESTS)
def requests(request):
    pending = AccessRequest.objects.pending()
    context = {"requests": pending, "section": "requests"}
    return render(request, "office/access/requests.html", context)


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
        return redirect("office:access:request", access_request.pk)
    context = {"form": form, "section": "requests"}
    return render(request, "office/access/new_request.html", context)


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
    return render(request, "office/access/request.html", context)


@requires(*MANAGE_REQUESTS, "access.add_account")
@require_POST
def approve(request, pk):
    access_request = _get_request(pk)
    try:
        user, password = applications.approve(access_request, request.user)
    except applications.CannotDecide as exc:
        messages.error(request, str(exc))
        return redirect("office:access:request", pk)
    messages.success(request, _("Login %s is issued. Print the letter now.") % user.username)
    response = redirect("office:access:account", user.account.pk)
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
        return redirect("office:access:request", pk)
    if mailed:
        messages.success(request, _("The request is rejected; the applicant has been e-mailed."))
    else:
        messages.warning(
            request, _("The request is rejected. The applicant gave no e-mail: tell them by post.")
        )
    return redirect("office:access:requests")

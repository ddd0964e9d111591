"""The public side of an access request: the online form and the paper one."""

from django.shortcuts import redirect, render
from django.urls import reverse

from iok.access import applications, pdf, throttle
from iok.access.forms import AccessRequestForm
from iok.downloads import download


def request_form(request):
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        # Counted before anything is saved, the same for a PESEL known or not.
        if throttle.over_limit(request, "application", pesel=form.cleaned_data["pesel"]):
            return throttle.refused(request, "application")
        _waiting, created = applications.submit(form.save(commit=False))
        if not created:
            # Only an identical application of the applicant's own brings this
            # page: a different name or contract is a new request, so the page
            # cannot tell anyone what someone else has sent.
            return render(request, "access/request_waiting.html")
        return redirect("access:request_sent")
    return render(request, "access/request_form.html", {"form": form})


def request_sent(request):
    # The same page for every application: it does not say whether the
    # PESEL or the contract is known, so the form cannot probe the registry.
    return render(request, "access/request_sent.html")


def request_pdf(request):
    url = request.build_absolute_uri(reverse("access:request_form"))
    form = pdf.application_form(url)
    return download(form, "application/pdf", "wniosek-o-dostep-iok.pdf", inline=True)

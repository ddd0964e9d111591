"""The background jobs as the office sees them: a list with their progress
and failures, one job's page, and what a page says after starting one.
Staff and City Hall read them (`jobs.view_job`); a mail job names its
recipient, so City Hall's reads are audited (iok/audit/reads.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from iok.access.roles import requires
from iok.jobs.models import Job

JOBS_PER_PAGE = 50
REFRESH_SECONDS = 3  # how often a page showing an unfinished job reloads itself


@requires("jobs.view_job")
def jobs(request):
    found = Job.objects.select_related("started_by")
    state = request.GET.get("stan", "")
    if state in Job.State.values:
        found = found.filter(state=state)
    page = Paginator(found, JOBS_PER_PAGE).get_page(request.GET.get("strona"))
    context = {
        "page": page,
        "state": state,
        "states": Job.State.choices,
        "query": f"stan={state}" if state else "",
        "refresh": any(not job.ended for job in page.object_list) and REFRESH_SECONDS,
        "section": "jobs",
    }
    return render(request, "office/jobs/list.html", context)


@requires("jobs.view_job")
def job(request, pk):
    found = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    context = {"job": found, "refresh": not found.ended and REFRESH_SECONDS, "section": "jobs"}
    return render(request, "office/jobs/job.html", context)


def after_start(request, job: Job, follow_at: str = ""):
    """The answer to a POST that started `job`: its outcome and what it
    produced when it has ended already (jobs run in the request, or it was
    that quick), else the page that follows its progress: `follow_at`, or
    the job's own."""
    if job.state == Job.State.DONE:
        getattr(messages, job.level or "success")(request, job.summary)
        return redirect(job.link or follow_at or job_url(job))
    if job.state == Job.State.FAILED:
        messages.error(request, job.failure)
        return redirect(job.link or follow_at or job_url(job))
    messages.info(
        request,
        _("%(what)s started in the background: this page shows how far it has got.")
        % {"what": job.title},
    )
    return redirect(follow_at or job_url(job))


def job_url(job: Job) -> str:
    return reverse("office:jobs:job", args=[job.pk])


# Mounted at /biuro/zadania/ as `office:jobs:…` (iok/office/urls.py).
patterns = [
    path("", jobs, name="jobs"),
    path("<int:pk>/", job, name="job"),
]

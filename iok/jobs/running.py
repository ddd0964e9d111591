"""Starting a job, running it in the worker, its progress and its retries.

`start` records a Job and puts one task on the queue (django-tasks); the
worker (`iok worker`) runs `run_job`, which calls the kind's handler with
the job and a `Progress` to report through. A handler returns an Outcome
or raises: `Failed` for a reason in words that another attempt would not
change, anything else is judged by the kind's Rule."""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, OperationalError, close_old_connections, connection
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from iok import clock
from iok.audit.context import on_behalf_of
from iok.jobs.models import Job

log = logging.getLogger(__name__)

MINUTE = datetime.timedelta(minutes=1)
# A job still "running" this long after its attempt began lost its worker
# (killed, a power cut): no IOK job takes nearly as long.
ABANDONED_AFTER = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Rule:
    """How one kind of job runs: its handler(job, progress) -> Outcome, how
    many attempts it may take, and which errors are worth another one. The
    n-th retry waits `backoff` × 5^(n-1): 1, 5, 25 minutes by default."""

    handler: str
    attempts: int = 1
    retry_on: tuple[type[BaseException], ...] = ()
    backoff: datetime.timedelta = MINUTE

    def wait(self, attempt: int) -> datetime.timedelta:
        return self.backoff * 5 ** (attempt - 1)


# E-mail is retried when the mail server cannot be reached or refuses for now
# (smtplib's errors are OSErrors). The money jobs are retried only when the
# database was busy or lost: their transaction then rolled back whole, and a
# statement import or a settlement run done again books nothing twice
# (docs/jobs.md, "Retries").
RULES = {
    Job.Kind.MAIL: Rule("iok.access.mail.deliver", attempts=4, retry_on=(OSError,)),
    Job.Kind.PASSWORD_RESET: Rule("iok.access.resets.deliver", attempts=4, retry_on=(OSError,)),
    Job.Kind.STATEMENT_IMPORT: Rule(
        "iok.jobs.work.import_statement", attempts=3, retry_on=(OperationalError,)
    ),
    Job.Kind.SETTLEMENT_RUN: Rule("iok.jobs.work.settle", attempts=3, retry_on=(OperationalError,)),
}


@dataclass(frozen=True)
class Outcome:
    summary: str
    link: str = ""
    level: str = Job.Level.SUCCESS


class Failed(Exception):
    """A job that cannot succeed as it stands: `reason` says why, in words."""

    def __init__(self, reason: str, link: str = ""):
        super().__init__(reason)
        self.link = link


class Progress:
    """`progress(done, total, step)` from inside a handler: each call is one
    short UPDATE of its own, so the office page sees it while the job runs.
    (Inside a money transaction nothing is visible before the commit, and on
    SQLite nothing else may write meanwhile: report between transactions.)"""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, done: int, total: int, step: str) -> None:
        self.job.done, self.job.total, self.job.step = done, total, step[:200]
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, step=step[:200])


def start(kind: str, title: str, payload: dict, *, user=None, target: str = "") -> Job:
    """Record a job of `kind` and queue it; return it as it is now (ended
    already when IOK_JOBS_IMMEDIATE runs jobs inside the request). The same
    queries whatever the payload holds."""
    payload = {"language": translation.get_language() or settings.LANGUAGE_CODE, **payload}
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        payload=payload,
        started_by=user if user is not None and user.is_authenticated else None,
        target=target,
        max_attempts=RULES[kind].attempts,
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: Job, run_after: datetime.datetime | None = None) -> None:
    queued = run_job.using(run_after=run_after) if run_after else run_job
    result = queued.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


@task()
def run_job(job_id: int) -> None:
    """The one task on the queue: run the job, record how it went."""
    execute(job_id)


def execute(job_id: int) -> None:
    now = clock.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.WAITING).update(
        state=Job.State.RUNNING,
        attempts=F("attempts") + 1,
        began=Coalesce("began", now),
        attempt_began=now,
        next_attempt=None,
    )
    if not claimed:
        return  # ended already, or another worker has it
    job = Job.objects.select_related("started_by").get(pk=job_id)
    rule = RULES[job.kind]
    language = job.payload.get("language") or settings.LANGUAGE_CODE
    try:
        # What the job changes is audited as done by whoever started it.
        with translation.override(language), on_behalf_of(job.started_by, f"job: {job.kind}"):
            outcome = import_string(rule.handler)(job, Progress(job))
    except Exception as exc:  # every failure is recorded on the job, the worker goes on
        _failed(job, rule, exc)
    else:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.DONE,
            summary=outcome.summary,
            level=outcome.level,
            link=outcome.link,
            failure="",
            payload={},
            finished=clock.now(),
        )


def _failed(job: Job, rule: Rule, exc: Exception) -> None:
    if isinstance(exc, DatabaseError) and not connection.in_atomic_block:
        close_old_connections()  # a lost connection: the next query opens a new one
    with translation.override(job.payload.get("language") or settings.LANGUAGE_CODE):
        reason = describe(exc)
    again = isinstance(exc, rule.retry_on) and job.attempts < job.max_attempts
    if not again:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED,
            failure=reason,
            link=getattr(exc, "link", ""),
            payload={},
            finished=clock.now(),
        )
        return
    when = clock.now() + rule.wait(job.attempts)
    Job.objects.filter(pk=job.pk).update(state=Job.State.WAITING, failure=reason, next_attempt=when)
    if run_job.get_backend().supports_defer:
        _enqueue(job, run_after=when)
    else:
        execute(job.pk)  # jobs run in the request (IOK_JOBS_IMMEDIATE): again at once


def give_up_abandoned() -> int:
    """Fail the jobs whose worker stopped in the middle of them, so the office
    sees why and can start the work again; return how many. A money job's
    transaction rolled back with its worker, and doing it again books
    nothing twice. Called by `iok worker` when it starts."""
    started = clock.now() - ABANDONED_AFTER
    return Job.objects.filter(state=Job.State.RUNNING, attempt_began__lt=started).update(
        state=Job.State.FAILED,
        failure=_(
            "The worker stopped while running this job (a restart or a power cut). "
            "Nothing of it was booked unless its result shows here; start it again."
        ),
        payload={},
        finished=clock.now(),
    )


def describe(exc: Exception) -> str:
    """Why a job failed, in words for the office."""
    if isinstance(exc, Failed):
        return str(exc)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, smtplib.SMTPException):
        return _("The mail server did not take the message: %(error)s") % {"error": exc}
    if isinstance(exc, OSError):
        return _("Could not connect to the server: %(error)s") % {"error": exc}
    if isinstance(exc, OperationalError):
        return _("The database was busy or could not be reached: %(error)s") % {"error": exc}
    log.error("Job failed unexpectedly.", exc_info=exc)
    return _(
        "Unexpected error (%(type)s): %(error)s. The administrator finds the details in the log."
    ) % {"type": type(exc).__name__, "error": exc}

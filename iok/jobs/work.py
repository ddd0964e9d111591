"""The office's long work as jobs: a statement import and a settlement run.

Both are idempotent by design, which is what makes a retry safe: an import
books each statement line once (its unique key, the upload's lock and its
`imported` mark), and a settlement run books only what differs from what is
already booked for the period. Both are one transaction: a failure books
nothing, so the next attempt starts from the same books."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from iok.jobs.models import Job
from iok.jobs.running import Failed, Outcome
from iok.payments import uploads
from iok.payments.models import Upload
from iok.payments.staged import StatementError
from iok.registry.models import Building
from iok.settlements.running import run_settlements


def import_statement(job: Job, progress) -> Outcome:
    upload = Upload.objects.get(pk=job.payload["upload"])
    preview = reverse("office:statement_preview", args=[upload.pk])
    progress(0, 2, _("Reading %(name)s") % {"name": upload.name})
    try:
        progress(1, 2, _("Matching and booking the payments"))
        result = uploads.import_upload(upload, job.started_by)
    except StatementError as exc:
        raise Failed(str(exc), link=preview) from exc
    except uploads.AlreadyImported:
        summary = _("%(name)s has been imported before: nothing was booked.") % {
            "name": upload.name
        }
        return Outcome(summary, preview, Job.Level.WARNING)
    progress(2, 2, _("Booked"))
    summary = _("Imported: %(booked)d payments booked, %(unmatched)d wait in the queue.") % {
        "booked": result.booked,
        "unmatched": result.unmatched,
    }
    return Outcome(summary, _statements_of(upload))


def _statements_of(upload: Upload) -> str:
    """An imported file's page: its statement's, or the list of its statements."""
    statements = list(upload.statements.values_list("pk", flat=True)[:2])
    if len(statements) == 1:
        return reverse("office:statement_detail", args=[statements[0]])
    return f"{reverse('office:statement_list')}?plik={upload.pk}"


def settle(job: Job, progress) -> Outcome:
    data = job.payload
    first = datetime.date.fromisoformat(data["first"])
    last = datetime.date.fromisoformat(data["last"])
    building = Building.objects.get(pk=data["building"]) if data.get("building") else None
    progress(0, 1, _("Calculating and booking the settlements"))
    result = run_settlements(first, last, building=building, user=job.started_by)
    progress(1, 1, _("Booked"))
    summary = _(
        "Booked %(new)d settlements and %(corrected)d corrections; %(unchanged)d unchanged."
    ) % {
        "new": result.run.booked,
        "corrected": result.run.corrected,
        "unchanged": result.run.unchanged,
    }
    return Outcome(summary, reverse("office:settlements:run", args=[result.run.pk]))

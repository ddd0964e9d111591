"""A job whose worker was killed in the middle of it does not stay "running"
for ever (which would also keep its file from being imported again): the
next worker to start marks it failed, saying why."""

import datetime

import pytest

from iok.jobs.models import Job
from tests.clock import FROZEN_AT

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def running_since(moment) -> Job:
    return Job.objects.create(
        kind=Job.Kind.STATEMENT_IMPORT,
        title="Import pliku wyciągu wyciag.xml",
        state=Job.State.RUNNING,
        attempts=1,
        began=moment,
        attempt_began=moment,
        target="upload:1",
    )


def test_a_job_left_running_for_over_an_hour_is_failed_when_a_worker_starts(queued, work):
    lost = running_since(FROZEN_AT - HOUR - datetime.timedelta(seconds=1))
    busy = running_since(FROZEN_AT - HOUR + datetime.timedelta(minutes=5))
    work()
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.state == "failed" and lost.finished == FROZEN_AT
    assert lost.failure.startswith("Proces roboczy zatrzymał się w trakcie tego zadania")
    assert busy.state == "running"  # perhaps another worker's, still at it
    assert not Job.objects.active().filter(target="upload:1").exclude(pk=busy.pk).exists()

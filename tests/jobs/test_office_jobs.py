"""What the office sees of jobs queued for the worker: a statement import
followed on its own page, a settlement run on its job's page, failures with
their reason, and City Hall's reads of the jobs recorded."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.audit.models import AuditEvent
from iok.jobs.models import Job
from iok.payments.models import Statement, StatementLine, Upload
from iok.settlements.models import SettlementRun
from tests.office.test_payment_pages import upload
from tests.settlements.conftest import DEC31, LAST, charge_advances, prices, water_meter

__all__ = ["prices"]


def said(response) -> str:
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


def test_an_import_waits_for_the_worker_and_its_page_follows_it_until_booked(
    queued, work, client, people, contract
):
    saved, _ = upload(client, people, contract)
    confirm = reverse("office:statement_confirm", args=[saved.pk])
    preview = reverse("office:statement_preview", args=[saved.pk])
    response = client.post(confirm)
    assert response.url == preview
    assert said(response) == (
        "Import pliku wyciągu wyciag.xml: uruchomiono w tle; ta strona pokazuje postęp."
    )
    page = client.get(preview).content.decode()
    assert "Wyciąg wyciag.xml: import" in page and "Czeka" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert not StatementLine.objects.exists()  # nothing booked by the request
    again = client.post(confirm)
    assert said(again) == "wyciag.xml jest już importowany." and Job.objects.count() == 1
    work()
    job = Job.objects.get()
    statement = Statement.objects.get()
    assert (job.state, job.done, job.total, job.started_by) == ("done", 2, 2, people.clerk)
    assert job.summary == "Zaimportowano: zaksięgowane wpłaty: 1, czekające w kolejce: 1."
    assert job.link == reverse("office:statement_detail", args=[statement.pk])
    assert client.get(preview).url == job.link  # the import page now shows the statement
    booked = AuditEvent.objects.get(content_type__model="statement", action="create")
    assert (booked.actor_id, booked.context) == (people.clerk.pk, "job: statement_import")
    assert not AuditEvent.objects.filter(content_type__model="job").exists()
    job_page = client.get(reverse("office:jobs:job", args=[job.pk])).content.decode()
    assert job.summary in job_page and 'http-equiv="refresh"' not in job_page


def test_a_file_that_cannot_be_imported_fails_with_the_reason_and_books_nothing(
    queued, work, client, people
):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("list.txt", "Szanowni Państwo, w załączeniu…".encode())
    client.post(reverse("office:statement_upload"), {"file": file})
    saved = Upload.objects.get()
    client.post(reverse("office:statement_confirm", args=[saved.pk]))
    work()
    job = Job.objects.get()
    assert (job.state, job.attempts) == ("failed", 1)  # a bad file is not tried again
    assert "list.txt" in job.failure and not StatementLine.objects.exists()
    assert job.link == reverse("office:statement_preview", args=[saved.pk])
    listing = client.get(reverse("office:jobs:jobs"), {"stan": "failed"}).content.decode()
    assert "Dlaczego się nie udało:" in listing and job.failure in listing


@pytest.mark.usefixtures("prices")
def test_a_settlement_run_is_booked_by_the_worker_and_its_job_links_to_the_run(
    queued, work, client, people, flat, ledger
):
    water_meter(flat, "W-1", (DEC31, "100"), (LAST, "118.1"))
    charge_advances(ledger, range(1, 7))
    client.force_login(people.clerk)
    response = client.post(
        reverse("office:settlements:run_confirm"),
        {"first": "2026-01-01", "last": "2026-06-30", "building": ""},
    )
    job = Job.objects.get()
    assert response.url == reverse("office:jobs:job", args=[job.pk])
    assert job.title == "Rozliczenie mediów 01.01.2026–30.06.2026, wszystkie budynki"
    assert not SettlementRun.objects.exists()
    work()
    job.refresh_from_db()
    run = SettlementRun.objects.get()
    assert (job.state, job.link) == ("done", reverse("office:settlements:run", args=[run.pk]))
    assert run.created_by == people.clerk and run.booked == 2


def test_city_halls_reads_of_the_jobs_are_recorded_and_tenants_see_nothing(queued, client, people):
    job = Job.objects.create(kind=Job.Kind.MAIL, title="E-mail do anna@example.pl")
    client.force_login(people.official)
    page = client.get(reverse("office:jobs:job", args=[job.pk])).content.decode()
    assert "anna@example.pl" in page
    read = AuditEvent.objects.filter(action="read").get()
    assert (read.content_type.model, read.object_id) == ("job", job.pk)
    client.force_login(people.tenant)
    assert client.get(reverse("office:jobs:jobs")).status_code == 404


def test_the_list_of_jobs_takes_the_same_queries_however_many_jobs_it_shows(
    client, people, django_assert_max_num_queries
):
    def some(count):
        for n in range(count):
            Job.objects.create(kind=Job.Kind.MAIL, title=f"E-mail {n}", started_by=people.clerk)

    client.force_login(people.clerk)
    some(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("office:jobs:jobs"))
    some(20)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("office:jobs:jobs")).content.decode()
    assert "22 zadania, od najnowszego" in page


def test_a_running_jobs_page_shows_its_progress_and_reloads_itself(client, people):
    job = Job.objects.create(
        kind=Job.Kind.STATEMENT_IMPORT,
        title="Import pliku wyciągu wyciag.xml",
        state=Job.State.RUNNING,
        done=1,
        total=2,
        step="Dopasowywanie i księgowanie wpłat",
        attempts=1,
        max_attempts=3,
    )
    client.force_login(people.clerk)
    page = client.get(reverse("office:jobs:job", args=[job.pk])).content.decode()
    assert '<progress max="2" value="1" aria-label="Postęp">50%</progress>' in page
    assert "krok 1 z 2 · Dopasowywanie i księgowanie wpłat" in page
    assert '<meta http-equiv="refresh" content="3">' in page and "1 z 3" in page

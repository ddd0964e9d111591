"""An e-mail the server will not take is tried again after 1, 5 and 25
minutes, then given up with the reason, which the office's jobs page shows."""

import datetime

import pytest
from django.core import mail as outbox
from django.urls import reverse

from iok.access.mail import send_templated_mail
from iok.jobs.models import Job
from tests.clock import FROZEN_AT

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def send_one():
    context = {"user": None, "link": "https://iok.example/konto/email/x/", "days": 3}
    assert send_templated_mail("confirm_email", context, ["anna@example.pl"])
    return Job.objects.get()


def test_a_queued_message_waits_for_the_worker_and_is_sent_by_it(queued, work):
    job = send_one()
    assert (job.state, job.attempts, outbox.outbox) == ("waiting", 0, [])
    work()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.done, job.total) == ("done", 1, 1, 1)
    assert job.summary == "Wysłano do anna@example.pl." and job.payload == {}
    [message] = outbox.outbox
    assert (
        message.to == ["anna@example.pl"] and "https://iok.example/konto/email/x/" in message.body
    )


def test_a_refused_message_is_retried_with_backoff_then_fails_with_its_reason(
    queued, work, settings, time_machine, client, people
):
    settings.EMAIL_BACKEND = "tests.jobs.backends.RefusingBackend"
    job = send_one()
    now = FROZEN_AT
    for attempt, minutes in ((1, 1), (2, 5), (3, 25)):
        work()
        job.refresh_from_db()
        assert (job.state, job.attempts) == ("waiting", attempt)
        assert job.next_attempt == now + minutes * MINUTE
        work()  # not due yet: nothing happens
        job.refresh_from_db()
        assert job.attempts == attempt
        now = job.next_attempt
        time_machine.move_to(now, tick=False)
    work()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.max_attempts) == ("failed", 4, 4)
    assert job.failure == ("Serwer poczty nie przyjął wiadomości: Connection unexpectedly closed")
    assert job.payload == {}  # the link does not outlive the job
    client.force_login(people.clerk)
    for url in (reverse("office:jobs:jobs"), reverse("office:jobs:job", args=[job.pk])):
        page = client.get(url).content.decode()
        assert "Connection unexpectedly closed" in page and "anna@example.pl" in page

"""The password reset and the access application do the same work in the
request whether or not the address (or the PESEL) is known: the same
queries, and no mail server contacted. Only the worker, later, finds out
whether there is anything to send. Checked by what runs, not by timing."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.jobs.models import Job
from tests.jobs.backends import CountingBackend

RESET = reverse("access:password_reset")
WARM = {"email": "warm@example.pl"}
APPLY = reverse("access:request_form")


def shape(queries) -> list[str]:
    """The statements run, with every value taken out: what was done, not to what."""
    values = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|\"s\d+_x\d+\"")
    return [values.sub("?", query["sql"]) for query in queries]


def same_work(url, first, second, warm) -> tuple[int, list[str]]:
    """Post `first` and `second` (after one post of `warm`, which fills the
    process's caches, such as content types) and return what each did,
    asserting they did the same."""
    posted(url, warm, "10.0.0.9")
    done = posted(url, first, "10.0.0.1")
    assert done == posted(url, second, "10.0.0.2")
    return done


def posted(url, data, address) -> tuple[int, list[str]]:
    """POST from a client address of its own, so the throttle counts each
    request as the first from there."""
    client = Client(REMOTE_ADDR=address)
    client.get(url)  # the session and CSRF cookie, outside the measured request
    with CaptureQueriesContext(connection) as done:
        response = client.post(url, data)
    return response.status_code, shape(done.captured_queries)


@pytest.fixture
def confirmed(people):
    user = people.tenant
    user.email = "anna@example.pl"
    user.save()
    user.account.email_confirmed = True
    user.account.save()
    return user


def test_a_reset_for_a_known_and_an_unknown_address_runs_the_same_queries_and_sends_nothing(
    queued, confirmed, work
):
    status, queries = same_work(
        RESET, {"email": "anna@example.pl"}, {"email": "nikt@example.pl"}, WARM
    )
    assert status == 302
    assert any("INSERT" in sql and "jobs_job" in sql for sql in queries)
    assert CountingBackend.contacts == 0 and mail.outbox == []
    work()
    assert CountingBackend.contacts == 1  # the known address; the warm-up's is unknown too
    [message] = mail.outbox
    assert message.to == ["anna@example.pl"]
    assert set(Job.objects.values_list("state", flat=True)) == {"done"}
    summaries = sorted(job.summary for job in Job.objects.all())
    assert summaries == [
        "Link do nowego hasła wysłano do 1 loginu.",
        "Żaden login nie ma tego potwierdzonego adresu: nic nie wysłano.",
        "Żaden login nie ma tego potwierdzonego adresu: nic nie wysłano.",
    ]


def test_an_unconfirmed_address_is_refused_by_the_worker_not_by_the_request(
    queued, confirmed, work
):
    confirmed.account.email_confirmed = False
    confirmed.account.save()
    same_work(RESET, {"email": "anna@example.pl"}, {"email": "x@example.pl"}, WARM)
    work()
    assert mail.outbox == [] and CountingBackend.contacts == 0


APPLICATION = {
    "first_name": "Zofia",
    "last_name": "Wiśniewska",
    "premises_address": "ul. Mickiewicza 12, garaż G3, Białystok",
    "contract_number": "G/2024/0003",
    "email": "zofia@example.pl",
    "consents_to_electronic_correspondence": "on",
}
WARM_APPLICATION = APPLICATION | {"pesel": "44051401458", "last_name": "Nowak"}


def test_an_application_with_a_known_and_an_unknown_pesel_runs_the_same_queries_and_sends_nothing(
    queued, people
):
    known_pesel = people.tenant.account.contractor.pesel
    known = APPLICATION | {"pesel": known_pesel}
    status, _ = same_work(APPLY, known, APPLICATION | {"pesel": "72050945620"}, WARM_APPLICATION)
    assert status == 302
    assert CountingBackend.contacts == 0 and mail.outbox == []

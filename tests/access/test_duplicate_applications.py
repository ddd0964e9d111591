"""The same application sent twice waits once: the applicant is told it is
being handled, the clerk sees one request, and the page tells nobody what
someone else has sent or what the registry holds."""

import importlib
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from iok.access import applications
from iok.access.applications import reject, submit
from iok.access.models import AccessRequest
from tests.access.helpers import said, without_csrf
from tests.access.test_access_request_form import FILLED

URL = reverse("access:request_form")
WAITING = "Your application is already waiting"


def application(**changes) -> AccessRequest:
    data = {
        "first_name": "Zofia",
        "last_name": "Wiśniewska",
        "pesel": "72050945620",
        "premises_address": "ul. Mickiewicza 12, garaż G3, Białystok",
        "contract_number": "G/2024/0003",
        "consents_to_electronic_correspondence": True,
    }
    return AccessRequest(**{**data, **changes})


@pytest.mark.django_db
def test_the_same_application_sent_twice_waits_once_and_the_second_is_told_so(client):
    assert client.post(URL, FILLED).status_code == 302
    again = client.post(URL, FILLED)
    assert again.status_code == 200
    page = again.content.decode()
    assert said(WAITING) in page and page.count("<h1") == 1
    assert said("Thank you for your application") not in page
    assert reverse("portal:home") in page
    assert AccessRequest.objects.count() == 1


@pytest.mark.django_db
def test_capitals_spaces_and_the_contract_numbers_case_do_not_make_it_new(client):
    client.post(URL, FILLED)
    shouted = {
        **FILLED,
        "first_name": " ZOFIA ",
        "last_name": "WIŚNIEWSKA",
        "pesel": "72050945620",
        "contract_number": "G/2024/0003 ",
        "email": "inny@example.pl",
    }
    assert said(WAITING) in client.post(URL, shouted).content.decode()
    assert AccessRequest.objects.get().email == "zofia@example.pl"


@pytest.mark.django_db
def test_the_waiting_page_is_the_same_whether_or_not_the_registry_knows_the_applicant(
    client, applicant
):
    client.post(URL, FILLED)
    known = without_csrf(client.post(URL, FILLED).content)
    unknown_data = {**FILLED, "pesel": "66112309312", "contract_number": "X/1"}
    client.post(URL, unknown_data)
    unknown = without_csrf(client.post(URL, unknown_data).content)
    assert known == unknown and said(WAITING) in known


@pytest.mark.parametrize(
    "changed",
    [
        {"last_name": "Nowak"},  # someone else naming the same PESEL and contract
        {"first_name": "Anna"},
        {"contract_number": "M/2020/0001"},  # the same person's other contract
        {"pesel": "66112309312"},
    ],
)
@pytest.mark.django_db
def test_an_application_that_differs_in_who_or_what_is_thanked_as_any_new_one(client, changed):
    client.post(URL, FILLED)
    response = client.post(URL, {**FILLED, **changed})
    assert response.status_code == 302 and response.url == reverse("access:request_sent")
    assert AccessRequest.objects.count() == 2


@pytest.mark.django_db
def test_after_a_decision_the_same_application_can_be_sent_again(client, people):
    client.post(URL, FILLED)
    reject(AccessRequest.objects.get(), people.clerk, "Brak umowy o tym numerze.")
    response = client.post(URL, FILLED)
    assert response.status_code == 302 and response.url == reverse("access:request_sent")
    assert AccessRequest.objects.pending().count() == 1


@pytest.mark.django_db
def test_the_clerk_sees_one_request_for_an_application_sent_twice(client, people):
    client.post(URL, FILLED)
    client.post(URL, FILLED)
    client.force_login(people.clerk)
    page = client.get(reverse("office:access:requests")).content.decode()
    assert page.count("Wiśniewska") == 1
    assert (
        said(
            "%(counter)s request, oldest first",
            "%(counter)s requests, oldest first",
            1,
            counter=1,
        )
        in page
    )


@pytest.mark.django_db
def test_a_paper_copy_of_a_waiting_application_leads_the_clerk_to_that_request(client, people):
    first, _created = submit(application())
    client.force_login(people.clerk)
    response = client.post(reverse("office:access:new_request"), FILLED, follow=True)
    assert response.redirect_chain[-1][0] == reverse("office:access:request", args=[first.pk])
    notice = said(
        "The same application (PESEL, contract number and name) is already waiting, "
        "sent on %s: nothing new is saved, this is that request."
    )
    assert notice % "28.11.2026" in response.content.decode()
    assert AccessRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_new_paper_application_is_saved_with_a_message(client, people):
    client.force_login(people.clerk)
    response = client.post(reverse("office:access:new_request"), FILLED, follow=True)
    page = response.content.decode()
    assert said("The request is saved and waits for a decision.") in page


@pytest.mark.django_db
def test_the_database_refuses_a_second_waiting_copy_of_the_same_application():
    application().save()
    with pytest.raises(IntegrityError), transaction.atomic():
        application(contract_number="g/2024/0003", first_name="ZOFIA").save()
    application(last_name="Nowak").save()  # not the same application
    assert AccessRequest.objects.count() == 2


@pytest.mark.django_db
def test_two_posts_at_once_that_both_find_nothing_waiting_make_one_request():
    first, _created = submit(application())
    # The second post looked before the first one was saved: only the
    # constraint stands between them.
    with mock.patch.object(
        applications.AccessRequest.objects.__class__,
        "pending",
        side_effect=[AccessRequest.objects.none(), AccessRequest.objects.filter(status="pending")],
    ):
        waiting, created = submit(application())
    assert (waiting, created) == (first, False)
    assert AccessRequest.objects.count() == 1


@pytest.mark.django_db
def test_an_application_sent_once_is_saved_and_said_to_be_new():
    saved, created = submit(application())
    assert created and saved.pk and saved.is_pending


@pytest.mark.django_db
def test_the_clerk_sees_another_waiting_request_with_the_same_pesel_and_contract(client, people):
    first, _created = submit(application())
    corrected, created = submit(application(last_name="Wiśniewska-Nowak"))
    assert created
    submit(application(contract_number="M/2020/0001", last_name="Inna"))  # another contract
    client.force_login(people.clerk)
    page = client.get(reverse("office:access:request", args=[corrected.pk])).content.decode()
    assert said("Also waiting: the same PESEL and contract, another name") in page
    assert reverse("office:access:request", args=[first.pk]) in page
    assert "Inna" not in page


@pytest.mark.django_db
def test_a_request_without_a_twin_says_nothing_about_others(client, people):
    only, _created = submit(application())
    client.force_login(people.clerk)
    page = client.get(reverse("office:access:request", args=[only.pk])).content.decode()
    assert said("Also waiting: the same PESEL and contract, another name") not in page


@pytest.mark.django_db
def test_copies_waiting_from_before_the_constraint_are_closed_and_the_oldest_waits():
    from django.apps import apps
    from django.db import connection

    close_duplicates = importlib.import_module(
        "iok.access.migrations.0006_pending_once"
    ).close_duplicates
    with connection.cursor() as cursor:  # as before the migration; the test's rollback restores it
        cursor.execute("DROP INDEX access_request_pending_once")
    first = application()
    first.save()
    copy = application(first_name="ZOFIA")
    copy.save()
    other = application(last_name="Nowak")
    other.save()
    close_duplicates(apps, None)
    for request in (first, copy, other):
        request.refresh_from_db()
    assert first.is_pending and other.is_pending
    assert copy.status == AccessRequest.Status.REJECTED
    assert copy.rejection_reason == (
        f"Ten sam wniosek co wniosek nr {first.pk} z 28.11.2026, który czeka na decyzję: "
        "rozpatrujemy go raz."
    )

"""The registry's changelists in the admin: a page of many premises,
contracts or contractors costs the queries of a page of a few (no query per
row for a name made of a related object), for a clerk and for City Hall."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.registry.models import Contract, Contractor, Premises

KB = 1024


def more(building, first: int, count: int) -> None:
    """`count` flats with a contract each, and a contractor, in a few inserts."""
    flats = Premises.objects.bulk_create(
        Premises(building=building, kind="residential", number=f"{n}")
        for n in range(first, first + count)
    )
    Contract.objects.bulk_create(
        Contract(
            number=f"M/2025/{n:04}", kind="lease", premises=flat, start=datetime.date(2025, 1, 1)
        )
        for n, flat in zip(range(first, first + count), flats, strict=True)
    )
    Contractor.objects.bulk_create(
        Contractor(kind="company", company_name=f"Spółka {n}", nip=f"{1000000000 + n}")
        for n in range(first, first + count)
    )


def queries(client, url) -> int:
    client.get(url)  # the first page of a session also reads its login
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.content) < 100 * KB
    return len(captured)


@pytest.mark.parametrize("who", ["clerk", "official"])
@pytest.mark.parametrize("model", ["premises", "contract", "contractor"])
def test_a_changelist_of_a_hundred_rows_costs_the_queries_of_ten(
    client, people, building, model, who
):
    client.force_login(getattr(people, who))
    url = reverse(f"admin:registry_{model}_changelist")
    more(building, 100, 10)
    few = queries(client, url)
    more(building, 200, 90)
    assert queries(client, url) == few

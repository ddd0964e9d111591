"""The audit log's search with 50,000 events: a search by contractor reads
the events on that contractor's objects through indexes, a page costs the
queries of a page over a short log and stays under 100 KB, for staff and
for City Hall (whose search by a person is recorded as a read of them)."""

import datetime
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iok.audit.models import AuditEvent
from iok.audit.search import search
from iok.ledger.models import Ledger
from iok.registry.models import Contractor

URL = reverse("office:audit:events")
KB = 1024


def log(count: int, first: int = 0) -> None:
    """`count` events on other people, other ledgers and bulk writes, in
    batches (the log is append-only: inserts are all it takes)."""
    contractor = ContentType.objects.get_for_model(Contractor)
    ledger = ContentType.objects.get_for_model(Ledger)
    start = timezone.make_aware(datetime.datetime(2024, 1, 1))

    def event(n):
        bulk = n % 500 == 0
        return AuditEvent(
            when=start + datetime.timedelta(minutes=n),
            actor_username="pracownik",
            context="web",
            action="bulk" if bulk else ("update" if n % 2 else "read"),
            content_type=ledger if bulk or n % 3 == 0 else contractor,
            object_id=None if bulk else 100_000 + n,
            object_repr=f"Inny Najemca {n}",
            object_ids=f",{100_000 + n},{100_001 + n}," if bulk else "",
            changes={"city": {"before": "Białystok", "after": "Łomża"}} if n % 2 else {},
        )

    AuditEvent.objects.bulk_create((event(n) for n in range(first, first + count)), batch_size=2000)


def opened(client, query) -> tuple[int, bytes]:
    client.get(URL, query)  # the first page of a session also reads its login
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(captured), response.content


SEARCHES = [
    {"contractor": "Kowalska"},
    {"contractor": "85071412341", "action": "update"},
    {"actor": "pracownik"},
    {"object_text": "Najemca 4"},
    {},
]


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_a_page_of_fifty_thousand_events_costs_the_queries_of_ten(client, people, who):
    client.force_login(getattr(people, who))
    log(10)
    few = {str(query): opened(client, query)[0] for query in SEARCHES}
    log(50_000, first=10)
    for query in SEARCHES:
        many, page = opened(client, query)
        assert many == few[str(query)], query
        assert len(page) < 100 * KB, query


def test_city_halls_search_by_a_person_is_recorded_as_a_read_of_them(client, people, tenant):
    client.force_login(people.official)
    log(1000)
    client.get(URL, {"contractor": "85071412341"})
    assert AuditEvent.objects.filter(
        action="read", actor_username=people.official.username, object_id=tenant.pk,
        content_type=ContentType.objects.get_for_model(Contractor),
    ).exists()  # fmt: skip


def test_a_search_by_contractor_does_not_scan_the_log(people, ledger):
    log(5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics in service (iok/dbstats.py, autovacuum)
        sql, params = search({"contractor": "Kowalska"}).query.sql_with_params()
        explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
        cursor.execute(f"{explain} {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    print(plan)
    if connection.vendor == "sqlite":
        scans = [step for step in plan if step.startswith("SCAN audit_auditevent")]
    else:  # a scan of the table, or of every event of one type through audit_object
        scans = [step for step in plan if "Seq Scan on audit_auditevent" in step]
        scans += [
            cond
            for step, cond in itertools.pairwise(plan)
            if "Index Scan on audit_object" in step and "object_id" not in cond
        ]
    assert scans == [], plan

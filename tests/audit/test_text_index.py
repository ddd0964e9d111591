"""The search by a piece of the object's text reads the text index of
migration 0008, not the whole log, and finds what a case-insensitive
substring match over the same events finds, Polish letters included; the
index is written with the event, in the same statement, and the log stays
append-only."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.audit.models import AuditEvent
from iok.audit.search import SearchForm, search

URL = reverse("office:audit:events")
START = timezone.make_aware(datetime.datetime(2025, 1, 1))
# Letters both databases fold the same way, and what object texts hold.
ALPHABET = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ0123456789 /.-\"'%_"
TEXTS = [
    "Łódź, ul. Piotrkowska 104",
    "ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
    "żółć i gęś",
    "Kowalska Anna",
    "M/2020/0001",
    'Spółdzielnia "Zgoda"',
    "100% zaliczki_2026",
]


def log(texts) -> list[int]:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            when=START + datetime.timedelta(minutes=n),
            actor_username="pracownik",
            context="web",
            action="update",
            object_repr=text,
        )
        for n, text in enumerate(texts)
    )
    return list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))


def found(text: str) -> set[int]:
    return set(search({"object_text": text}).values_list("pk", flat=True))


def reference(text: str) -> set[int]:
    """A substring, any case: what the search means, computed in Python."""
    return {
        pk
        for pk, shown in AuditEvent.objects.values_list("pk", "object_repr")
        if text.lower() in shown.lower()
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("łódź", ["Łódź, ul. Piotrkowska 104"]),
        ("ŁÓDŹ", ["Łódź, ul. Piotrkowska 104"]),
        ("żółć", ["ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "żółć i gęś"]),
        ("gęślą", ["ZAŻÓŁĆ GĘŚLĄ JAŹŃ"]),
        ("gęś", ["ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "żółć i gęś"]),
        ("lodz", []),
        ("ul. p", ["Łódź, ul. Piotrkowska 104"]),
        ("kowalska", ["Kowalska Anna"]),
        ("2020/0", ["M/2020/0001"]),
        ('"Zgoda"', ['Spółdzielnia "Zgoda"']),
        ('a "z', ['Spółdzielnia "Zgoda"']),
        ("0% z", ["100% zaliczki_2026"]),
        ("i_2", ["100% zaliczki_2026"]),
        ("%_2", []),
    ],
)
def test_the_text_search_finds_a_piece_in_any_case_polish_letters_too(db, text, expected):
    log(TEXTS)
    shown = sorted(search({"object_text": text}).values_list("object_repr", flat=True))
    assert shown == sorted(expected)
    assert found(text) == reference(text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=12),
    data=st.data(),
)
def test_the_text_search_finds_what_a_substring_match_finds(db, texts, data):
    with transaction.atomic():
        log(texts)
        source = data.draw(st.sampled_from(texts))
        start = data.draw(st.integers(0, max(len(source) - 3, 0)))
        needles = [
            source[start : start + data.draw(st.integers(3, 12))],
            data.draw(st.text(ALPHABET, min_size=3, max_size=6)),
        ]
        for needle in needles:
            if len(needle) >= 3:
                assert found(needle) == reference(needle), needle
        transaction.set_rollback(True)


def test_a_piece_shorter_than_three_characters_is_refused_with_a_message(db):
    form = SearchForm({"object_text": "ab"})
    assert not form.is_valid()
    assert "3" in form.errors["object_text"][0]


def test_the_text_search_page_lists_the_event_found(client, people):
    client.force_login(people.clerk)
    log(TEXTS)
    page = client.get(URL, {"object_text": "żółć"}).content.decode()
    assert "ZAŻÓŁĆ GĘŚLĄ JAŹŃ" in page and "Kowalska Anna" not in page


def plan_of(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def maintained() -> None:
    """The statistics the planner has in service. SQLite: ANALYZE's, which
    `iok migrate` gathers and billing and imports refresh (iok/dbstats.py).
    PostgreSQL: autovacuum's, which also merges the GIN index's pending list
    of new entries (until then each search reads that list whole)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("SELECT gin_clean_pending_list('audit_text'::regclass)")
            cursor.execute("ANALYZE audit_auditevent")


def scans_the_log(step: str) -> bool:
    """A step that reads every event: a scan of the table or of an index
    over all of it (audit_when, walked to sort)."""
    if connection.vendor == "sqlite":
        return step.startswith("SCAN audit_auditevent")
    return "Seq Scan on audit_auditevent" in step or "using audit_when" in step


INDEX_STEP = {"sqlite": "SCAN audit_text VIRTUAL TABLE", "postgresql": "Index Scan on audit_text"}


@pytest.mark.parametrize("page", ["list", "count"])
def test_the_text_search_reads_the_text_index_not_the_log(db, page):
    with transaction.atomic():
        log([f"Inny Najemca {n}" for n in range(3000)] + TEXTS)
        maintained()
        found = search({"object_text": "Łódź"})
        plan = plan_of(found[:50] if page == "list" else found.values("pk"))
        transaction.set_rollback(True)
    if connection.vendor == "sqlite":  # SQLite keeps the statistics loaded: reload them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sqlite_schema")
    print(plan)
    assert not [step for step in plan if scans_the_log(step)], plan
    assert any(INDEX_STEP[connection.vendor] in step for step in plan), plan


def test_an_event_and_its_index_entry_are_written_together(db):
    with pytest.raises(DatabaseError), transaction.atomic():
        log(["Łódź, ul. Zgierska 1"])
        raise DatabaseError("the transaction fails after the event")
    assert found("Zgierska") == set()
    log(["Łódź, ul. Zgierska 1"])
    assert len(found("Zgierska")) == 1


def test_the_log_stays_append_only_with_its_text_index(db):
    (pk,) = log(["Łódź, ul. Zgierska 1"])
    with connection.cursor() as cursor:
        for sql in (
            "UPDATE audit_auditevent SET object_repr = 'Kraków' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                cursor.execute(sql, [pk])
    assert found("Zgierska") == {pk} and found("Kraków") == set()

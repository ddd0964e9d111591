"""Changes made by any code are recorded field by field; secrets never are;
the log cannot be changed or emptied, neither through the ORM nor in SQL."""

import contextlib
import sys

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction

from iok.audit.models import AuditEvent
from iok.ledger.models import Entry, Ledger
from iok.registry.models import Building
from tests.audit.helpers import events_of, last_event
from tests.ledger.raw_sql import rewrite, verbs, without_recursive_triggers


def test_a_plain_orm_save_records_each_changed_field_before_and_after(tenant):
    tenant.city = "Łomża"
    tenant.phone = "600 100 200"
    tenant.save()
    event = last_event(tenant)
    assert event.action == "update"
    assert event.context == "system" and event.actor_username == "" and event.ip is None
    assert event.changes == {
        "city": {"before": "Białystok", "after": "Łomża"},
        "phone": {"before": "", "after": "600 100 200"},
    }
    assert event.object_repr == "Anna Kowalska"


def test_a_save_that_changes_nothing_records_nothing(tenant):
    before = events_of(tenant).count()
    tenant.save()
    assert events_of(tenant).count() == before


def test_creating_and_deleting_record_every_field(db):
    building = Building.objects.create(
        street="ul. Lipowa", number="3", postal_code="15-001", city="Białystok"
    )
    pk = building.pk
    created = last_event(building, "create")
    assert created.changes["street"] == {"before": None, "after": "ul. Lipowa"}
    building.delete()
    deleted = AuditEvent.objects.get(
        action="delete", content_type=ContentType.objects.get_for_model(Building), object_id=pk
    )
    assert deleted.changes["street"] == {"before": "ul. Lipowa", "after": None}
    assert deleted.changes["city"] == {"before": "Białystok", "after": None}


def test_a_password_change_is_recorded_but_the_hash_never_is(people):
    user = people.tenant
    old_hash = user.password
    user.set_password("Zupelnie-nowe-haslo-2026")
    user.save()
    event = last_event(user)
    assert event.changes["password"] == {"before": "***", "after": "***"}
    stored = str(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert old_hash not in stored and user.password not in stored
    assert "***" in str(last_event(user, "create").changes["password"])


def test_sessions_are_never_recorded(client, people):
    client.force_login(people.tenant)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert not AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Session)
    ).exists()
    assert key not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_joining_a_group_records_the_groups_before_and_after(people):
    user = people.tenant
    user.groups.add(Group.objects.get(name="staff"))
    assert last_event(user).changes == {
        "groups": {"before": ["tenant"], "after": ["staff", "tenant"]}
    }
    user.groups.remove(Group.objects.get(name="tenant"))
    assert last_event(user).changes == {
        "groups": {"before": ["staff", "tenant"], "after": ["staff"]}
    }


def test_the_orm_refuses_to_change_or_delete_an_event(tenant):
    tenant.save(update_fields=["city"])  # no change: nothing recorded
    event = last_event(tenant)
    event.actor_username = "ktoś"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="ktoś")
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_username == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET actor_username = 'ktoś' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(tenant, sql):
    event = last_event(tenant)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, actor_username="").exists()


def test_the_bill_command_records_one_bulk_event_named_after_it(contract, rates, monkeypatch):
    from iok.manage import main

    monkeypatch.setattr(sys, "argv", ["iok", "bill", "--month", "2026-11"])
    # run_from_argv closes every connection at the end, the test's own included
    monkeypatch.setattr(connections, "close_all", lambda: None)
    main()
    event = AuditEvent.objects.get(action="bulk")
    assert event.context == "command: bill"
    assert event.content_type == ContentType.objects.get_for_model(Ledger)
    assert event.ids == [str(contract.ledger.pk)]
    assert event.changes == {"count": 1}
    assert Entry.objects.filter(kind="charge").count() == 1
    # the charge itself went through the cursor: no event per entry
    assert not AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Entry)
    ).exists()


def test_outside_a_command_or_request_the_actor_is_the_system(contract, rates):
    from iok.ledger.billing import bill_month
    from iok.periods import Period

    bill_month(Period(2026, 11))
    assert AuditEvent.objects.get(action="bulk").context == "system"


@pytest.mark.parametrize("recursive_triggers", [True, False])
def test_the_database_refuses_to_rewrite_an_event_with_replace_or_upsert(
    tenant, recursive_triggers
):
    if not recursive_triggers and connection.vendor != "sqlite":
        pytest.skip("a SQLite pragma")
    event = last_event(tenant)
    with contextlib.nullcontext() if recursive_triggers else without_recursive_triggers():
        for verb in verbs():
            with pytest.raises(DatabaseError, match="append-only"):
                rewrite(verb, "audit_auditevent", event.pk, "actor_username", "ktoś")
    assert AuditEvent.objects.filter(pk=event.pk, actor_username="").exists()

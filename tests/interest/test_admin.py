"""The administrator keeps the rates in the admin, and every change is
audited; staff and City Hall may read them, not change them."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from iok.audit.models import AuditEvent
from iok.interest.accrual import rate_table
from iok.interest.models import InterestRate


@pytest.fixture
def administrator(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_superuser("admin", "admin@example.pl", "x" * 12)


def test_the_administrator_adds_a_new_rate_and_the_audit_says_who(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:interest_interestrate_add"),
        {
            "kind": "statutory",
            "valid_from": "2026-12-03",
            "rate": "9,00",
            "reference_rate": "3,50",
            "source": "uchwała RPP, test",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = InterestRate.objects.get(kind="statutory", valid_from=datetime.date(2026, 12, 3))
    assert added.rate == Decimal("9.00")
    event = AuditEvent.objects.get(action="create", object_id=added.pk, actor_username="admin")
    assert event.content_type.model == "interestrate"
    assert list(rate_table().spans(datetime.date(2026, 12, 3), datetime.date(2026, 12, 3))) == [
        (datetime.date(2026, 12, 3), datetime.date(2026, 12, 3), Decimal("9.00"))
    ]


def test_a_changed_rate_is_audited_with_before_and_after(client, administrator):
    rate = InterestRate.objects.get(kind="statutory", valid_from=datetime.date(2026, 3, 5))
    client.force_login(administrator)
    url = reverse("admin:interest_interestrate_change", args=[rate.pk])
    response = client.post(
        url,
        {"kind": "statutory", "valid_from": "2026-03-05", "rate": "9,30", "source": "poprawka"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update", object_id=rate.pk)
    assert event.actor_username == "admin"
    assert "rate" in event.changes


def test_staff_read_the_rates_but_cannot_change_them(client, people):
    rate = InterestRate.objects.first()
    url = reverse("admin:interest_interestrate_change", args=[rate.pk])
    client.force_login(people.clerk)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:interest_interestrate_add")).status_code == 403

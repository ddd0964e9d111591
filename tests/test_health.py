"""/healthz: what a load balancer asks before it sends a request here."""

import json
import subprocess
import sys

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder

from iok.audit.models import AuditEvent
from tests.security.test_headers import production_env

pytestmark = pytest.mark.django_db


def test_a_served_and_migrated_site_is_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_an_unapplied_migration_makes_the_site_unhealthy(client):
    # Forget one applied migration, inside the test's transaction.
    MigrationRecorder.Migration.objects.filter(app="payments").order_by("-id").first().delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": "migrations", "unapplied": 1}


def test_a_database_that_does_not_answer_makes_the_site_unhealthy(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # The fault, injected where the view meets the database.
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "failed": "database"}


def test_asking_leaves_no_session_and_no_audit_event(client, people):
    client.force_login(people.official)  # City Hall's reads are what the audit records
    before = AuditEvent.objects.count()
    anonymous = client.__class__()
    response = anonymous.get("/healthz")
    assert response.status_code == 200 and not response.cookies
    assert client.get("/healthz").status_code == 200
    assert AuditEvent.objects.count() == before


def test_the_balancer_asks_over_plain_http_in_production(tmp_path):
    code = (
        "from django.test import Client; "
        "r = Client(HTTP_HOST='iok.example.pl').get('/healthz'); "
        "s = Client(HTTP_HOST='iok.example.pl').get('/'); "
        "print(r.status_code, s.status_code)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "iok.manage", "shell", "--no-imports", "-c", code],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    # Every other page redirects to HTTPS; the probe is answered (503 here:
    # this fresh data folder has no migrated database).
    # (The last line: each request's log line goes to stdout too.)
    assert result.stdout.splitlines()[-1].split() == ["503", "301"]

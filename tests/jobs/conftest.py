"""Jobs as production runs them: queued in the database, run by `iok worker`
(the rest of the suite runs them inside the request, IOK_JOBS_IMMEDIATE)."""

import signal
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from tests.jobs.backends import CountingBackend


@pytest.fixture
def queued(settings):
    """Jobs wait in the database until the worker runs them."""
    settings.IOK_JOBS_IMMEDIATE = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.jobs.backends.CountingBackend"
    CountingBackend.contacts = 0


@pytest.fixture
def work(monkeypatch):
    """`iok worker --once` in this process: every job due now, then back.
    The test's database is one transaction, so the worker's housekeeping of
    its connection (closing it when old, as between requests) is left out;
    test_worker_process.py runs the real thing. The worker sets its own
    signal handlers; the suite gets its own back."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def run():
        call_command("worker", "--once", verbosity=0, stdout=StringIO())

    yield run
    for sig, handler in handlers.items():
        signal.signal(sig, handler)

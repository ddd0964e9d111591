"""The journal through the integration API: the same documents as the
CSV, a page at a time, for a token with the ledger scope."""

from iok.accounting.journal import as_json, journal
from iok.accounting.models import ComponentAccount
from iok.api.scopes import Scope
from iok.audit.models import AuditEvent
from tests.accounting.conftest import NOVEMBER
from tests.api.conftest import api_client  # noqa: F401 - a fixture

URL = "/api/v1/accounting/journal"
PERIOD = {"month": "2026-11"}


def test_the_api_gives_the_journal_the_export_gives(books, api_client):  # noqa: F811
    finance = api_client(Scope.READ_LEDGER)
    answer = finance.get(URL, PERIOD)
    assert answer.status_code == 200
    assert answer.json()["count"] == 4
    assert answer.json()["items"] == as_json(journal(*NOVEMBER))
    first = answer.json()["items"][0]["lines"][0]
    assert first["debit"] == "561.43" and first["credit"] == "0.00"


def test_the_journal_comes_a_page_at_a_time(books, api_client):  # noqa: F811
    finance = api_client(Scope.READ_LEDGER)
    pages = [finance.get(URL, {**PERIOD, "offset": n, "limit": 3}).json() for n in (0, 3)]
    assert [len(page["items"]) for page in pages] == [3, 1]
    numbers = [d["number"] for page in pages for d in page["items"]]
    assert numbers == [d.number for d in journal(*NOVEMBER)]


def test_a_read_of_the_journal_is_audited(books, api_client):  # noqa: F811
    api_client(Scope.READ_LEDGER).get(URL, PERIOD)
    event = AuditEvent.objects.filter(action="read").latest("pk")
    assert (event.actor_username, event.context) == ("api:finance", "api")


def test_a_month_not_written_yyyy_mm_is_refused_by_name(books, api_client):  # noqa: F811
    finance = api_client(Scope.READ_LEDGER)
    for month in ("2026-13", "11/2026", "2026-11-01"):
        answer = finance.get(URL, {"month": month})
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "month"


def test_a_month_without_entries_has_an_empty_journal(books, api_client):  # noqa: F811
    answer = api_client(Scope.READ_LEDGER).get(URL, {"month": "2025-11"})
    assert (answer.status_code, answer.json()["count"]) == (200, 0)


def test_a_component_without_an_account_refuses_the_journal_naming_it(books, api_client):  # noqa: F811
    ComponentAccount.objects.filter(component__code="cold_water").delete()
    answer = api_client(Scope.READ_LEDGER).get(URL, PERIOD)
    assert answer.status_code == 422
    assert "(cold_water)" in answer.json()["errors"][0]["message"]


def test_the_journal_needs_the_ledger_scope(books, api_client):  # noqa: F811
    assert api_client(Scope.READ_PAYMENTS).get(URL, PERIOD).status_code == 403

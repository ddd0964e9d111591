"""`iok demo`: a small town, built from a fixed seed and a fixed last month."""

import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Min
from django.test import override_settings
from stdnum.pl import nip, pesel, regon

from iok.demo.logins import ADMIN_PASSWORD
from iok.ledger.models import Entry, Ledger, Rate
from iok.registry.models import Building, Contract, Contractor, Premises, PropertyValue

UNTIL = "2026-10"
FIRST_DAY = datetime.date(2024, 11, 1)
LAST_DAY = datetime.date(2026, 10, 31)
# The demo hashes the admin's password; the real hasher is slow on purpose.
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def demo(*args, seed=7, premises=20):
    out = StringIO()
    with FAST_HASHER:
        call_command("demo", f"--premises={premises}", f"--seed={seed}", *args, stdout=out)
    return out.getvalue()


def fingerprint():
    return (
        sorted(Contractor.objects.values_list("pesel", "nip", "regon")),
        sorted(Contract.objects.values_list("number", "start", "end")),
        sorted(Ledger.objects.values_list("contract__number", "balance")),
        Entry.objects.count(),
    )


def built_and_rolled_back(seed, premises=20):
    with transaction.atomic():
        demo(f"--until={UNTIL}", seed=seed, premises=premises)
        found = fingerprint()
        transaction.set_rollback(True)
    return found


@pytest.fixture(scope="class")
def town(django_db_setup, django_db_blocker):
    """One demo town for all the tests of a class, rolled back after the last of them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo(f"--until={UNTIL}")
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestTheDemoTown:
    def test_it_has_the_premises_asked_for_of_every_kind(self, town):
        kinds = dict(Premises.objects.values_list("kind").annotate(Count("id")))
        assert sum(kinds.values()) == 20
        assert kinds["residential"] > kinds["commercial"] + kinds["garage"]
        assert kinds["commercial"] >= 1
        assert kinds["garage"] >= 1

    def test_its_postal_codes_are_written_nn_nnn(self, town):
        assert Building.objects.exists()
        assert not Building.objects.exclude(postal_code__regex=r"^\d\d-\d\d\d$").exists()

    def test_every_pesel_nip_and_regon_is_valid(self, town):
        people = Contractor.objects.filter(kind="person")
        firms = Contractor.objects.filter(kind="company")
        assert people.exists() and firms.exists()
        for number in people.values_list("pesel", flat=True):
            assert pesel.is_valid(number), number
        for tax_number, company_number in firms.values_list("nip", "regon"):
            assert nip.is_valid(tax_number), tax_number
            assert regon.is_valid(company_number), company_number

    def test_the_ledgers_balance_after_the_demo(self, town):
        out = StringIO()
        call_command("check-ledger", stdout=out)
        assert "Salda wszystkich kartotek się zgadzają" in out.getvalue()

    def test_balances_include_arrears_and_overpayments(self, town):
        balances = list(Ledger.objects.values_list("balance", flat=True))
        assert any(balance < 0 for balance in balances)
        assert any(balance > 0 for balance in balances)
        assert all(isinstance(balance, Decimal) for balance in balances)

    def test_billing_covers_24_months_ending_with_until(self, town):
        charges = Entry.objects.filter(kind="charge")
        assert charges.aggregate(first=Min("period"), last=Max("period")) == {
            "first": "2024-11",
            "last": UNTIL,
        }
        assert charges.values("period").distinct().count() == 24
        assert not Entry.objects.filter(operation_date__gt=LAST_DAY).exists()

    def test_payments_come_on_time_and_late_with_transfer_titles(self, town):
        payments = Entry.objects.filter(kind="payment")
        assert payments.filter(operation_date__day__gt=10).exists()
        assert payments.filter(operation_date__day__lte=10).exists()
        assert not payments.filter(amount__lte=0).exists()
        assert all(title.strip() for title in payments.values_list("title", flat=True))

    def test_the_history_has_openings_and_corrections(self, town):
        assert Entry.objects.filter(kind="opening", operation_date=FIRST_DAY).exists()
        assert Entry.objects.filter(kind="correction").exists()

    def test_contracts_have_co_tenants_and_some_come_and_go(self, town):
        inside = (FIRST_DAY + datetime.timedelta(days=1), LAST_DAY)
        assert Contract.objects.filter(start__range=inside).exclude(start__day=1).exists()
        assert Contract.objects.filter(end__range=inside).exists()
        assert Contract.objects.annotate(n=Count("contractparty")).filter(n__gt=1).exists()

    def test_people_move_and_areas_are_remeasured(self, town):
        later = PropertyValue.objects.filter(valid_from__gt=FIRST_DAY)
        assert later.filter(kind__code="usable_area").exists()
        moves = later.filter(kind__code="persons").exclude(valid_from=F("contract__start"))
        assert moves.exists()

    def test_rates_change_on_1_january_for_all_and_for_some_buildings_and_leases(self, town):
        general = Rate.objects.filter(contract__isnull=True)
        assert set(general.values_list("valid_from__month", "valid_from__day")) == {(1, 1)}
        assert general.values("valid_from").distinct().count() == 3
        assert Rate.objects.filter(building__isnull=False).exists()
        assert Rate.objects.filter(premises_kind="commercial").exists()
        assert Rate.objects.filter(contract__isnull=False, basis="fixed").exists()

    def test_the_administrator_can_log_in(self, town, client):
        admin = get_user_model().objects.get(username="admin")
        assert admin.is_staff and admin.is_superuser
        with FAST_HASHER:
            client.post("/admin/login/", {"username": "admin", "password": ADMIN_PASSWORD})
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from tests.security.helpers import code_for

        code = code_for(TOTPDevice.objects.get(user=admin))  # the demo key printed by `make run`
        client.post("/konto/dwa-etapy/weryfikacja/", {"code": code})
        assert client.get("/admin/").status_code == 200

    def test_the_logins_are_printed_at_the_end(self, town):
        assert "http://127.0.0.1:8000/admin/" in town
        assert ADMIN_PASSWORD in town
        for username in ("najemca", "nowy", "pracownik", "urzednik"):
            assert f"login {username} " in town

    def test_if_empty_does_nothing_the_second_time(self, town):
        before = fingerprint()
        out = demo(f"--until={UNTIL}", "--if-empty", seed=99)
        assert fingerprint() == before
        assert "loading nothing" in out
        assert ADMIN_PASSWORD in out

    def test_without_if_empty_a_second_load_is_refused(self, town):
        with pytest.raises(CommandError, match="already"):
            demo(f"--until={UNTIL}")


def test_same_seed_builds_the_same_town(db):
    assert built_and_rolled_back(seed=7, premises=12) == built_and_rolled_back(7, premises=12)


def test_another_seed_builds_another_town(db):
    assert built_and_rolled_back(seed=7, premises=10) != built_and_rolled_back(8, premises=10)


def test_until_defaults_to_the_month_before_today(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 15, 12, tzinfo=ZoneInfo("Europe/Warsaw")))
    demo(premises=10)
    assert Entry.objects.aggregate(last=Max("period"))["last"] == "2026-02"


def test_a_town_too_small_is_refused(db):
    with pytest.raises(CommandError, match="at least 10"):
        demo(premises=5)
    assert not Building.objects.exists()


@pytest.mark.django_db
def test_the_demo_tenant_has_a_flat_and_the_first_login_must_change_its_password():
    demo(f"--until={UNTIL}", premises=30)
    tenant = get_user_model().objects.get(username="najemca").account
    assert tenant.contractor is not None and not tenant.must_change_password
    assert tenant.contractor.contracts.filter(premises__kind="residential").exists()
    first = get_user_model().objects.get(username="nowy").account
    assert first.must_change_password and first.terms_accepted is None
    assert first.contractor != tenant.contractor
    clerk = get_user_model().objects.get(username="pracownik")
    assert clerk.is_staff and clerk.groups.filter(name="staff").exists()


@pytest.mark.django_db
def test_the_office_finds_one_request_the_registry_confirms_and_one_it_does_not():
    from iok.access.applications import check_against_registry
    from iok.access.models import AccessRequest

    demo(f"--until={UNTIL}", premises=30)
    waiting = AccessRequest.objects.filter(status="pending").order_by("pk")
    assert waiting.count() == 2
    assert [check_against_registry(r).passed for r in waiting] == [True, False]

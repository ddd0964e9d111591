"""Logins of tenants without an active contract for longer than
IOK_INACTIVE_LOGIN_DAYS are switched off; their ledger history stays."""

import datetime
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command

from iok.ledger.models import Entry
from iok.privacy.deactivation import stale_logins
from iok.registry.models import Contract
from tests.privacy.conftest import _charge

END = datetime.date(2026, 8, 30)


def end_contract(number, end=END):
    contract = Contract.objects.get(number=number)
    contract.end = end
    contract.save()


def logins_on(day, days=90):
    return [stale.account.user.username for stale in stale_logins(day, days)]


def run(*args):
    out = StringIO()
    call_command("deactivate-logins", *args, stdout=out)
    return out.getvalue()


def test_a_login_is_kept_until_the_days_after_the_last_contract_have_passed(people):
    end_contract("M/2020/0001")
    assert logins_on(END + datetime.timedelta(days=90)) == []
    assert logins_on(END + datetime.timedelta(days=91)) == ["najemca", "wspolnajemca"]


def test_the_number_of_days_is_the_settings(people, settings):
    end_contract("M/2020/0001")
    settings.IOK_INACTIVE_LOGIN_DAYS = 30
    day = END + datetime.timedelta(days=31)
    assert [s.account.user.username for s in stale_logins(day)] == ["najemca", "wspolnajemca"]
    assert stale_logins(day - datetime.timedelta(days=1)) == []


def test_an_open_ended_or_later_contract_keeps_the_login(people, flat):
    end_contract("M/2020/0001")
    # The co-tenant goes on with a garage of his own, without an end.
    from tests.conftest import make_contract

    make_contract(
        "G/2026/0001", flat, datetime.date(2026, 9, 1), people.co_tenant.account.contractor
    )
    assert logins_on(datetime.date(2027, 6, 1)) == ["najemca"]


def test_a_login_without_any_contract_counts_from_the_day_it_was_made(people):
    User = get_user_model()
    ContractParty = Contract.parties.through
    ContractParty.objects.filter(contractor=people.stranger.account.contractor).delete()
    User.objects.filter(pk=people.stranger.pk).update(
        date_joined=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)
    )
    assert logins_on(datetime.date(2026, 4, 10)) == []
    assert logins_on(datetime.date(2026, 4, 11)) == ["obcy"]


def test_staff_logins_are_never_deactivated(people):
    for contract in Contract.objects.all():
        end_contract(contract.number, datetime.date(2021, 12, 31))
    assert "pracownik" not in logins_on(datetime.date(2026, 11, 28))
    assert "urzednik" not in logins_on(datetime.date(2026, 11, 28))


def test_the_command_switches_logins_off_ends_sessions_and_keeps_the_ledger(
    people, contract, client
):
    _charge(contract.ledger, datetime.date(2021, 1, 1))
    end_contract("M/2020/0001", datetime.date(2021, 1, 31))
    client.force_login(people.tenant)
    assert Session.objects.count() == 1
    out = run()
    assert "najemca (Anna Kowalska): bez aktywnej umowy od 31.01.2021" in out
    assert "Wyłączono loginów: 2, zakończono sesji: 1." in out
    people.tenant.refresh_from_db()
    assert people.tenant.is_active is False
    assert Session.objects.count() == 0
    assert Entry.objects.filter(ledger=contract.ledger).count() == 1
    assert Contract.objects.filter(number="M/2020/0001").exists()
    people.stranger.refresh_from_db()
    assert people.stranger.is_active is True


def test_a_second_run_changes_nothing_and_says_so(people):
    end_contract("M/2020/0001", datetime.date(2021, 1, 31))
    run()
    assert "Brak loginów do wyłączenia" in run()


def test_a_dry_run_lists_the_logins_and_changes_nothing(people):
    end_contract("M/2020/0001", datetime.date(2021, 1, 31))
    out = run("--dry-run")
    assert "Próba: wyłączonych zostałoby loginów: 2." in out
    people.tenant.refresh_from_db()
    assert people.tenant.is_active is True


def test_a_city_hall_login_linked_to_a_contractor_is_never_deactivated(people):
    """A contractor on a City Hall login is refused since issue 11, but one
    linked before (or by hand in the database) is still not a tenant's login."""
    from django.contrib.auth.models import Group

    from iok.access.models import Account

    official = get_user_model().objects.create_user("urzedniczka")  # in the group, not staff
    official.groups.add(Group.objects.get(name="city_hall"))
    Account.objects.create(user=official, contractor=people.stranger.account.contractor)
    for contract in Contract.objects.all():
        end_contract(contract.number, datetime.date(2021, 12, 31))
    stale = logins_on(datetime.date(2026, 11, 28))
    assert "obcy" in stale and "urzedniczka" not in stale

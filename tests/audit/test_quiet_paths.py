"""Changes that used to go around the ORM's save (queryset updates, bulk
inserts, django-otp's own tables) leave their event in the audit log too."""

from django.contrib.contenttypes.models import ContentType
from django.core import signing

from iok.access.email_address import SALT, confirm_email
from iok.access.logins import issue_login, password_changed
from iok.audit.models import AuditEvent
from iok.ledger.models import Ledger
from iok.ledger.posting import open_ledger
from tests.audit.helpers import last_event


def test_a_first_password_change_is_recorded_on_the_account(tenant):
    user, _password = issue_login(tenant)
    password_changed(user)
    event = last_event(user.account, "update")
    # Masked as every field named like a password is; that it changed is recorded.
    assert event.changes["must_change_password"] == {"before": "***", "after": "***"}
    assert event.changes["one_time_password_expires"]["after"] is None


def test_a_confirmed_email_address_is_recorded_on_the_account(tenant):
    user, _password = issue_login(tenant)
    user.email = "anna@example.pl"
    user.save()
    confirm_email(signing.dumps({"user": user.pk, "email": user.email}, salt=SALT))
    event = last_event(user.account, "update")
    assert event.changes == {"email_confirmed": {"before": False, "after": True}}


def test_a_new_ledger_records_its_virtual_account(contract):
    ledger = open_ledger(contract)
    event = last_event(ledger, "update")
    assert event.changes["virtual_account"] == {"before": None, "after": ledger.virtual_account}


def test_setting_up_two_step_login_is_recorded_without_its_key(people):
    from iok.security.twofactor import new_recovery_codes

    codes = new_recovery_codes(people.tenant)
    event = last_event(people.tenant, "update")
    assert event.changes == {"two-step login": {"before": None, "after": "new recovery codes"}}
    assert not any(code.replace("-", "") in str(event.changes) for code in codes)


def test_ledgers_are_still_audited_by_their_model(contract):
    open_ledger(contract)
    assert AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Ledger), action="create"
    ).exists()

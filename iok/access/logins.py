"""Tenant logins: issuing them with a one-time password, and what changes
when the tenant sets a password of their own or accepts the terms of use;
and who may manage which login (`may_manage`), the one rule every path that
changes a login asks: the office pages, the admin."""

import datetime
import logging
import secrets

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from iok import clock
from iok.access.models import Account
from iok.access.roles import MANAGE_LOGINS, is_protected
from iok.registry.models import Contractor

log = logging.getLogger(__name__)

# No 0/o, 1/l/i: the password is copied by hand from a printed letter.
PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 - an alphabet, not a password
PASSWORD_GROUPS = 4  # xxxx-xxxx-xxxx-xxxx: 16 characters, about 79 bits
LOGIN_DIGITS = 8


def may_manage(actor, target) -> bool:
    """Whether `actor` may manage the login `target`: issue it a one-time
    password or its letter, expire or change its password, switch it off,
    give it a contractor, groups or permissions, replace its second step.

    The administrator (a superuser) manages every login. Staff who hold the
    logins' permissions manage tenants' logins only: never a login of the
    office, City Hall or the administrator (`roles.is_protected`), so a
    clerk cannot take over a login with more rights than their own."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    if actor.is_superuser:
        return True
    return actor.has_perms(MANAGE_LOGINS) and not is_protected(target)


def refused(actor, target, what: str) -> None:
    """Log an attempt to manage a login that `may_manage` refused: names of
    the logins and the action only, never a password."""
    log.warning(
        "Login %s was refused %s of login %s (id %s): only the administrator manages it.",
        actor.get_username(),
        what,
        target.get_username(),
        target.pk,
    )


def issue_login(contractor: Contractor, *, email: str = "") -> tuple[AbstractBaseUser, str]:
    """Create a tenant's login for `contractor` and return (user, one-time
    password). The password is not kept anywhere in plain text: hand it over
    at once (the credential letter) or it is lost, and staff issue a new one.

    The login is a random 8-digit number, like a bank's client number: not
    the PESEL, easy to type on a phone, and the same whatever the case."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return _create_login(contractor, email)
        except IntegrityError:
            continue  # another login took the same number in between; draw again
    raise RuntimeError("Could not draw a free login number in 10 tries.")


def _create_login(contractor, email) -> tuple[AbstractBaseUser, str]:
    user = get_user_model()(username=new_login_name(), email=email)
    password = _random_password(user)
    user.set_password(password)
    user.save()
    Account.objects.create(
        user=user,
        contractor=contractor,
        must_change_password=True,
        one_time_password_expires=one_time_password_expiry(),
    )
    user.groups.add(Group.objects.get(name="tenant"))
    return user, password


def new_login_name() -> str:
    User = get_user_model()
    while True:
        name = secrets.choice("123456789") + "".join(
            secrets.choice("0123456789") for _ in range(LOGIN_DIGITS - 1)
        )
        if not User.objects.filter(username=name).exists():
            return name


def new_one_time_password(user) -> str:
    """Give `user` a fresh one-time password, valid for
    IOK_ONE_TIME_PASSWORD_DAYS, and return it. The old password stops
    working, every session of the login ends (its session hash changes) and a
    lockout of the login is lifted, since the office has just checked who
    is asking."""
    password = _random_password(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    account = user.account
    account.must_change_password = True
    account.one_time_password_expires = one_time_password_expiry()
    account.save(update_fields=["must_change_password", "one_time_password_expires"])
    reset_lockout(username=user.get_username())
    return password


def one_time_password_expiry() -> datetime.datetime:
    return clock.now() + datetime.timedelta(days=settings.IOK_ONE_TIME_PASSWORD_DAYS)


def _random_password(user) -> str:
    while True:
        password = "-".join(
            "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4))
            for _ in range(PASSWORD_GROUPS)
        )
        try:
            validate_password(password, user)
        except ValidationError:
            continue  # as good as impossible, but the policy is the policy
        return password


def password_changed(user) -> None:
    """The login now has a password only its owner knows: the one-time
    password's deadline no longer applies."""
    # Saved, not updated in bulk, so that the audit log records the change.
    for account in Account.objects.filter(user=user):
        account.must_change_password, account.one_time_password_expires = False, None
        account.save(update_fields=["must_change_password", "one_time_password_expires"])


def accept_terms(account: Account) -> None:
    account.terms_accepted = clock.now()
    account.save(update_fields=["terms_accepted"])

"""Tenants' logins that outlived their contracts.

A tenant's login is deactivated when none of their contracts has been
active for longer than IOK_INACTIVE_LOGIN_DAYS: every contract ended more
than that many days ago (a contract without an end, or one starting in the
future, keeps the login). A login whose contractor has no contract at all
counts from the day the login was made. Deactivation only switches the
login off (`is_active` False) and ends its sessions: the contractor, the
contracts and the ledger history stay, as accounting law requires."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from iok import clock
from iok.access.models import Account
from iok.registry.models import Contract


@dataclass(frozen=True)
class Stale:
    account: Account
    since: datetime.date  # the last contract's end, or the day the login was made


def cutoff(today: datetime.date, days: int | None = None) -> datetime.date:
    """Contracts that ended on or after this day still keep a login."""
    return today - datetime.timedelta(
        days=settings.IOK_INACTIVE_LOGIN_DAYS if days is None else days
    )


def stale_logins(today: datetime.date, days: int | None = None) -> list[Stale]:
    """The active tenant logins to deactivate on `today`."""
    keep_from = cutoff(today, days)
    keeps = Contract.objects.filter(parties=OuterRef("contractor")).filter(
        Q(end__isnull=True) | Q(end__gte=keep_from)
    )
    accounts = (
        Account.objects.tenants()
        .filter(user__is_active=True)
        .exclude(Exists(keeps))
        .annotate(last_end=Max("contractor__contracts__end"))
        .select_related("user", "contractor")
        .order_by("user__username")
    )
    stale = []
    for account in accounts:
        since = account.last_end or timezone.localdate(account.user.date_joined)
        if since < keep_from:
            stale.append(Stale(account, since))
    return stale


@transaction.atomic
def deactivate(stale: list[Stale]) -> int:
    """Switch the logins off and end their sessions; how many sessions ended."""
    for item in stale:
        user = item.account.user
        user.is_active = False
        # One save per login, so the audit sees each change like any other.
        user.save(update_fields=["is_active"])
    return end_sessions({item.account.user_id for item in stale})


def end_sessions(user_ids: set[int]) -> int:
    if not user_ids:
        return 0
    wanted = {str(pk) for pk in user_ids}
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=clock.now()).iterator()
        if session.get_decoded().get("_auth_user_id") in wanted
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)

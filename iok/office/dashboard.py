"""What needs doing in the office: the counts of the staff home page.

Each item counts one kind of work in one query, so the page costs the same
number of queries whatever the size of the town; a person sees only the
items whose view permission they hold (City Hall sees what it may read)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from iok.access.models import AccessRequest
from iok.access.roles import MANAGE_REQUESTS
from iok.ledger.models import Ledger
from iok.ledger.standing import overdue_by_ledger
from iok.meters.models import Meter, Reading
from iok.payments.models import StatementLine
from iok.registry.models import Contract

LEGALISATION_DAYS = 90
ENDING_DAYS = 30
# The meters' own pages, if they exist; else the admin's list.


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str | None


def arrears_threshold() -> Decimal:
    """A ledger counts as in arrears when its overdue amount is above this."""
    return settings.IOK_ARREARS_THRESHOLD


def in_arrears(today: datetime.date):
    """The ledgers whose overdue amount (past its due date, less what paid
    it: iok/ledger/standing.py) is above the threshold, each with `overdue`.
    What is billed but not yet due does not count, so billing does not move
    the count. One query: only ledgers whose balance is below minus the
    threshold can owe that much overdue, so only those are summed."""
    threshold = arrears_threshold()
    candidates = Ledger.objects.filter(balance__lt=-threshold)
    return overdue_by_ledger(candidates, today).filter(overdue__gt=threshold)


def tasks(user, today: datetime.date) -> list[Task]:
    """The items `user` may see, each with its count and where to do it."""
    found = []
    for permission, label, count, url in _items(today):
        if user.has_perm(permission):
            found.append(Task(str(label), count(), url(user)))
    return found


def _items(today):
    legalisation_ends = today + datetime.timedelta(days=LEGALISATION_DAYS)
    contracts_end = today + datetime.timedelta(days=ENDING_DAYS)
    return [
        (
            "access.view_accessrequest",
            _("Access requests waiting for a decision"),
            lambda: AccessRequest.objects.pending().count(),
            _requests_url,
        ),
        (
            "payments.view_statementline",
            _("Payments waiting for a ledger"),
            lambda: StatementLine.objects.filter(status=StatementLine.Status.UNMATCHED).count(),
            lambda user: reverse("office:payment_queue"),
        ),
        (
            "meters.view_reading",
            _("Self-readings waiting for acceptance"),
            lambda: Reading.objects.filter(status=Reading.Status.WAITING).count(),
            lambda user: reverse("office:meters:queue"),
        ),
        (
            "meters.view_meter",
            _("Meters whose legalisation has ended or ends within %(days)d days")
            % {"days": LEGALISATION_DAYS},
            lambda: _expiring_meters(legalisation_ends).count(),
            lambda user: reverse("office:meters:legalisation"),
        ),
        (
            "registry.view_contract",
            _("Contracts ending within %(days)d days") % {"days": ENDING_DAYS},
            lambda: Contract.objects.filter(end__gte=today, end__lte=contracts_end).count(),
            lambda user: _admin_url(
                "registry",
                "contract",
                end__gte=today.isoformat(),
                end__lte=contracts_end.isoformat(),
            ),
        ),
        (
            "ledger.view_ledger",
            _("Ledgers in arrears over the threshold"),
            lambda: in_arrears(today).count(),
            lambda user: reverse("office:arrears"),
        ),
    ]


def _requests_url(user):
    """Staff decide requests on their page; City Hall reads them in the admin."""
    if user.has_perms(MANAGE_REQUESTS):
        return reverse("office:access:requests")
    return _admin_url("access", "accessrequest", status__exact=AccessRequest.Status.PENDING)


def _expiring_meters(until):
    """Meters still in place whose legalisation has ended or ends by `until`."""
    return Meter.objects.filter(removed__isnull=True, legalised_until__lte=until)


def _admin_url(app_label, model_name, **query):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url

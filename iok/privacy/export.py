"""Everything IOK holds about one contractor (art. 15 RODO): their own data,
their contracts with the premises and dated properties, the ledgers with every
entry, line and allocation, the meter readings of their time in the premises,
the utility settlements of their contracts, their logins and the access log
of those logins, and their access requests.

`personal_data(contractor)` gathers it as plain dicts and lists of Python
values (Decimal, date, datetime), which the HTML page prints with the
portal's filters and `as_json` turns into JSON with amounts as strings and
dates in ISO 8601. Other parties to a shared contract appear only by name and
role: their PESEL, address and logins are their own data, not this one's."""

import datetime
import json
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import Promise

from iok import clock
from iok.access.models import AccessRequest, Account
from iok.ledger.models import Allocation, Entry, EntryLine, Ledger
from iok.meters.models import Meter, Reading
from iok.registry.models import Contract, Contractor, ContractParty, Premises
from iok.registry.properties import property_history
from iok.settlements.models import Settlement

FORMAT_VERSION = 1


def file_name(contractor: Contractor, extension: str) -> str:
    """The name a download of the export gets: whose and of which day."""
    return f"iok-dane-osobowe-{contractor.pk}-{clock.today():%Y-%m-%d}.{extension}"


def personal_data(contractor: Contractor) -> dict:
    """All data held about `contractor`, their own and nobody else's."""
    accounts = list(Account.objects.filter(contractor=contractor).select_related("user"))
    return {
        "format": FORMAT_VERSION,
        "generated": clock.local(),
        "contractor": contractor_data(contractor),
        "contracts": [contract_data(c, contractor) for c in contracts_of(contractor)],
        "logins": [login_data(account) for account in accounts],
        "access_requests": access_requests(contractor, accounts),
    }


def contractor_data(contractor: Contractor) -> dict:
    fields = ["kind", "first_name", "last_name", "company_name", "pesel", "nip", "regon"]
    fields += ["street", "postal_code", "city", "email", "phone"]
    return {
        **{name: getattr(contractor, name) for name in fields},
        "kind_label": contractor.get_kind_display(),
        "name": contractor.name,
    }


def contracts_of(contractor: Contractor):
    return (
        Contract.objects.filter(parties=contractor)
        .select_related("premises__building")
        .prefetch_related(
            Prefetch(
                "contractparty_set",
                queryset=ContractParty.objects.select_related("contractor"),
            )
        )
        .order_by("start", "number")
    )


def contract_data(contract: Contract, contractor: Contractor) -> dict:
    parties = sorted(contract.contractparty_set.all(), key=lambda p: (p.role != "main", p.pk))
    own_role = next(p.role for p in parties if p.contractor_id == contractor.pk)
    return {
        "number": contract.number,
        "kind": contract.kind,
        "kind_label": contract.get_kind_display(),
        "start": contract.start,
        "end": contract.end,
        "role": own_role,
        "role_label": ContractParty.Role(own_role).label,
        "parties": [
            {"name": p.contractor.name, "role": p.role, "role_label": p.get_role_display()}
            for p in parties
        ],
        "premises": premises_data(contract.premises),
        "properties": [
            *properties_data(contract.premises, "premises"),
            *properties_data(contract, "contract"),
        ],
        "ledger": ledger_data(Ledger.objects.filter(contract=contract).first()),
        "meters": meters_data(contract),
        "settlements": settlements_data(contract),
    }


def premises_data(premises: Premises) -> dict:
    building = premises.building
    return {
        "kind": premises.kind,
        "kind_label": premises.get_kind_display(),
        "number": premises.number,
        "staircase": premises.staircase,
        "address": str(premises),
        "building": {
            "street": building.street,
            "number": building.number,
            "postal_code": building.postal_code,
            "city": building.city,
        },
    }


def properties_data(subject, belongs_to: str) -> list[dict]:
    return [
        {
            "belongs_to": belongs_to,
            "kind": value.kind.code,
            "name": value.kind.name,
            "unit": value.kind.unit,
            "valid_from": value.valid_from,
            "value": value.value,
            "note": value.note,
        }
        for value in property_history(subject)
    ]


def ledger_data(ledger: Ledger | None) -> dict | None:
    if ledger is None:
        return None
    entries = ledger.entries.order_by("operation_date", "id").prefetch_related(
        Prefetch("lines", queryset=EntryLine.objects.select_related("component"))
    )
    allocations = Allocation.objects.filter(ledger=ledger).order_by("charge_id", "payment_id")
    return {
        "virtual_account": ledger.virtual_account,
        "balance": ledger.balance,
        "opened": timezone.localtime(ledger.opened),
        "entries": [entry_data(entry) for entry in entries],
        "allocations": [
            {"payment": a.payment_id, "charge": a.charge_id, "amount": a.amount}
            for a in allocations
        ],
    }


def entry_data(entry: Entry) -> dict:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "kind_label": entry.get_kind_display(),
        "booking_date": entry.booking_date,
        "operation_date": entry.operation_date,
        "due_date": entry.due_date,
        "period": entry.period,
        "title": entry.title,
        "amount": entry.amount,
        "document": entry.document,
        "corrects": entry.corrects_id,
        "lines": [
            {
                "component": line.component.code,
                "name": line.component.name,
                "amount": line.amount,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "vat_rate": line.vat_rate,
                "vat": line.vat,
            }
            for line in entry.lines.all()
        ],
    }


def meters_data(contract: Contract) -> list[dict]:
    """The meters of the premises while the contract ran, with the readings
    taken in the contract's days only: the ones before and after belong to
    other tenants' time."""
    during = Q(date__gte=contract.start)
    if contract.end:
        during &= Q(date__lte=contract.end)
    meters = Meter.objects.filter(premises=contract.premises, installed__lte=contract.end or _far())
    meters = meters.filter(Q(removed__isnull=True) | Q(removed__gte=contract.start))
    meters = meters.prefetch_related(
        Prefetch("readings", queryset=Reading.objects.filter(during).order_by("date", "id"))
    )
    return [
        {
            "serial_number": meter.serial_number,
            "medium": meter.medium,
            "medium_label": meter.get_medium_display(),
            "unit": meter.unit,
            "place": meter.place,
            "installed": meter.installed,
            "removed": meter.removed,
            "readings": [
                {
                    "date": reading.date,
                    "value": reading.value,
                    "kind": reading.kind,
                    "source": reading.source,
                    "source_label": reading.get_source_display(),
                    "status": reading.status,
                    "status_label": reading.get_status_display(),
                }
                for reading in meter.readings.all()
            ],
        }
        for meter in meters.order_by("medium", "installed", "pk")
    ]


def settlements_data(contract: Contract) -> list[dict]:
    """Each utility settlement of the contract as booked, with its whole calculation."""
    return [
        {
            "from": settlement.first,
            "to": settlement.last,
            "revision": settlement.revision,
            "entry": settlement.entry_id,
            "amount": settlement.amount,
            "calculation": settlement.document,
        }
        for settlement in Settlement.objects.filter(contract=contract).order_by("first", "revision")
    ]


def _far() -> datetime.date:
    return datetime.date.max


def login_data(account: Account) -> dict:
    user = account.user
    username = user.get_username()
    return {
        "login": username,
        "email": user.email,
        "created": timezone.localtime(user.date_joined),
        "last_login": user.last_login and timezone.localtime(user.last_login),
        "active": user.is_active,
        "terms_accepted": account.terms_accepted and timezone.localtime(account.terms_accepted),
        "password_changed_after_first_login": not account.must_change_password,
        "email_confirmed": account.email_confirmed,
        "access_log": access_log(username),
    }


def access_log(username: str) -> list[dict]:
    """The login's own record in django-axes: each successful login (with its
    logout), each failure logged, and the failure counters still held. The
    request data axes keeps (user agent aside) are not copied: the address
    and the time say what the tenant needs to know."""
    events = [
        {
            "event": "login",
            "time": log.attempt_time,
            "logout_time": log.logout_time,
            "ip_address": log.ip_address,
            "user_agent": log.user_agent,
        }
        for log in AccessLog.objects.filter(username=username)
    ]
    events += [
        {
            "event": "locked_out" if log.locked_out else "failure",
            "time": log.attempt_time,
            "logout_time": None,
            "ip_address": log.ip_address,
            "user_agent": log.user_agent,
        }
        for log in AccessFailureLog.objects.filter(username=username)
    ]
    events += [
        {
            "event": "failures_counted",
            "time": attempt.attempt_time,
            "logout_time": None,
            "ip_address": attempt.ip_address,
            "user_agent": attempt.user_agent,
            "failures": attempt.failures_since_start,
        }
        for attempt in AccessAttempt.objects.filter(username=username)
    ]
    for event in events:
        for key in ("time", "logout_time"):
            if event[key] is not None:
                event[key] = timezone.localtime(event[key])
    return sorted(events, key=lambda event: event["time"])


def access_requests(contractor: Contractor, accounts: list[Account]) -> list[dict]:
    """The applications for a login that gave this contractor's PESEL or
    created one of their logins."""
    mine = Q(user__in=[account.user for account in accounts])
    if contractor.pesel:
        mine |= Q(pesel=contractor.pesel)
    fields = ["first_name", "last_name", "pesel", "premises_address", "contract_number"]
    fields += ["email", "phone", "consents_to_electronic_correspondence", "status"]
    fields += ["rejection_reason"]
    return [
        {
            **{name: getattr(request, name) for name in fields},
            "submitted": timezone.localtime(request.submitted),
            "decided_at": request.decided_at and timezone.localtime(request.decided_at),
            "status_label": request.get_status_display(),
        }
        for request in AccessRequest.objects.filter(mine).order_by("submitted", "pk")
    ]


def jsonable(value):
    """Amounts and quantities as strings ("1234.56"), dates as ISO 8601:
    JSON numbers are floats to most readers, and a float is never money."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime.date):  # datetime too
        return value.isoformat()
    if isinstance(value, Promise):  # a translated label
        return str(value)
    if isinstance(value, float):
        raise TypeError("A float has no place in the export.")
    return value


def as_json(data: dict) -> str:
    return json.dumps(jsonable(data), ensure_ascii=False, indent=2)

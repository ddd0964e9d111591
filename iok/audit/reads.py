"""Which pages count as reading personal data or a ledger, kept in one place.

A GET answered 200 to a staff member or a City Hall official on one of these
pages records a read event, with the object when the URL names one. Tenants'
own views are not recorded as reads: their logins and sessions are their
access log."""

from django.apps import apps
from django.contrib.admin.utils import unquote

# Admin pages (change form, list, history) of these models.
ADMIN_MODELS = {
    "registry.contractor",
    "registry.contract",
    "registry.premises",
    "ledger.ledger",
    "ledger.entry",
    "access.account",
    "access.accessrequest",
    "audit.auditevent",  # an event names people and shows changed data, PESEL included
    "settlements.settlement",
    "settlements.settlementrun",
    "meters.meter",  # its change page lists the meter's readings
    "meters.reading",
}
ADMIN_VIEWS = ("_change", "_changelist", "_history", "_delete")

# Office pages, by the start of their URL name ("namespace:name"), and the
# model whose pk the URL carries (None: the page names no object of its own).
# The longest matching prefix wins.
OFFICE_PAGES = {
    "office:tenant_kartoteka": "ledger.ledger",
    "office:access:request": "access.accessrequest",
    "office:access:account": "access.account",
    "office:access:letter": "access.account",
    "office:statement_preview": "payments.upload",
    "office:statement_list": "payments.statement",
    "office:statement_detail": "payments.statement",
    "office:payment_queue": "payments.statementline",
    # A list names tenants and their ledgers; the report, the allowances booked.
    "office:allowance_split": "payments.statementline",
    "office:allowance_report": "ledger.entry",
    "office:arrears": "ledger.ledger",
    "office:correction": "ledger.entry",
    "office:meters:search": "meters.meter",
    "office:meters:meter": "meters.meter",
    "office:meters:queue": "meters.reading",
    "office:meters:photo": "meters.reading",
    "office:settlements:run": "settlements.settlementrun",
    # A job's title names whom an e-mail went to (iok/office/views/jobs.py).
    "office:jobs": "jobs.job",
    "office:settlements:settlement": "settlements.settlement",
    "office:privacy:contractor_data": "registry.contractor",
    # The audit search: a read of the log; a search by contractor also records
    # a read of each contractor found (iok.office.views.audit).
    "office:audit:events": "audit.auditevent",
}
READERS = {"staff", "city_hall"}


def page_read(request):
    """(model, object id or None) when this request reads audited data, else None."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return None
    if "admin" in match.namespaces:
        return _admin_page(match)
    return _office_page(f"{':'.join(match.namespaces)}:{match.url_name}", match.kwargs)


def _admin_page(match):
    for suffix in ADMIN_VIEWS:
        if match.url_name.endswith(suffix):
            app_label, _sep, model_name = match.url_name.removesuffix(suffix).partition("_")
            label = f"{app_label}.{model_name}"
            if label in ADMIN_MODELS:
                object_id = match.kwargs.get("object_id")
                return apps.get_model(label), unquote(object_id) if object_id else None
    return None


def _office_page(name, kwargs):
    prefixes = [prefix for prefix in OFFICE_PAGES if name.startswith(prefix)]
    if not prefixes:
        return None
    model = apps.get_model(OFFICE_PAGES[max(prefixes, key=len)])
    # the object's pk is "pk", "<model>_pk" ("ledger_pk"), or the one argument
    object_id = kwargs.get("pk", kwargs.get(f"{model._meta.model_name}_pk"))
    if object_id is None and len(kwargs) == 1:
        object_id = next(iter(kwargs.values()))
    return model, object_id


def is_reader(user) -> bool:
    """Staff and City Hall: the people whose reads of others' data are audited."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.groups.filter(name__in=READERS).exists()

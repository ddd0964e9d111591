"""The matrix's table: for every URL name of the project, how to build its
arguments from the world (conftest.py) and what each person gets for GET and
for a POST without valid data. A URL missing here fails the matrix, naming
itself: add a row saying whose objects it shows and which permissions it needs.

Outcomes: a status code, LOGIN (a redirect to the login page), or a set of
them. Nobody is ever answered 403 or 500. A GET of a POST-only action may
be answered 405 before anything else is checked: the same answer for
everyone, before any object is looked up, so it tells nobody anything. `ids` names the kind of
each integer argument, for the IDOR tests (test_idor.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security_matrix.policy import STAFF_PEOPLE, TENANTS, roles_with

LOGIN = "login"
PEOPLE = ("anonymous", *TENANTS, *STAFF_PEOPLE)
SIGNED_IN = (*TENANTS, *STAFF_PEOPLE)
ANSWERED = frozenset({200, 302})  # a form with its errors, or done and redirected
ANSWERED_OR_GET_ONLY = ANSWERED | {405}


@dataclass(frozen=True)
class Route:
    args: Callable  # (world, own) -> list; `own` is the visitor's ledger and entry
    get: dict
    post: dict
    ids: tuple[str, ...] = ()
    xfail: str = ""
    perms: tuple[str, ...] = field(default=())


def no_args(world, own):
    return []


def public(args=no_args, get=200, post=ANSWERED_OR_GET_ONLY, signed_in=None):
    """Open to everybody; `signed_in` when a logged-in person gets something else."""
    get_of = dict.fromkeys(PEOPLE, get)
    post_of = dict.fromkeys(PEOPLE, post)
    if signed_in is not None:
        get_of |= dict.fromkeys(SIGNED_IN, signed_in[0])
        post_of |= dict.fromkeys(SIGNED_IN, signed_in[1])
    return Route(args, get_of, post_of)


def own_account(get=200, post=ANSWERED_OR_GET_ONLY):
    """A page of one's own login: anyone logged in, nobody else's."""
    return Route(
        no_args,
        {"anonymous": LOGIN} | dict.fromkeys(SIGNED_IN, get),
        {"anonymous": LOGIN} | dict.fromkeys(SIGNED_IN, post),
    )


def portal(args, ids=(), opens=("tenant", "co_tenant"), get=200, post=ANSWERED_OR_GET_ONLY):
    """A page of the tenant's ledger: its parties open it, everybody else 404."""

    def outcome(who, ok):
        return LOGIN if who == "anonymous" else ok if who in opens else 404

    get_of = {who: outcome(who, get) for who in PEOPLE}
    if get == 405:  # POST only: the method may be checked first (see above)
        get_of = {who: frozenset({expected, 405}) for who, expected in get_of.items()}
    return Route(args, get_of, {who: outcome(who, post) for who in PEOPLE}, ids)


def office(*perms, args=no_args, ids=(), get=200, post=ANSWERED_OR_GET_ONLY, xfail=""):
    """An office page: those whose group holds `perms` open it, others 404."""
    allowed = roles_with(*perms)

    def outcome(who, ok):
        return LOGIN if who == "anonymous" else ok if who in allowed else 404

    return Route(
        args,
        {who: outcome(who, get) for who in PEOPLE},
        {who: outcome(who, post) for who in PEOPLE},
        ids,
        xfail,
        perms,
    )


def action(*perms, args=no_args, ids=(), xfail=""):
    """An office action: POST only; its GET is 405, for some views even before
    the visitor is checked (see above)."""
    route = office(*perms, args=args, ids=ids, get=405, post=ANSWERED, xfail=xfail)
    get = {who: frozenset({expected, 405}) for who, expected in route.get.items()}
    return Route(route.args, get, route.post, route.ids, route.xfail, route.perms)


def ledger(world, own):
    return [own.ledger.pk]


def entry(world, own):
    return [own.ledger.pk, own.entry.pk]


def tenant_entry(world, own):
    return [world.tenant.entry.pk]


def access_request(world, own):
    return [world.access_request.pk]


def tenant_account(world, own):
    return [world.people.tenant.account.pk]


def settlement(world, own):
    return [own.ledger.pk, own.settlement.pk]


def office_settlement(world, own):
    return [world.tenant.settlement.pk]


def settlement_run(world, own):
    return [world.tenant.settlement.run_id]


def tenant_contractor(world, own):
    return [world.people.tenant.account.contractor.pk]


def upload(world, own):
    return [world.upload.pk]


def waiting_line(world, own):
    return [world.waiting_line.pk]


def job(world, own):
    return [world.job.pk]


def statement(world, own):
    return [world.waiting_line.statement_id]


def meter(world, own):
    return [world.meter.pk]


def ledger_meter(world, own):
    return [own.ledger.pk, world.meter.pk]


def waiting_reading(world, own):
    return [world.waiting_reading.pk]


def reading_upload(world, own):
    return [world.reading_upload.pk]


def refund_order(world, own):
    return [world.refund_order.pk]


def refund_batch(world, own):
    return [world.refund_batch.pk]


REQUESTS = ("access.view_accessrequest", "access.change_accessrequest")
LOGINS = ("access.view_account", "access.change_account")
CORRECTIONS = ("ledger.add_correction", "ledger.view_entry")
READINGS = ("meters.add_reading", "meters.add_readingupload")
REFUNDS = ("refunds.view_refundorder", "ledger.view_ledger")

ROUTES = {
    # The tenant portal.
    # Staff and City Hall have no ledger of their own: they are sent to the office.
    "portal:home": Route(
        no_args,
        {"anonymous": LOGIN} | dict.fromkeys(TENANTS, 200) | dict.fromkeys(STAFF_PEOPLE, 302),
        {"anonymous": LOGIN}
        | dict.fromkeys(TENANTS, ANSWERED_OR_GET_ONLY)
        | dict.fromkeys(STAFF_PEOPLE, 302),
    ),
    "portal:panel": portal(ledger, ids=("ledger",)),
    "portal:kartoteka": portal(ledger, ids=("ledger",)),
    "portal:kartoteka_months": portal(ledger, ids=("ledger",)),
    "portal:kartoteka_years": portal(ledger, ids=("ledger",)),
    "portal:contract": portal(ledger, ids=("ledger",)),
    "portal:entry": portal(entry, ids=("ledger", "entry")),
    "portal:accessibility": public(),
    "healthz": public(),  # the load balancer's probe (iok/health.py)
    "meters:readings": portal(ledger, ids=("ledger",)),
    "meters:self_reading": portal(ledger_meter, ids=("ledger", "meter"), get=405, post=ANSWERED),
    # Logging in, applying for access, one's own login.
    "access:login": public(signed_in=(302, 302), post=200),
    "access:logout": public(get=405, post=302),
    "access:request_form": public(post=200),
    "access:request_sent": public(),
    "access:request_pdf": public(),
    "access:password_reset": public(post=200),
    "access:password_reset_sent": public(),
    "access:password_reset_confirm": public(lambda w, o: ["MQ", "not-a-token"]),
    "access:password_reset_complete": public(),
    "access:terms": public(),
    "access:confirm_email": public(lambda w, o: ["not-a-token"]),
    "access:password_change": own_account(post=200),
    "access:accept_terms": own_account(get=405, post=ANSWERED),
    "access:settings": own_account(),
    "access:change_email": own_account(get=405, post=ANSWERED),
    "settlements:portal_list": portal(ledger, ids=("ledger",)),
    "settlements:portal_detail": portal(settlement, ids=("ledger", "settlement")),
    "settlements:portal_pdf": portal(settlement, ids=("ledger", "settlement")),
    # Two-step login.
    "security:settings": own_account(),
    "security:setup": own_account(),
    "security:verify": own_account(get=302),  # no device to verify: to the settings
    "security:recovery_codes": own_account(),
    # Tenants here have no device: nothing to renew or disable; staff may not disable.
    "security:new_recovery_codes": own_account(get=405, post=frozenset({404, 200, 302})),
    "security:disable": own_account(get=405, post=404),
    # Personal data (RODO): one's own, and a contractor's for the office.
    "privacy:my_data": portal(no_args, opens=TENANTS),
    "privacy:my_data_json": portal(no_args, opens=TENANTS),
    "privacy:my_data_pdf": portal(no_args, opens=TENANTS),
    "office:privacy:contractor_data": office(
        "registry.view_contractor", args=tenant_contractor, ids=("contractor",)
    ),
    "office:privacy:contractor_data_json": office(
        "registry.view_contractor", args=tenant_contractor, ids=("contractor",)
    ),
    "office:privacy:contractor_data_pdf": office(
        "registry.view_contractor", args=tenant_contractor, ids=("contractor",)
    ),
    # The old addresses of the office's access pages redirect to /biuro/, for everyone.
    "moved_to_office": public(lambda w, o: ["wnioski/"], get=302, post=302),
    # Access requests and logins: staff work.
    "office:access:requests": office(*REQUESTS),
    "office:access:new_request": office("access.add_accessrequest", post=200),
    "office:access:request": office(*REQUESTS, args=access_request, ids=("access_request",)),
    "office:access:approve": action(
        *REQUESTS, "access.add_account", args=access_request, ids=("access_request",)
    ),
    "office:access:reject": action(*REQUESTS, args=access_request, ids=("access_request",)),
    "office:access:accounts": office(*LOGINS),
    "office:access:account": office(*LOGINS, args=tenant_account, ids=("account",)),
    "office:access:new_password": action(*LOGINS, args=tenant_account, ids=("account",)),
    # No letter is waiting, so the letter sends the clerk back to the login's page.
    "office:access:letter": office(
        *LOGINS, args=tenant_account, ids=("account",), get=302, post=302
    ),
    # The office: what needs doing, arrears, corrections, a tenant's kartoteka.
    "office:home": office(),  # each item by its own permission; 404 to whoever sees none
    "office:arrears": office("ledger.view_ledger"),
    # Billing: staff only, as the policy gives billing to the back office.
    "office:billing": office("ledger.view_ledger", "ledger.run_billing"),
    "office:billing_book": action("ledger.view_ledger", "ledger.run_billing"),
    # The accounting export: staff and City Hall read the journal (GET only).
    "office:accounting:journal": office("ledger.view_ledger", "ledger.view_entry"),
    "office:accounting:csv": office("ledger.view_ledger", "ledger.view_entry"),
    "office:corrections": office(*CORRECTIONS),
    "office:correction_new": office(*CORRECTIONS, args=tenant_entry, ids=("entry",), post=200),
    "office:correction_confirm": action(*CORRECTIONS, args=tenant_entry, ids=("entry",)),
    "office:tenant_kartoteka": office("ledger.view_ledger", args=ledger, ids=("ledger",)),
    "office:tenant_kartoteka_entries": office("ledger.view_ledger", args=ledger, ids=("ledger",)),
    "office:tenant_kartoteka_months": office("ledger.view_ledger", args=ledger, ids=("ledger",)),
    "office:tenant_kartoteka_years": office("ledger.view_ledger", args=ledger, ids=("ledger",)),
    "office:tenant_kartoteka_contract": office("ledger.view_ledger", args=ledger, ids=("ledger",)),
    "office:tenant_kartoteka_entry": office(
        "ledger.view_ledger", args=entry, ids=("ledger", "entry")
    ),
    # Bank statements and the payment queue.
    "office:statement_upload": office("payments.add_upload"),
    "office:statement_preview": office("payments.view_upload", args=upload, ids=("upload",)),
    "office:statement_confirm": action("payments.add_statement", args=upload, ids=("upload",)),
    "office:statement_list": office("payments.view_statement"),
    "office:statement_detail": office(
        "payments.view_statement",
        "payments.view_statementline",
        args=statement,
        ids=("statement",),
    ),
    "office:payment_queue": office("payments.view_statementline"),
    "office:payment_assign": action(
        "payments.change_statementline", args=waiting_line, ids=("statement_line",)
    ),
    "office:payment_set_aside": action(
        "payments.change_statementline", args=waiting_line, ids=("statement_line",)
    ),
    # Housing allowance: a waiting payment split by the welfare office's list
    # (staff), and the allowances booked per month (staff and City Hall).
    "office:allowance_split": office(
        "payments.change_statementline",
        "payments.add_allowancesplit",
        args=waiting_line,
        ids=("statement_line",),
        post=200,
    ),
    "office:allowance_split_confirm": action(
        "payments.change_statementline",
        "payments.add_allowancesplit",
        args=waiting_line,
        ids=("statement_line",),
    ),
    "office:allowance_report": office("payments.view_allowancesplit", "ledger.view_entry"),
    # Refunds of credit and transfers between ledgers: City Hall reads, staff act.
    "office:refunds": office(*REFUNDS),
    "office:refund_ledger": office(*REFUNDS, args=ledger, ids=("ledger",)),
    "office:refund_order": action(
        "refunds.add_refundorder", *REFUNDS, args=ledger, ids=("ledger",)
    ),
    "office:transfer": action("refunds.transfer_credit", *REFUNDS, args=ledger, ids=("ledger",)),
    "office:refund_cancel": action(
        "refunds.change_refundorder", *REFUNDS, args=refund_order, ids=("refund_order",)
    ),
    "office:refund_batch_new": action(
        "refunds.add_refundbatch", "refunds.change_refundorder", *REFUNDS
    ),
    "office:refund_batch_file": office(
        "refunds.view_refundbatch", args=refund_batch, ids=("refund_batch",)
    ),
    "office:payment_reversal_assign": action(
        "payments.change_statementline", args=waiting_line, ids=("statement_line",)
    ),
    # Meters, readings and the collector's files.
    "office:meters:search": office("meters.view_meter"),
    "office:meters:legalisation": office("meters.view_meter"),
    "office:meters:meter": office(
        "meters.view_meter", "meters.view_reading", args=meter, ids=("meter",)
    ),
    "office:meters:add_reading": action(
        "meters.view_meter", "meters.add_reading", args=meter, ids=("meter",)
    ),
    "office:meters:replace": office(
        "meters.change_meter", "meters.add_reading", args=meter, ids=("meter",), post=200
    ),
    "office:meters:queue": office("meters.view_reading"),
    "office:meters:accept": action("meters.change_reading", args=waiting_reading, ids=("reading",)),
    "office:meters:reject": action("meters.change_reading", args=waiting_reading, ids=("reading",)),
    "office:meters:photo": office("meters.view_reading", args=waiting_reading, ids=("reading",)),
    "office:meters:import": office(*READINGS, post=200),
    "office:meters:import_preview": office(*READINGS, args=reading_upload, ids=("reading_upload",)),
    "office:meters:import_confirm": action(*READINGS, args=reading_upload, ids=("reading_upload",)),
    # Background jobs (a mail job names its recipient).
    "office:jobs:jobs": office("jobs.view_job"),
    "office:jobs:job": office("jobs.view_job", args=job, ids=("job",)),
    # The audit log.
    "office:audit:events": office("audit.view_auditevent"),
    # Utility settlements.
    "office:settlements:runs": office("settlements.view_settlementrun"),
    "office:settlements:run_new": office("settlements.add_settlementrun"),
    "office:settlements:run_preview": office("settlements.add_settlementrun"),
    "office:settlements:run_confirm": action("settlements.add_settlementrun"),
    "office:settlements:run": office(
        "settlements.view_settlementrun",
        "settlements.view_settlement",
        args=settlement_run,
        ids=("settlement_run",),
    ),
    "office:settlements:run_apply": action(
        "settlements.view_settlementrun",
        "ledger.add_rate",
        args=settlement_run,
        ids=("settlement_run",),
    ),
    "office:settlements:settlement": office(
        "settlements.view_settlement", args=office_settlement, ids=("settlement",)
    ),
}


# ---- API (/api/v1/, docs/api.md) ---------------------------------------------
# The API opens to a token, never to a session: every person, logged in or
# not, gets 401 from every operation (tests/api/test_scopes.py tries the
# tokens); a method the URL has no operation for is 405. A row per operation,
# made from the registered operations, so an endpoint added later is here too.


def _api_routes() -> dict:
    from iok.api.api import operations

    ops = operations()
    methods = {}
    for op in ops:
        methods.setdefault(op.route, set()).add(op.method)

    def outcome(route, method):
        return 401 if method in methods[route] else 405

    def args(op):
        count = op.route.count("{")
        return lambda world, own: [own.ledger.pk] * count

    return {
        op.url_name: Route(
            args(op),
            dict.fromkeys(PEOPLE, outcome(op.route, "GET")),
            dict.fromkeys(PEOPLE, outcome(op.route, "POST")),
        )
        for op in ops
    } | {
        "api:openapi-json": public(post=405),  # the document, open to anyone
        "api:openapi-view": public(post=405),  # its page (Swagger UI from static files)
        "api:api-root": public(get=404, post=405),
        "api:not-found": public(lambda world, own: ["no/such/endpoint"], get=404, post=404),
    }


ROUTES |= _api_routes()
# ---- end of API ----------------------------------------------------------------

"""The permission policy of docs/roles.md, written out a second time, as
rules, so the tests check the groups' permissions and the pages' checks
against the policy rather than against themselves.

`holds(who, "app.codename")` says whether a named person holds a permission
through their group; an app the rules do not know fails loudly."""

STAFF_PEOPLE = ("clerk", "official")
TENANTS = ("tenant", "co_tenant", "stranger")

# Apps whose every model staff may view, add and change.
STAFF_WORKS_ON = {"registry", "payments", "access", "meters", "settlements", "refunds"}
# Apps staff read but do not work on: interest rates are the administrator's
# to edit (the privacy app's records are the tenant's own business: the
# policy gives staff nothing there).
STAFF_READS = {"ledger", "audit", "jobs", "interest"}
# Ledger models staff may add and change: the rest is booked, never edited.
STAFF_EDITS_IN_LEDGER = {"component", "rate"}
# Apps City Hall may add to and change: registry data and events (readings).
CITY_HALL_EDITS = {"registry": None, "meters": {"reading"}}
KNOWN_APPS = STAFF_WORKS_ON | {"ledger", "audit", "privacy", "jobs", "interest"}


def split(perm: str) -> tuple[str, str, str]:
    app_label, codename = perm.split(".")
    action, _, model = codename.partition("_")
    return app_label, action, model


def holds(who: str, perm: str) -> bool:
    app_label, action, model = split(perm)
    if app_label not in KNOWN_APPS:
        raise LookupError(f"the policy of tests/security_matrix/policy.py has no app {app_label}")
    if who not in STAFF_PEOPLE or action == "delete":
        return False  # tenants hold no permissions; nobody deletes through a group
    if perm == "ledger.add_correction" or (
        who == "clerk" and perm in ("ledger.add_closing", "ledger.run_billing")
    ):
        return True  # corrections by both; closing the books and billing are staff work
    if action == "view":  # City Hall reads everything, staff what they work on
        return who == "official" or app_label in STAFF_WORKS_ON | STAFF_READS
    if who == "clerk":
        return app_label in STAFF_WORKS_ON or (
            app_label == "ledger" and model in STAFF_EDITS_IN_LEDGER
        )
    edits = CITY_HALL_EDITS.get(app_label, set())
    return app_label in CITY_HALL_EDITS and (edits is None or model in edits)


def roles_with(*perms: str) -> set[str]:
    return {who for who in STAFF_PEOPLE if all(holds(who, perm) for perm in perms)}

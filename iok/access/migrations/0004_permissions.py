"""The permission policy (docs/roles.md) for the apps that existed before
the office issue: registry, ledger, payments and access. The apps that came
with it (meters, settlements, audit, privacy) grant their own.

- staff: the office's work: view/add/change on the registry, payments and
  access (logins and access requests); view on the ledger, add/change on its
  components and rates, and `ledger.add_correction`.
- city_hall: view on every model of these apps (reads everything), add/change
  on the registry, `ledger.add_correction`; logins and access requests are
  view only (no logins management).
- tenant: nothing: the portal checks that the user is a party of the contract.

No group gets a delete permission: ledger and payments history is never
deleted (the database refuses it too), and registry data is ended, not
deleted."""

from django.db import migrations

from iok.access.grants import grant

REGISTRY = ["building", "premises", "contractor", "contract", "contractparty",
            "propertykind", "propertyvalue"]  # fmt: skip
LEDGER = ["ledger", "entry", "entryline", "component", "rate", "allocation"]
PAYMENTS = ["statement", "statementline", "upload"]
ACCESS = ["account", "accessrequest"]


def codenames(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


VIEW_ADD_CHANGE = ["view", "add", "change"]
STAFF = {
    "registry": codenames(VIEW_ADD_CHANGE, REGISTRY),
    "ledger": codenames(["view"], LEDGER)
    + codenames(["add", "change"], ["component", "rate"])
    + ["add_correction"],
    "payments": codenames(VIEW_ADD_CHANGE, PAYMENTS),
    "access": codenames(VIEW_ADD_CHANGE, ACCESS),
}
CITY_HALL = {
    "registry": codenames(VIEW_ADD_CHANGE, REGISTRY),
    "ledger": codenames(["view"], LEDGER) + ["add_correction"],
    "payments": codenames(["view"], PAYMENTS),
    "access": codenames(["view"], ACCESS),
}


def operations():
    for group, policy in (("staff", STAFF), ("city_hall", CITY_HALL)):
        for app_label, names in policy.items():
            yield migrations.RunPython(grant(group, app_label, names), migrations.RunPython.noop)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_access_requests"),
        ("registry", "0002_property_kinds"),
        ("ledger", "0005_closing_and_correction_permission"),
        ("payments", "0002_upload"),
    ]
    operations = list(operations())

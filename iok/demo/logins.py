"""The demo's logins: an administrator, a clerk, a city-hall official, a
tenant who has used the portal before and one who logs in for the first time.

Their passwords are public on purpose (printed after every demo load, listed
in the README): never use them beyond a demo."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password

from iok import clock
from iok.access.logins import one_time_password_expiry
from iok.access.models import Account
from iok.registry.models import Contractor

SITE = "http://127.0.0.1:8000"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "kartoteka-demo-2026"  # noqa: S105
# The authenticator key of the demo's staff, City Hall and administrator
# logins (two-step login is required for them): public, like the passwords.
DEMO_TOTP_KEY = "696f6b2d64656d6f2d746f74702d6b65792d3236"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    where: str
    group: str = ""
    staff: bool = False
    tenant: bool = False
    first_login: bool = False


LOGINS = [
    DemoLogin("administrator", ADMIN_USERNAME, ADMIN_PASSWORD, "/admin/", staff=True),
    DemoLogin("clerk", "pracownik", "biuro-demo-2026", "/biuro/", group="staff", staff=True),
    DemoLogin("city hall", "urzednik", "urzad-demo-2026", "/biuro/", group="city_hall", staff=True),
    DemoLogin("tenant", "najemca", "najemca-demo-2026", "/", group="tenant", tenant=True),
    DemoLogin(
        "tenant, first login",
        "nowy",
        "pierwsze-logowanie",
        "/",
        group="tenant",
        tenant=True,
        first_login=True,
    ),
]


def create_logins() -> None:
    """Every demo login, unless a user of that name exists already."""
    tenants = iter(_demo_tenants())
    for login in LOGINS:
        contractor = next(tenants) if login.tenant else None
        _create(login, contractor)


def _create(login: DemoLogin, contractor) -> None:
    User = get_user_model()
    if User.objects.filter(username=login.username).exists():
        return
    user = User(username=login.username, is_staff=login.staff)
    user.is_superuser = login.username == ADMIN_USERNAME
    validate_password(login.password, user)
    user.set_password(login.password)
    user.save()
    if login.group:
        user.groups.add(Group.objects.get(name=login.group))
    if login.staff:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
    Account.objects.create(
        user=user,
        contractor=contractor,
        must_change_password=login.first_login,
        one_time_password_expires=one_time_password_expiry() if login.first_login else None,
        terms_accepted=None if login.first_login else clock.now(),
    )


def _demo_tenants() -> list[Contractor]:
    """Main tenants of flats, those who also rent a garage first: the demo
    tenant should show the ledger switcher."""
    mains = Contractor.objects.filter(
        contractparty__role="main",
        contractparty__contract__premises__kind="residential",
        contractparty__contract__end__isnull=True,
    )
    with_garage = mains.filter(contracts__premises__kind="garage")
    ordered = list(with_garage.order_by("pk").distinct()[:1])
    ordered += [c for c in mains.order_by("pk").distinct()[:3] if c not in ordered]
    return ordered


def logins_block() -> str:
    """What to print at the end: where to log in, and with what."""
    User = get_user_model()
    lines = ["Demo logins", "-----------"]
    for login in LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            continue
        shown = login.password if user.check_password(login.password) else "(changed)"
        lines.append(
            f"  {login.role:<20} {SITE}{login.where:<9} login {login.username:<11} password {shown}"
        )
    lines += [
        "",
        "  The administrator, clerk and City Hall logins ask for a second step: add this key",
        f"  to an authenticator app (time-based, 6 digits) and type its code: {demo_totp_key()}",
        "  The key is public, like the passwords: it is for the demo only.",
    ]
    return "\n".join(lines)


def demo_totp_key() -> str:
    """The demo's authenticator key in base32, by fours, as apps ask for it."""
    import base64

    key = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))

"""The demo's logins: for now one administrator of the Django admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

ADMIN_URL = "http://127.0.0.1:8000/admin/"
ADMIN_USERNAME = "admin"
# Public on purpose: it is printed after every demo load. Never use it beyond a demo.
ADMIN_PASSWORD = "kartoteka-demo-2026"  # noqa: S105


def create_admin() -> None:
    """The administrator, unless a user of that name exists already."""
    User = get_user_model()
    if User.objects.filter(username=ADMIN_USERNAME).exists():
        return
    user = User(username=ADMIN_USERNAME, is_staff=True, is_superuser=True)
    validate_password(ADMIN_PASSWORD, user)
    user.set_password(ADMIN_PASSWORD)
    user.save()


def logins_block() -> str:
    """What to print at the end: where to log in, and with what."""
    user = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        shown = "(no such user: run `iok createsuperuser`)"
    elif user.check_password(ADMIN_PASSWORD):
        shown = ADMIN_PASSWORD
    else:
        shown = "(changed since the demo was loaded)"
    return "\n".join(
        [
            "Demo logins",
            "-----------",
            f"  Django admin:  {ADMIN_URL}",
            f"  login:         {ADMIN_USERNAME}",
            f"  password:      {shown}",
            "  Tenant portal logins arrive with the tenant portal.",
        ]
    )

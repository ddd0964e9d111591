"""Who may open the office pages. Deny by default: anonymous visitors are
sent to log in, everybody else who lacks the permissions gets 404, so nobody
learns that the page exists. Permissions come to people through their group
(staff, city_hall, tenant); the policy is in docs/roles.md."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

STAFF_GROUP = "staff"
CITY_HALL_GROUP = "city_hall"
# Logins of the office and of City Hall: never managed by staff (logins.py).
OFFICE_GROUPS = (STAFF_GROUP, CITY_HALL_GROUP)

# Logins, and the access requests that lead to them, are managed by staff
# only. City Hall holds the view permissions (it reads both in the admin) but
# not change, so these workflow pages stay closed to it.
MANAGE_REQUESTS = ("access.view_accessrequest", "access.change_accessrequest")
MANAGE_LOGINS = ("access.view_account", "access.change_account")


def is_protected(user) -> bool:
    """A login of the office, City Hall or the administrator: one that may
    open the admin (is_staff), holds every right (is_superuser) or is in the
    staff or City Hall group. Only the administrator manages such a login."""
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=OFFICE_GROUPS).exists()


def protected_q(prefix: str = ""):
    """The same rule as a filter on users (`prefix` "user__" from an account)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    memberships = get_user_model().groups.through.objects.filter(group__name__in=OFFICE_GROUPS)
    return (
        Q(**{f"{prefix}is_staff": True})
        | Q(**{f"{prefix}is_superuser": True})
        | Q(**{f"{prefix}pk__in": memberships.values("user_id")})
    )


def requires(*perms):
    """Login required; 404 unless the user holds every one of `perms`
    ("app_label.codename"), which come to people through their group
    (staff, city_hall, tenant: see grants.py)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def checked(request, *args, **kwargs):
            # has_perms loads the user's permissions once per request (two
            # queries) and keeps them for the templates' own checks (the nav).
            if not (request.user.is_active and request.user.has_perms(perms)):
                raise Http404
            return view(request, *args, **kwargs)

        return checked

    return decorator

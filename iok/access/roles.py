"""Who may open the office pages of access. Deny by default: anonymous
visitors are sent to log in, everybody else who is not staff gets 404, so
nobody learns that the page exists."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

STAFF_GROUP = "staff"


def is_staff_member(user) -> bool:
    # City hall officials are is_staff for the admin, but their rights on
    # these pages come with a later issue: the group decides, not the flag.
    return user.is_active and user.groups.filter(name=STAFF_GROUP).exists()


def staff_required(view):
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return checked


def requires(*perms):
    """Login required; 404 unless the user holds every one of `perms`
    ("app_label.codename"), which come to people through their group
    (staff, city_hall, tenant: see grants.py)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not (request.user.is_active and request.user.has_perms(perms)):
                raise Http404
            return view(request, *args, **kwargs)

        return checked

    return decorator

from iok.access.roles import is_staff_member


def roles(request):
    """What the page header needs to know about the login: whether to link the office."""
    user = getattr(request, "user", None)
    return {"is_office": bool(user and user.is_authenticated and is_staff_member(user))}

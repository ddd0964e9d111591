def roles(request):
    """What the page header needs to know about the login: whether to link the
    office (staff and City Hall, who both read ledgers there)."""
    user = getattr(request, "user", None)
    office = bool(user and user.is_authenticated and user.has_perm("ledger.view_ledger"))
    return {"is_office": office}

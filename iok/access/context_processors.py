SESSION_KEY = "iok_is_office"


def roles(request):
    """What the page header needs to know about the login: whether to link the
    office (staff and City Hall, who both read ledgers there).

    The answer is kept in the session, with the login it was asked for: the
    permission lookup is two queries, and every page's header asks. It only
    decides whether a link shows; the office's views check the permission on
    every request, so a login whose rights were taken away meanwhile sees the
    link until the session ends, and a refusal behind it."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"is_office": False}
    known = request.session.get(SESSION_KEY)
    if known and known[0] == user.pk:
        return {"is_office": known[1]}
    office = user.has_perm("ledger.view_ledger")
    request.session[SESSION_KEY] = (user.pk, office)
    return {"is_office": office}

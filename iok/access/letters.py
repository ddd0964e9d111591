"""Between approving a request (or issuing a new password) and printing the
credential letter, the one-time password has to live somewhere.

It lives in the clerk's own session, under the account's id, until the
letter is downloaded once; then it is gone. The alternatives were worse:
storing it on the account, even encrypted, leaves a readable password in the
database for two weeks; answering the approval POST with the PDF itself
leaves the clerk on a stale page with no way back to the letter if the
download is lost. A session row holds it for minutes (sessions end after 30
idle minutes), only the clerk's browser can ask for it, and a letter lost
before printing costs one click on "issue a new one-time password"."""

from django.urls import reverse

from iok import clock
from iok.access import pdf
from iok.access.models import Account

SESSION_KEY = "iok_letters"


def keep_for_letter(session, account: Account, password: str) -> None:
    letters = session.get(SESSION_KEY, {})
    letters[str(account.pk)] = password
    session[SESSION_KEY] = letters


def letter_waiting(session, account: Account) -> bool:
    return str(account.pk) in session.get(SESSION_KEY, {})


def take_letter(request, account: Account) -> bytes | None:
    """The credential letter for `account`, once; None when there is none
    waiting in this session."""
    letters = request.session.get(SESSION_KEY, {})
    password = letters.pop(str(account.pk), None)
    if password is None:
        return None
    request.session[SESSION_KEY] = letters
    contractor = account.contractor
    return pdf.credential_letter(
        name=contractor.name,
        address=[contractor.street, f"{contractor.postal_code} {contractor.city}"],
        login=account.user.get_username(),
        password=password,
        portal_url=request.build_absolute_uri(reverse("access:login")),
        expires=account.one_time_password_expires or clock.now(),
    )

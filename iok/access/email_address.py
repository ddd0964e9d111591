"""A login's e-mail address: set by its owner, confirmed by a signed link
sent to it. Only a confirmed address can receive a password reset, so a
mistyped or someone else's address never gets control of the login."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from iok.access.mail import send_templated_mail
from iok.access.models import Account

SALT = "iok.access.email-confirmation"
LINK_DAYS = 3


def set_email(request, account: Account, email: str) -> bool:
    """Give `account` a new, unconfirmed address and send the confirmation
    link to it; return whether the e-mail went out."""
    user = account.user
    user.email = email
    user.save(update_fields=["email"])
    account.email_confirmed = False
    account.save(update_fields=["email_confirmed"])
    token = signing.dumps({"user": user.pk, "email": email}, salt=SALT)
    link = request.build_absolute_uri(reverse("access:confirm_email", args=[token]))
    context = {"user": user, "link": link, "days": LINK_DAYS}
    return send_templated_mail("confirm_email", context, [email])


def confirm_email(token: str) -> Account | None:
    """Confirm the address a link was sent to, if the link is genuine, fresh
    and the login still has that address; return the account, else None."""
    try:
        claim = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 24 * 60 * 60)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=claim["user"], email=claim["email"]).first()
    if user is None:
        return None
    account = user.account
    account.email_confirmed = True
    account.save(update_fields=["email_confirmed"])  # saved: the audit log records it
    return account

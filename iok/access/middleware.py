"""Rules that hold on every request of a logged-in user: a session lasts 12
hours at most, and a login with a one-time password or without accepted
terms of use opens nothing else until that is done."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from iok import clock

LOGIN_TIME = "iok_login_time"
TOUCHED = "iok_touched"
# How often a request moves a session's idle expiry on: once a minute, not on
# every request, so that reading a page does not write (on SQLite a write waits
# behind any long write transaction, such as a statement import).
TOUCH_EVERY = 60

# What a login may open while a first step is left; static files too.
# The second factor (iok.security) comes first: its own steps stay open.
EVERY_STEP = {
    "access:logout",
    "set_language",
    "security:verify",
    "security:setup",
    "security:recovery_codes",
}
OPEN_DURING = {
    "access:password_change": EVERY_STEP | {"access:password_change"},
    "access:terms": EVERY_STEP | {"access:terms", "access:accept_terms"},
}


def remember_login_time(sender, request, user, **kwargs):
    """user_logged_in receiver: the 12 hours count from here."""
    request.session[LOGIN_TIME] = clock.now().timestamp()


class SessionLifetimeMiddleware:
    """Idle sessions end SESSION_COOKIE_AGE after their last save; a logged-in
    request saves the session (moving that expiry on) when the last save is a
    minute old or more, so the idle limit holds to the minute while most page
    views read without writing. Any session ends IOK_SESSION_MAX_AGE after
    login, however busy, so a stolen session cookie is worth a day at most."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._too_old(request.session):
            logout(request)
            messages.info(request, _("Your session has ended: please log in again."))
            return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if request.user.is_authenticated:
            _touch(request.session)
        return response

    def _too_old(self, session) -> bool:
        now = clock.now().timestamp()
        # A session from before this rule has no login time: it starts now.
        logged_in = session.setdefault(LOGIN_TIME, now)
        return now - logged_in > settings.IOK_SESSION_MAX_AGE.total_seconds()


class FirstLoginMiddleware:
    """While a login still has its one-time password, every URL leads to the
    password change form; then, for a tenant, to the terms of use until they
    are accepted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = first_step_left(request.user)
        if step and not _may_open(request.path_info, step):
            return redirect(step)
        return self.get_response(request)


def _touch(session) -> None:
    now = clock.now().timestamp()
    if session.modified or now - session.get(TOUCHED, 0) >= TOUCH_EVERY:
        session[TOUCHED] = now  # marks it modified: SessionMiddleware saves it


def first_step_left(user) -> str | None:
    """The URL name of the first step `user` has not done yet, or None."""
    if not user.is_authenticated:
        return None
    account = getattr(user, "account", None)
    if account is None:
        return None
    if account.must_change_password:
        return "access:password_change"
    if account.is_tenant and account.terms_accepted is None:
        return "access:terms"
    return None


def _may_open(path: str, step: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        return resolve(path).view_name in OPEN_DURING[step]
    except Resolver404:
        return False

"""What every response carries (security headers) and what every request of
a login without its second step may open (only that step)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve

from iok.security import twofactor

# Open to a login that still owes its second step; static files too.
ALWAYS_OPEN = {"access:logout", "set_language"}
VERIFY_STEP = ALWAYS_OPEN | {"security:verify"}
SETUP_STEP = ALWAYS_OPEN | {"security:setup", "security:recovery_codes"}


class TwoFactorMiddleware:
    """A login with a confirmed device gives a code in every new session
    before it opens anything else, the admin included; a staff or City Hall
    login without a device is first sent to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            step = _step(request)
            if step and not _opens(request.path_info, step):
                return redirect_to_login(request.get_full_path(), step)
        return self.get_response(request)


def _step(request) -> str | None:
    """The step this session owes, worked out once per login and kept in
    the session, so a tenant's pages cost no extra queries."""
    session = request.session
    if twofactor.STEP_KEY not in session:
        session[twofactor.STEP_KEY] = twofactor.step_for(request.user)
    return session[twofactor.STEP_KEY]


def _opens(path: str, step: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    allowed = VERIFY_STEP if step == "security:verify" else SETUP_STEP
    try:
        return resolve(path).view_name in allowed
    except Resolver404:
        return False


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response (Django 5.2 has none of its
    own), and `Cache-Control: no-store` on every page a logged-in person sees
    and on every page that did not say it may be kept: pages carry ledgers,
    PESELs and addresses, and a shared computer's cache must hold none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.IOK_CONTENT_SECURITY_POLICY)
        logged_in = getattr(request, "user", None) and request.user.is_authenticated
        if logged_in or "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store, private"
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than IOK_MAX_REQUEST_MB
    before anything reads it. Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file
    uploads out, so without this a 300 MB "photo" was received whole before
    the 5 MB rule refused it. A body without a Content-Length is not read by
    the WSGI server's stream at all; the proxy has its own cap (docs/security.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.IOK_MAX_REQUEST_MB * 1024 * 1024
        if declared.isdigit() and int(declared) > limit:
            return too_large(request)
        return self.get_response(request)


def too_large(request):
    from django.shortcuts import render

    context = {"limit": settings.IOK_MAX_REQUEST_MB}
    response = render(request, "413.html", context, status=413)
    response["Connection"] = "close"  # the rest of the body is not read
    return response

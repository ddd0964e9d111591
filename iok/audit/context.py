"""Who is acting right now: the request being served, the management
command being run, or nobody in particular ("system").

A context variable holds it, so each request (in its thread or task) sees
its own, and code far from the view (a model's save, a signal) can ask
`current()` without being handed the request."""

import contextlib
import contextvars
import getpass
from dataclasses import dataclass

SYSTEM = "system"
WEB = "web"
ADMIN = "admin"
API = "api"


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    username: str = ""
    context: str = SYSTEM
    ip: str | None = None
    path: str = ""
    method: str = ""


_request = contextvars.ContextVar("iok_audit_request", default=None)
_command = contextvars.ContextVar("iok_audit_command", default=None)


def current() -> Actor:
    """The actor of whatever is running now. A request's user is read at
    this moment, not when the request began, so a login or logout in the
    middle of a request is seen as it happens."""
    request = _request.get()
    if request is not None:
        return _of_request(request)
    command = _command.get()
    if command is not None:
        return command
    return Actor()


def _of_request(request) -> Actor:
    from iok.access.lockout import client_ip

    # A request authenticated by other means than a session (an API token,
    # iok/api/auth.py) names its own actor.
    named = getattr(request, "audit_actor", None)
    if named is not None:
        return named
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    match = getattr(request, "resolver_match", None)
    in_admin = match is not None and "admin" in match.namespaces
    return Actor(
        user_id=user.pk if signed_in else None,
        username=user.get_username() if signed_in else "",
        context=ADMIN if in_admin else WEB,
        ip=client_ip(request) or None,
        path=request.get_full_path()[:500],
        method=request.method or "",
    )


@contextlib.contextmanager
def serving(request):
    """Everything recorded inside is done by `request`'s user."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


@contextlib.contextmanager
def running_command(argv: list[str]):
    """Everything recorded inside is done by the management command named in
    `argv` (as `iok` or manage.py got it), on behalf of the machine's login
    that started it."""
    name = argv[1] if len(argv) > 1 else "help"
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        login = ""
    token = _command.set(Actor(username=login, context=f"command: {name}"[:100]))
    try:
        yield
    finally:
        _command.reset(token)

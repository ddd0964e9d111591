"""IOK's logging (settings.LOGGING): one line per record to stdout, as
key=value pairs a person and a log collector both read; one line per request
(RequestLogMiddleware); personal data masked in every line and in the
e-mails of errors to IOK_ADMINS.

    time=2026-11-28T10:00:00.123+01:00 level=INFO logger=iok.request
    request_id=5f0c… user_id=12 method=POST path=/konto/haslo/ status=302
    duration_ms=41 msg="POST /konto/haslo/ 302"

(on one line). The request id is the trusted proxy's X-Request-ID when it
sends one (so nginx's and IOK's lines of a request share it), or a new one,
and goes back in the response's X-Request-ID."""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid

from django.utils.functional import empty
from django.utils.log import AdminEmailHandler

from iok import proxy

_request = contextvars.ContextVar("iok_log_request", default=None)
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

# Personal data, longest numbers first so a PESEL inside an account number
# is not half-masked: e-mail addresses, NRB and IBAN account numbers (spaced
# or not), PESEL (11 digits), NIP (10 digits, dashed or not).
MASKS = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<e-mail>"),
    (re.compile(r"\b(?:PL)?\d{2}(?:[ ]?\d{4}){6}\b"), "<account>"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,4})?\b"), "<account>"),
    (re.compile(r"\b\d{11}\b"), "<pesel>"),
    (re.compile(r"\b(?:PL)?(?:\d{10}|\d{3}-\d{3}-\d{2}-\d{2}|\d{3}-\d{2}-\d{2}-\d{3})\b"), "<nip>"),
]


def mask(text: str) -> str:
    """`text` with every e-mail address, account number, PESEL and NIP
    replaced by what it is."""
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Masks the message with its arguments, and the traceback, of every record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: the format string alone
            message = f"{record.msg} (arguments left out: they did not fit the message)"
        record.msg, record.args = mask(str(message)), None
        if isinstance(getattr(record, "path", None), str):
            record.path = mask(record.path)
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def _user_id(request):
    """The user's id if the request has read its user already: logging never
    loads a session itself."""
    user = request.__dict__.get("user") if request is not None else None
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestContextFilter(logging.Filter):
    """Puts the request being served (its id, user and path) on every record."""

    def filter(self, record):
        request = _request.get()
        if request is not None:
            record.request_id = getattr(request, "request_id", None)
            record.user_id = getattr(record, "user_id", None) or _user_id(request)
            record.path = getattr(record, "path", None) or request.path
        return True


FIELDS = ["request_id", "user_id", "method", "path", "status", "duration_ms"]


def _value(value) -> str:
    text = str(value)
    if re.fullmatch(r'[^\s"=\\]+', text):
        return text
    return json.dumps(text, ensure_ascii=False)


class LineFormatter(logging.Formatter):
    """One line of key=value pairs per record; a traceback as one quoted value."""

    def format(self, record):
        moment = datetime.datetime.fromtimestamp(record.created).astimezone()
        pairs = [
            ("time", moment.isoformat(timespec="milliseconds")),
            ("level", record.levelname),
            ("logger", record.name),
        ]
        pairs += [(name, getattr(record, name, None)) for name in FIELDS]
        pairs.append(("msg", record.getMessage()))
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            pairs.append(("exc", record.exc_text))
        return " ".join(f"{key}={_value(value)}" for key, value in pairs if value is not None)


class MaskedAdminEmailHandler(AdminEmailHandler):
    """Django's mail of an error to ADMINS (IOK_ADMINS), with the personal
    data masked in its subject and its whole body, the request's data too."""

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = mask(kwargs["html_message"])
        super().send_mail(mask(subject), mask(message), *args, **kwargs)


request_logger = logging.getLogger("iok.request")


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives the request its id, and logs one line when
    it is answered (including the answers of the middleware after it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = self._request_id(request)
        started = time.monotonic()
        token = _request.set(request)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            _request.reset(token)

    @staticmethod
    def _request_id(request) -> str:
        sent = request.META.get("HTTP_X_REQUEST_ID", "")
        if sent and REQUEST_ID.fullmatch(sent) and proxy.from_trusted_proxy(request):
            return sent
        return uuid.uuid4().hex

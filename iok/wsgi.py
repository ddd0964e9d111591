"""The WSGI application gunicorn serves (`gunicorn iok.wsgi`, deploy/)."""

import ipaddress
import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iok.settings")
application = get_wsgi_application()

# Production refuses to serve on the demo's bank numbers (IOK_DEBUG=true runs
# the demo); `iok check --deploy` reports the same before a deployment.
from iok.payments.checks import demo_bank_numbers  # noqa: E402 - needs the apps loaded

PREVIEW_BANNER = (
    "\n"
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    "!! IOK_LOCAL_PREVIEW is on: a look at the production configuration only. !!\n"
    "!! Cookies go over plain HTTP, the demo's bank numbers are served, and   !!\n"
    "!! nobody but 127.0.0.1 is answered. Never on a server: `iok check       !!\n"
    "!! --deploy` refuses it (iok.E101).                                      !!\n"
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
)


def loopback_only(app):
    """Answers 403 to any connection not from this machine itself."""

    def serve(environ, start_response):
        try:
            local = ipaddress.ip_address(environ.get("REMOTE_ADDR", "")).is_loopback
        except ValueError:
            local = False
        if not local:
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"IOK_LOCAL_PREVIEW answers 127.0.0.1 only.\n"]
        return app(environ, start_response)

    return serve


if settings.IOK_LOCAL_PREVIEW:
    sys.stderr.write(PREVIEW_BANNER)
    application = loopback_only(application)
elif errors := demo_bank_numbers():
    raise ImproperlyConfigured(" ".join(error.msg for error in errors))

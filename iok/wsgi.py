import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iok.settings")
application = get_wsgi_application()

# Production refuses to serve on the demo's bank numbers (IOK_DEBUG=true runs
# the demo); `iok check --deploy` reports the same before a deployment.
from iok.payments.checks import demo_bank_numbers  # noqa: E402 - needs the apps loaded

if errors := demo_bank_numbers():
    raise ImproperlyConfigured(" ".join(error.msg for error in errors))

"""The one way IOK sends e-mail: a template triple rendered in the current
language, plain text with an HTML alternative."""

import logging

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def send_templated_mail(name: str, context: dict, to: list[str]) -> bool:
    """Send `templates/emails/<name>_subject.txt`, `<name>.txt` and
    `<name>.html` to `to`; return whether the server took the message.

    A mail server that is down must not turn a decided request or a password
    reset into an error page: the failure is logged for the administrator."""
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"emails/{name}.txt", context), to=to
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    try:
        message.send()
    except OSError:
        log.exception("Could not send the %s e-mail.", name)
        return False
    return True

"""Mail backends for the job tests: one that counts how often a mail server
was contacted, one whose server always refuses."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class CountingBackend(EmailBackend):
    """locmem, counting each contact with "the server" (each send)."""

    contacts = 0

    def send_messages(self, messages):
        type(self).contacts += 1
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """A mail server that is there but will not take anything for now."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

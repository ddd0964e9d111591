"""Configuration mistakes of access that `iok check --deploy` reports."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from iok.pdf import font_paths


@register("iok", deploy=True)
def pdf_fonts_exist(app_configs, **kwargs):
    try:
        font_paths()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="iok.access.E001")]
    return []


@register("iok", deploy=True)
def email_is_configured(app_configs, **kwargs):
    if settings.DEBUG or getattr(settings, "EMAIL_HOST", "localhost") != "localhost":
        return []
    return [
        Warning(
            "IOK_EMAIL_HOST is not set: e-mail goes to a mail server on localhost, and "
            "without one no e-mail confirmation or password reset reaches a tenant.",
            id="iok.access.W001",
        )
    ]

"""What the audit tests share: the last event about an object."""

from django.contrib.contenttypes.models import ContentType

from iok.audit.models import AuditEvent


def events_of(instance, action=None):
    found = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    )
    return found.filter(action=action) if action else found


def last_event(instance, action=None) -> AuditEvent:
    return events_of(instance, action).order_by("-pk").first()

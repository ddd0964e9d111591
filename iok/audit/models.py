"""The audit log (dziennik zdarzeń): one row per change or read, written once.

Nothing refers to a user or an object by a foreign key that could cascade or
be set to null: the actor is kept as the user's id and login as they were,
the object as its type, id and text, so an event keeps its meaning after the
user or the object is gone. Rows are append-only: the ORM refuses to change
or delete them here and database triggers refuse below it (migration 0002)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iok import clock

APPEND_ONLY = _("The audit log is append-only: its events are never changed or deleted.")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(APPEND_ONLY)

    def delete(self):
        raise ValidationError(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise ValidationError(APPEND_ONLY)


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        READ = "read", _("read")
        BULK = "bulk", _("bulk write")

    when = models.DateTimeField(_("when"), default=clock.now)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    actor_username = models.CharField(_("who"), max_length=150, blank=True)
    context = models.CharField(_("through"), max_length=100)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("object type"),
        db_index=False,  # audit_object starts with it; one index less to write per event
    )
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # Bulk events: ",1,5,9," so that one id is found with a plain LIKE anywhere.
    object_ids = models.TextField(_("objects"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    path = models.CharField(_("address of the page"), max_length=500, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-when", "-pk"]
        indexes = [
            models.Index(fields=["when"], name="audit_when"),
            models.Index(fields=["content_type", "object_id", "when"], name="audit_object"),
            models.Index(fields=["actor_username", "when"], name="audit_actor"),
            # Bulk events only (a few a month): a search for an id in their
            # lists reads these, not the whole log; written only for them.
            models.Index(
                fields=["content_type", "when"],
                name="audit_bulk",
                condition=models.Q(action="bulk"),
            ),
        ]

    def __str__(self):
        return f"{self.when:%d.%m.%Y %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(APPEND_ONLY)

    @property
    def ids(self) -> list[str]:
        """The ids a bulk event names."""
        return [part for part in self.object_ids.split(",") if part]

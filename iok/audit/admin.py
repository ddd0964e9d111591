from django.contrib import admin

from iok.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, to read only: nobody adds, changes or deletes an event
    here, the superuser included (the database would refuse it anyway)."""

    list_display = [
        "when",
        "actor_username",
        "context",
        "ip",
        "action",
        "content_type",
        "object_repr",
    ]
    list_filter = ["action", "context", "content_type"]
    search_fields = ["actor_username", "object_repr", "=object_id", "=ip"]
    date_hierarchy = "when"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

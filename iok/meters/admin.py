from django.contrib import admin

from iok.meters.models import Meter, Reading

ADDRESS_SEARCH = (
    "premises__building__street",
    "premises__building__number",
    "premises__building__city",
    "premises__number",
)


class ReadingInline(admin.TabularInline):
    """A meter's readings, read only: readings change only through the rules
    (readings.py), never by editing a row."""

    model = Reading
    fields = ["date", "value", "kind", "source", "status", "entered_by", "decided_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meter)
class MeterAdmin(admin.ModelAdmin):
    list_display = [
        "serial_number",
        "medium",
        "premises",
        "installed",
        "removed",
        "legalised_until",
    ]
    list_filter = ["medium", "place"]
    search_fields = ["serial_number", *ADDRESS_SEARCH]
    list_select_related = ["premises__building"]
    autocomplete_fields = ["premises"]
    raw_id_fields = ["replaces"]
    inlines = [ReadingInline]

    def get_readonly_fields(self, request, obj=None):
        # A meter's history is fixed once it has readings; removal goes through
        # the replacement page, which records the final reading with it.
        if obj is not None and obj.readings.exists():
            return ["premises", "medium", "installed", "removed", "replaces"]
        return ["removed", "replaces"]


@admin.register(Reading)
class ReadingAdmin(admin.ModelAdmin):
    list_display = ["meter", "date", "value", "kind", "source", "status"]
    list_filter = ["status", "source", "kind", "meter__medium"]
    search_fields = ["meter__serial_number", *("meter__" + field for field in ADDRESS_SEARCH)]
    list_select_related = ["meter__premises__building"]
    date_hierarchy = "date"
    fields = [
        "meter",
        "date",
        "value",
        "kind",
        "source",
        "status",
        "reject_reason",
        "flagged",
        "entered_by",
        "entered_at",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # through the meter's page, which checks the rules

    def has_delete_permission(self, request, obj=None):
        return False

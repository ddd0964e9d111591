"""Every ORM write to an audited model becomes an audit event: pre_save reads
the row as it was, post_save and post_delete record each field before and
after, m2m_changed records a relation's members before and after.

Audited: every model of IOK's own apps (iok.*) and Django's User and Group,
less EXCLUDED. Receivers are connected per model (never for every sender),
so the tables nobody audits keep Django's fast bulk delete."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from iok.audit import recording
from iok.audit.models import AuditEvent

# model labels (lower case) and why each is left out; docs/audit.md says the same.
EXCLUDED = {
    # the audit log itself: recording a write of it would never end
    "audit.auditevent",
    # recomputed from the entries by the allocation rule (art. 451 KC) after
    # every payment and charge: deleted and written again wholesale, so its
    # rows tell nothing the entries do not, and auditing them would cost the
    # fast delete the recomputation relies on
    "ledger.allocation",
    # written with their entry by posting.post_entry (bulk_create, no signals)
    # and append-only: the entry's own event names them
    "ledger.entryline",
    # counters of the public forms' throttle, written by anonymous posts: an
    # event for each would let anyone grow the log; they hold only hashes
    "access.throttlecount",
    # the background jobs' own records: an anonymous password reset queues
    # one, and a mail job's input is a rendered e-mail with its link (a
    # credential) that must not be copied into an append-only log; what a
    # job changes is audited on what it changes
    "jobs.job",
}
# Beyond IOK's apps: the logins and the groups that carry permissions.
EXTRA = {"auth.user", "auth.group"}

BEFORE = "_audit_before"


def is_audited(model) -> bool:
    label = model._meta.label_lower
    if label in EXCLUDED or not model._meta.managed:
        return False
    return label in EXTRA or model.__module__.startswith("iok.")


def audited_models() -> list:
    return [model for model in apps.get_models() if is_audited(model)]


def connect() -> None:
    for model in audited_models():
        uid = f"audit:{model._meta.label_lower}"
        pre_save.connect(remember, sender=model, dispatch_uid=uid)
        post_save.connect(saved, sender=model, dispatch_uid=uid)
        post_delete.connect(deleted, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(related, sender=through, dispatch_uid=f"{uid}.{field.name}")


def remember(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    """Keep the row as the database has it, before this save changes it."""
    instance.__dict__.pop(BEFORE, None)
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = [
        field
        for field in sender._meta.concrete_fields
        if update_fields is None or field.name in update_fields or field.attname in update_fields
    ]
    row = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values(*[field.attname for field in fields])
        .first()
    )
    if row is not None:
        instance.__dict__[BEFORE] = {
            field.name: recording.value_of(field, row[field.attname]) for field in fields
        }


def saved(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop(BEFORE, None)
    if before is None:
        changes = recording.diff({}, recording.snapshot(instance))
        recording.record(AuditEvent.Action.CREATE, instance, changes)
        return
    changes = recording.diff(before, recording.snapshot(instance, before.keys()))
    if changes:
        recording.record(AuditEvent.Action.UPDATE, instance, changes)


def deleted(sender, instance, **kwargs):
    changes = recording.diff(recording.snapshot(instance), {})
    recording.record(AuditEvent.Action.DELETE, instance, changes)


def related(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A many-to-many relation changed (a user's groups, a group's permissions):
    the members before and after, on the object whose relation it is."""
    if action not in {"pre_clear", "post_add", "post_remove", "post_clear"}:
        return
    name = _relation_name(sender, instance, reverse)
    manager = getattr(instance, name)
    if action == "pre_clear":
        instance.__dict__[f"_audit_m2m_{name}"] = [recording.describe(o) for o in manager.all()]
        return
    after = list(manager.all())
    if action == "post_add":
        before = [o for o in after if o.pk not in (pk_set or ())]
    elif action == "post_remove":
        before = after + list(model._base_manager.filter(pk__in=pk_set or ()))
    else:
        before = instance.__dict__.pop(f"_audit_m2m_{name}", [])
    describe = recording.describe
    before = sorted(describe(o) if not isinstance(o, str) else o for o in before)
    after = sorted(describe(o) for o in after)
    if before != after:
        changes = {name: {"before": before, "after": after}}
        recording.record(AuditEvent.Action.UPDATE, instance, changes)


def _relation_name(through, instance, reverse) -> str:
    for field in _m2m_fields(through):
        if not reverse and isinstance(instance, field.model):
            return field.name
        if reverse and isinstance(instance, field.related_model):
            return field.remote_field.get_accessor_name()
    raise LookupError(f"No many-to-many field goes through {through._meta.label}")


def _m2m_fields(through):
    return [
        field
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through is through
    ]

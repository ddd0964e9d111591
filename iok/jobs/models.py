"""What the office sees of a background job (docs/jobs.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iok import clock


class JobQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=[Job.State.WAITING, Job.State.RUNNING])


class Job(models.Model):
    class Kind(models.TextChoices):
        MAIL = "mail", _("E-mail")
        PASSWORD_RESET = "password_reset", _("Password reset e-mail")
        STATEMENT_IMPORT = "statement_import", _("Statement import")
        SETTLEMENT_RUN = "settlement_run", _("Settlement run")

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Level(models.TextChoices):
        SUCCESS = "success", _("success")
        INFO = "info", _("information")
        WARNING = "warning", _("warning")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    # What the job works on (ids, dates, a rendered e-mail); emptied once it
    # has ended, so no link or token outlives the job in the database.
    payload = models.JSONField(_("input"), default=dict, blank=True)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    failure = models.TextField(_("why it failed"), blank=True)
    summary = models.TextField(_("result"), blank=True)
    level = models.CharField(_("result kind"), max_length=10, choices=Level.choices, blank=True)
    link = models.CharField(_("what it produced"), max_length=300, blank=True)
    created = models.DateTimeField(_("started"), default=clock.now)
    began = models.DateTimeField(_("first run"), null=True, blank=True)
    attempt_began = models.DateTimeField(_("this attempt began"), null=True, blank=True)
    next_attempt = models.DateTimeField(_("next attempt"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # What the job works on, for finding it from there: "upload:12".
    target = models.CharField(_("works on"), max_length=64, blank=True, db_index=True)
    task_id = models.CharField(_("queue id"), max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["state", "-created"])]

    def __str__(self):
        return self.title

    @property
    def ended(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from iok.jobs.running import give_up_abandoned


class Command(DatabaseWorker):
    help = (
        "Run the background jobs queued in the database: e-mail (password resets, "
        "confirmation links, decisions), statement imports and settlement runs started in "
        "the office. One job at a time; start more workers for more at once. A job that "
        "fails for a reason another attempt could change is tried again later: e-mail up "
        "to 4 times when the mail server cannot be reached or refuses for now; an import or "
        "a settlement run up to 3 times when the database was busy or lost, which is safe "
        "because they book nothing twice. Retries wait 1, then 5, then 25 minutes. Any other "
        "failure ends the job at once, with its reason on the office's jobs page. A job "
        "left running for an hour by a worker that was killed is marked failed when a "
        "worker starts. Without --once the worker runs until stopped (SIGTERM lets the "
        "current job finish)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run every job that is due now, then exit (for tests and cron); as --batch.",
        )

    def handle(self, *args, once=False, **options):
        if once:
            options.update(batch=True, reload=False, startup_delay=False)
        if abandoned := give_up_abandoned():
            self.stderr.write(f"{abandoned} jobs had lost their worker: marked failed.")
        super().handle(*args, **options)

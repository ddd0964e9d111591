"""Background jobs: work that leaves the request (e-mail, statement imports
and settlement runs started from the office) and runs in `iok worker`.

A Job row is what the office sees of one piece of work: its kind, who
started it, its state, its progress, its attempts, why it failed and what it
produced. The queue itself is django-tasks with its database backend
(django-tasks-db): the same database as everything else, no extra server.
docs/jobs.md says what runs, how it is retried, and how to run the worker."""

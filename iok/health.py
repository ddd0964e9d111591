"""`/healthz`, for the load balancer: can this process serve? It answers
200 when the database answers and every migration is applied, else 503
naming which check failed. No data, no login, no session, never audited
(a City Hall read is what the audit records, and this reads nothing of
anybody's); exempt from the HTTPS redirect, as balancers probe over plain
HTTP inside the network."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def unapplied_migrations() -> list[str]:
    """The migrations the code has and the database has not applied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        unapplied = unapplied_migrations()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "failed": "database"}, status=503)
    if unapplied:
        return JsonResponse(
            {"status": "unavailable", "failed": "migrations", "unapplied": len(unapplied)},
            status=503,
        )
    return JsonResponse({"status": "ok"})

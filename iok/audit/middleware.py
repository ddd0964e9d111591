"""Puts each request's user and address behind every audit event its code
records, and records the reads of personal data and ledgers (iok.audit.reads)."""

from iok.audit import context, reads, recording


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with context.serving(request):
            response = self.get_response(request)
            if request.method in {"GET", "HEAD"} and response.status_code == 200:
                self._record_read(request)
        return response

    def _record_read(self, request):
        found = reads.page_read(request)
        if found is None or not reads.is_reader(request.user):
            return
        model, object_id = found
        instance = None
        if object_id is not None:
            instance = model._base_manager.filter(pk=_int(object_id)).first()
        recording.record_read(model, instance, object_id=_int(object_id))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

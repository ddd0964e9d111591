"""IOK's own error pages, in the user's language, with the site's header
and a way back (iok/urls.py names them handler400…500; settings names
csrf_failure as CSRF_FAILURE_VIEW). Django's pages would be bare English.

400, 403, 404 and the CSRF page render with the request, so the header
knows who is logged in and the way back leads to their home. The 500 page
renders with nothing: the error may be the database itself, so it reads
nothing and names no URL, and if even its template fails, a plain Polish
line stands in."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

SERVER_ERROR_FALLBACK = (
    '<!doctype html><html lang="pl"><meta charset="utf-8"><title>Błąd serwera · IOK</title>'
    "<h1>Błąd serwera</h1><p>Spróbuj ponownie za kilka minut.</p>"
    '<p><a href="/">Wróć na stronę główną</a></p></html>'
)


# requires_csrf_token: the header's logout and language forms need a token,
# and an error can come before the CSRF middleware has made one.
@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    try:
        content = loader.render_to_string("500.html")
    except Exception:  # an error page must answer whatever broke
        content = SERVER_ERROR_FALLBACK
    return HttpResponseServerError(content)


@requires_csrf_token
def csrf_failure(request, reason=""):
    # `reason` is Django's English for developers; the log has it already.
    return render(request, "403_csrf.html", status=403)

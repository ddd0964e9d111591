"""With DEBUG off, every error is IOK's own page: in the user's language,
with the site's header and a way back to the home of whoever is logged in;
the 500 page even with no database and no request behind it."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import translation

from iok import urls as iok_urls
from iok.access.views import errors
from iok.ledger.models import Ledger

# A URL conf of IOK's pages plus three that fail, with IOK's handlers.
handler400 = iok_urls.handler400
handler403 = iok_urls.handler403
handler404 = iok_urls.handler404
handler500 = iok_urls.handler500


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-400/", suspicious),
    path("test-403/", forbidden),
    path("test-500/", broken),
    path("", include(iok_urls)),
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls(__name__),
    pytest.mark.usefixtures("no_debug"),
]

MISTYPED = "/kartoteka/literowka/"
# status: (URL, the heading in Polish)
PAGES = {
    400: ("/test-400/", "Nie można odczytać żądania"),
    403: ("/test-403/", "Brak dostępu do tej strony"),
    404: (MISTYPED, "Nie ma takiej strony"),
    500: ("/test-500/", "Błąd serwera"),
}


@pytest.fixture
def no_debug():
    with override_settings(DEBUG=False):
        yield


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def page_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_error_is_iok_s_own_polish_page_with_a_way_back(browser, status):
    url, heading = PAGES[status]
    response = browser.get(url)
    assert response.status_code == status
    page = page_of(response)
    assert f"<h1>{heading}</h1>" in page and page.count("<h1") == 1
    assert '<html lang="pl">' in page
    assert '<header class="site-header">' in page
    assert 'href="/"' in page  # the portal's home: it sends the office to theirs
    assert f"{status}" in page
    assert "Not Found" not in page and "Server Error" not in page


@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_error_page_speaks_english_when_english_is_chosen(browser, status):
    url, _heading = PAGES[status]
    browser.cookies["django_language"] = "en"
    page = page_of(browser.get(url))
    assert '<html lang="en">' in page
    english = {
        400: "The request could not be understood",
        403: "No access to this page",
        404: "There is no such page",
        500: "Server error",
    }
    assert f"<h1>{english[status]}</h1>" in page


@pytest.mark.parametrize(
    ("who", "home", "words"),
    [
        ("tenant", "portal:home", "Wróć na stronę główną portalu"),
        ("anonymous", "portal:home", "Wróć na stronę główną portalu"),
        ("clerk", "office:home", "Wróć na stronę główną biura"),
        ("official", "office:home", "Wróć na stronę główną biura"),
    ],
)
def test_a_mistyped_address_leads_back_to_the_home_of_whoever_is_logged_in(
    browser, people, who, home, words
):
    user = people.all()[who]
    if user is not None:
        browser.force_login(user)
    response = browser.get(MISTYPED)
    assert response.status_code == 404
    page = page_of(response)
    assert f'<a href="{reverse(home)}">{words}</a>' in page
    if user is not None:
        assert reverse("access:logout") in page  # the header of a logged-in person


def test_someone_else_s_ledger_reads_as_any_missing_page(browser, people):
    browser.force_login(people.tenant)
    ledger = Ledger.objects.get(contract__number="M/2021/0009")  # the stranger's
    theirs = browser.get(reverse("portal:panel", args=[ledger.pk]))
    mistyped = browser.get(MISTYPED)
    assert theirs.status_code == mistyped.status_code == 404
    assert "<h1>Nie ma takiej strony</h1>" in page_of(theirs)


def test_a_request_for_an_unknown_host_gets_the_polish_400_page(browser):
    response = browser.get("/", HTTP_HOST="obcy.example")
    assert response.status_code == 400
    assert "<h1>Nie można odczytać żądania</h1>" in page_of(response)


def test_a_post_without_a_csrf_token_gets_iok_s_polish_page(people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.tenant)
    response = browser.post(reverse("access:change_email"), {"email": "anna@example.pl"})
    assert response.status_code == 403
    page = page_of(response)
    assert "<h1>Nie udało się wysłać formularza</h1>" in page and page.count("<h1") == 1
    assert "CSRF" not in page  # Django's developer words stay in the log
    assert f'<a href="{reverse("portal:home")}">Wróć na stronę główną portalu</a>' in page


def test_the_csrf_page_speaks_english_when_english_is_chosen():
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["django_language"] = "en"
    response = browser.post(reverse("access:request_form"), {})
    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in page_of(response)


def test_iok_names_its_own_handlers_and_csrf_page(settings):
    assert iok_urls.handler404 == "iok.access.views.errors.page_not_found"
    assert iok_urls.handler500 == "iok.access.views.errors.server_error"
    assert settings.CSRF_FAILURE_VIEW == "iok.access.views.errors.csrf_failure"


@pytest.mark.django_db(databases=[])  # any query would fail the test
def test_the_500_page_renders_with_no_database_and_no_request_context():
    request = RequestFactory().get("/")  # no session, no user, no middleware
    with translation.override("pl"), CaptureQueriesContext(connection) as queries:
        response = errors.server_error(request)
    assert response.status_code == 500 and not queries
    page = page_of(response)
    assert "<h1>Błąd serwera</h1>" in page and 'href="/"' in page


def test_a_500_page_whose_template_fails_still_answers_in_polish(monkeypatch):
    def broken_template(*args, **kwargs):
        raise OSError("templates unreadable")

    monkeypatch.setattr(errors.loader, "render_to_string", broken_template)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "<h1>Błąd serwera</h1>" in page_of(response)

"""A request body larger than IOK_MAX_REQUEST_MB is refused before anything
reads it (issue 11: a 300 MB "photo" used to be received whole)."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from iok.security.middleware import RequestBodyLimitMiddleware

pytestmark = pytest.mark.django_db


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")


def test_a_body_over_the_limit_is_refused_unread_with_a_page_naming_the_limit(settings):
    settings.IOK_MAX_REQUEST_MB = 5
    request = RequestFactory().post("/odczyty/", data=b"", content_type="image/png")
    request.META["CONTENT_LENGTH"] = str(300 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    request.user = AnonymousUser()

    def view(request):
        raise AssertionError("the view ran")

    response = RequestBodyLimitMiddleware(view)(request)
    assert response.status_code == 413
    assert "5 MB" in response.content.decode()


def test_an_upload_over_the_limit_gets_413_in_polish_and_logs_nobody_in(client, people, settings):
    settings.IOK_MAX_REQUEST_MB = 1
    big = SimpleUploadedFile("licznik.png", b"\0" * (2 * 1024 * 1024))
    response = client.post(
        reverse("access:login"),
        {"username": people.tenant.username, "password": "x", "photo": big},
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Plik jest zbyt duży" in page and "1 MB" in page


def test_a_body_within_the_limit_goes_through(client, people, settings):
    settings.IOK_MAX_REQUEST_MB = 1
    response = client.post(
        reverse("access:login"), {"username": people.tenant.username, "password": "zle-haslo"}
    )
    assert response.status_code == 200  # the login form again, with its error

"""Static files where nothing was collected: the test suite and a development
machine (the collected, hashed ones are tests/deploy/test_gunicorn.py's)."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_without_the_manifest_static_files_are_served_where_they_lie():
    # The suite collects nothing (IOK_STATIC_MANIFEST=false): plain names, found by the finders.
    response = Client().get("/static/iok.css")
    assert response.status_code == 200 and b"".join(response.streaming_content)

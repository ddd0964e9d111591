"""A file given to the browser from memory: every download of the portal,
the office and the login pages (PDFs, the RODO export) is made here."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def download(content, content_type: str, name: str, *, inline: bool = False) -> HttpResponse:
    """`content` as a file called `name`: shown in the browser when `inline`
    (a PDF to read), else saved (an export to keep)."""
    disposition = content_disposition_header(not inline, name)
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": disposition}
    )

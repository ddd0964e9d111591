"""An uploaded statement file is imported once: its statements remember the
upload and how many of their lines had come in before, and a file that came
in before (the same content, the same statements, or no new line) books
nothing and records nothing."""

import pytest
from django.test import override_settings

from iok.ledger.models import Entry
from iok.payments.importing import import_statements
from iok.payments.models import Statement, StatementLine, Upload
from iok.payments.uploads import AlreadyImported, Known, import_upload, preview
from tests.office.test_payment_pages import camt053
from tests.payments.test_credited_account import SAMPLES, needs_samples
from tests.payments.test_import import line, statement


def received(content: bytes, user, name="wyciag.xml") -> Upload:
    return Upload.receive(name, content, "", user)


def test_an_imported_upload_is_kept_on_its_statements_and_is_not_imported_again(ledger, people):
    upload = received(camt053(ledger.virtual_account), people.clerk)
    result = import_upload(upload, people.clerk)
    assert result.booked == 1
    assert list(Statement.objects.values_list("upload", flat=True)) == [upload.pk]
    with pytest.raises(AlreadyImported):
        import_upload(upload, people.clerk)
    assert Entry.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda content: content, Known.SAME_FILE),
        (lambda content: content.replace(b"REF-2", b"REF-7"), Known.SAME_STATEMENTS),
        (lambda content: content.replace(b">17<", b">18<"), Known.NO_NEW_LINES),
    ],
)
def test_a_file_that_came_in_before_is_known_and_books_nothing(ledger, people, change, reason):
    content = camt053(ledger.virtual_account)
    import_upload(received(content, people.clerk), people.clerk)
    again = received(change(content), people.clerk, name="znowu.xml")
    seen = preview(again, people.clerk)
    assert (seen.result, seen.known.reason) == (None, reason)
    with pytest.raises(AlreadyImported) as refused:
        import_upload(again, people.clerk)
    assert refused.value.known.reason == reason
    assert (Statement.objects.count(), StatementLine.objects.count()) == (1, 3)
    again.refresh_from_db()
    assert again.imported is None


def test_a_statement_records_how_many_of_its_lines_came_in_before(ledger):
    first = line("5.00", 1, virtual_account=ledger.virtual_account, bank_reference="A")
    second = line("7.00", 2, virtual_account=ledger.virtual_account, bank_reference="B")
    import_statements([statement(first, number="1")])
    import_statements([statement(first, second, number="2")])
    assert dict(Statement.objects.values_list("number", "lines_known")) == {"1": 0, "2": 1}


def test_a_statement_counts_what_became_of_its_lines_with_totals(ledger):
    import_statements(
        [
            statement(
                line("5.00", 1, virtual_account=ledger.virtual_account),
                line("7.00", 2, title="nieznany"),
                line("1.50", 3, credit=False, title="opłata"),
            )
        ]
    )
    counted = Statement.objects.with_outcomes().get()
    assert (counted.booked, str(counted.booked_total)) == (1, "5.00")
    assert (counted.queued, str(counted.queued_total)) == (1, "7.00")
    assert (counted.set_aside, counted.set_aside_total) == (0, None)
    assert (counted.debits, str(counted.debits_total)) == (1, "1.50")


@needs_samples
@override_settings(IOK_COLLECTION_ACCOUNTS={"68124033631111001037019696"})
def test_the_pekao_sample_uploaded_twice_is_imported_once(db, people):
    name = "pekao_collect_virtual_accounts_cuw_suwalki.csv"
    content = (SAMPLES / name).read_bytes()
    import_upload(received(content, people.clerk, name), people.clerk)
    assert StatementLine.objects.count() == 5
    again = received(content, people.clerk, "kopia.csv")
    assert preview(again, people.clerk).known.reason == Known.SAME_FILE
    with pytest.raises(AlreadyImported):
        import_upload(again, people.clerk)
    assert StatementLine.objects.count() == 5

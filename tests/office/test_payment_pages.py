"""The office's statement import (upload, preview, confirm) and the queue of
payments nothing matched, tried by every named person."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iok.ledger.models import Entry
from iok.payments.models import Statement, StatementLine, Upload

COLLECTION = "PL84102010260000120203456789"
NOV_16 = datetime.date(2026, 11, 16)


def camt053(virtual_account: str) -> bytes:
    """A camt.053.001.08 statement, as the standard lays it out: 100.00 to the
    tenant's virtual account, 45.00 nobody can place, and a 7.00 fee."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>T1</MsgId><CreDtTm>2026-11-16T18:00:00+01:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><ElctrncSeqNb>17</ElctrncSeqNb>
<Acct><Id><IBAN>{COLLECTION}</IBAN></Id><Ccy>PLN</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="PLN">1000.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-15</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="PLN">1138.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-16</Dt></Dt></Bal>
<Ntry><Amt Ccy="PLN">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-11-16</Dt></BookgDt><ValDt><Dt>2026-11-16</Dt></ValDt>
<AcctSvcrRef>REF-1</AcctSvcrRef><NtryDtls><TxDtls>
<RltdPties><Dbtr><Pty><Nm>Anna Kowalska</Nm></Pty></Dbtr>
<CdtrAcct><Id><IBAN>PL{virtual_account}</IBAN></Id></CdtrAcct></RltdPties>
<RmtInf><Ustrd>Czynsz 11/2026</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="PLN">45.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-11-16</Dt></BookgDt><ValDt><Dt>2026-11-16</Dt></ValDt>
<AcctSvcrRef>REF-2</AcctSvcrRef><NtryDtls><TxDtls>
<RltdPties><Dbtr><Pty><Nm>Jan Nieznany</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Ustrd>za garaz</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="PLN">7.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-11-16</Dt></BookgDt><ValDt><Dt>2026-11-16</Dt></ValDt>
<AcctSvcrRef>REF-3</AcctSvcrRef><NtryDtls><TxDtls>
<RmtInf><Ustrd>Oplata za prowadzenie rachunku</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>""".encode()


def upload(client, people, contract):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("wyciag.xml", camt053(contract.ledger.virtual_account))
    response = client.post(reverse("office:statement_upload"), {"file": file, "format": ""})
    return Upload.objects.get(), response


def test_a_clerk_sees_what_a_file_holds_before_anything_is_booked(client, people, contract):
    saved, response = upload(client, people, contract)
    assert response.url == reverse("office:statement_preview", args=[saved.pk])
    page = client.get(response.url).content.decode()
    assert "Jan Nieznany" in page and contract.number in page
    assert not Entry.objects.exists() and not StatementLine.objects.exists()


def test_confirming_books_the_matched_payment_and_queues_the_rest(client, people, contract):
    saved, _ = upload(client, people, contract)
    client.post(reverse("office:statement_confirm", args=[saved.pk]))
    contract.ledger.refresh_from_db()
    assert contract.ledger.balance == Decimal("100.00")
    assert set(StatementLine.objects.values_list("status", flat=True)) == {
        "booked",
        "unmatched",
        "debit",
    }
    queue = client.get(reverse("office:payment_queue")).content.decode()
    assert "Jan Nieznany" in queue and "Anna Kowalska" not in queue
    again = client.post(reverse("office:statement_confirm", args=[saved.pk]), follow=True)
    assert "wyciag.xml został już zaimportowany: nic nie zaksięgowano." in again.content.decode()
    contract.ledger.refresh_from_db()
    assert contract.ledger.balance == Decimal("100.00")  # an upload is imported once


def test_a_clerk_books_a_queued_payment_to_a_ledger_by_contract_number(client, people, contract):
    saved, _ = upload(client, people, contract)
    client.post(reverse("office:statement_confirm", args=[saved.pk]))
    waiting = StatementLine.objects.get(status="unmatched")
    client.post(reverse("office:payment_assign", args=[waiting.pk]), {"ledger": contract.number})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.match, waiting.decided_by) == ("booked", "manual", people.clerk)
    contract.ledger.refresh_from_db()
    assert contract.ledger.balance == Decimal("145.00")
    client.post(reverse("office:payment_assign", args=[waiting.pk]), {"ledger": contract.number})
    contract.ledger.refresh_from_db()
    assert contract.ledger.balance == Decimal("145.00")  # decided once


def test_setting_a_payment_aside_needs_a_reason_and_books_nothing(client, people, contract):
    saved, _ = upload(client, people, contract)
    client.post(reverse("office:statement_confirm", args=[saved.pk]))
    waiting = StatementLine.objects.get(status="unmatched")
    aside = reverse("office:payment_set_aside", args=[waiting.pk])
    client.post(aside, {"status": "to_return", "reason": ""})
    waiting.refresh_from_db()
    assert waiting.status == "unmatched"
    client.post(aside, {"status": "to_return", "reason": "nie nasz najemca"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason, waiting.decided_by) == (
        "to_return",
        "nie nasz najemca",
        people.clerk,
    )
    assert Entry.objects.count() == 1


def test_a_credited_account_with_wrong_check_digits_is_flagged_in_preview_and_queue(
    client, people, contract
):
    good = contract.ledger.virtual_account
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    client.force_login(people.clerk)
    file = SimpleUploadedFile("wyciag.xml", camt053(wrong))
    client.post(reverse("office:statement_upload"), {"file": file, "format": ""})
    saved = Upload.objects.get()
    flag = f"{wrong} nie jest poprawnym numerem rachunku (cyfry kontrolne)"
    assert flag in client.get(reverse("office:statement_preview", args=[saved.pk])).content.decode()
    client.post(reverse("office:statement_confirm", args=[saved.pk]))
    assert flag in client.get(reverse("office:payment_queue")).content.decode()


def test_a_file_that_is_not_a_statement_is_refused_with_its_name(client, people):
    client.force_login(people.clerk)
    file = SimpleUploadedFile("list.txt", "Szanowni Państwo, w załączeniu…".encode())
    response = client.post(reverse("office:statement_upload"), {"file": file})
    page = client.get(response.url).content.decode()
    assert "list.txt" in page and 'role="alert"' in page
    assert not StatementLine.objects.exists()


PAGES = [
    "statement_upload",
    "statement_preview",
    "statement_list",
    "statement_detail",
    "payment_queue",
]
ACTIONS = ["statement_confirm", "payment_assign", "payment_set_aside", "payment_reversal_assign"]


# City Hall reads what the pages show (preview, queue) but books nothing.
READ_BY_CITY_HALL = {"statement_preview", "statement_list", "statement_detail", "payment_queue"}
NO_ARGS = {"statement_upload", "statement_list", "payment_queue"}


@pytest.mark.parametrize("who", ["tenant", "co_tenant", "stranger", "official", "anonymous"])
def test_only_staff_act_on_the_payment_pages_and_city_hall_reads_them(
    client, people, contract, who
):
    saved, _ = upload(client, people, contract)
    statement = Statement.objects.create(
        account=COLLECTION[2:], number="9", currency="PLN", date=NOV_16, format="camt053"
    )
    client.logout()
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    for name in PAGES + ACTIONS:
        args = [] if name in NO_ARGS else [statement.pk if "detail" in name else saved.pk]
        response = (client.post if name in ACTIONS else client.get)(
            reverse(f"office:{name}", args=args)
        )
        expected = 302 if user is None else 404
        if who == "official" and name in READ_BY_CITY_HALL:
            expected = 200
        assert response.status_code == expected, name
    assert not StatementLine.objects.exists()


def test_every_office_url_is_in_this_sweep():
    from iok.office.urls import urlpatterns

    payments = {
        p.name
        for p in urlpatterns
        if getattr(p, "callback", None) and p.callback.__module__ == "iok.office.views.payments"
    }
    assert payments == set(PAGES + ACTIONS)

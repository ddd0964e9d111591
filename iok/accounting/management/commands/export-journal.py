from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from iok.accounting.export import DATE_FORMATS, ENCODINGS, journal_csv
from iok.accounting.journal import journal
from iok.accounting.management.commands._period import add_period_arguments, period


class Command(BaseCommand):
    help = (
        "Write the journal (dekrety) of the entries booked from --from to --to (both "
        "included, by booking date) as CSV for the general ledger: one document per entry, "
        "Wn receivables / Ma revenue per component net and output VAT per rate for a charge, "
        "Wn bank / Ma receivables for a payment, a correction on the accounts of the entry it "
        "corrects with the sides reversed; every document balanced. One row per journal line "
        "(data;numer_dokumentu;data_operacji;kartoteka;opis;konto;wn;ma), a decimal comma, "
        "UTF-8 with a byte-order mark or Windows-1250. A part of the books with no account in "
        "the mapping refuses the export, naming it."
    )

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--encoding", choices=sorted(ENCODINGS), default="utf-8")
        parser.add_argument(
            "--dates", choices=sorted(DATE_FORMATS), default="dmy", help="dd.mm.rrrr or ISO"
        )

    def handle(self, *args, first, last, output, encoding, dates, **options):
        start, end = period(first, last)
        try:
            documents = journal(start, end)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        data = journal_csv(documents, encoding=encoding, dates=dates)
        if output:
            with open(output, "wb") as file:
                file.write(data)
            lines = sum(len(document.lines) for document in documents)
            self.stderr.write(f"{len(documents)} documents, {lines} lines written to {output}")
        else:
            # The terminal has its own encoding: the text, without the byte-order mark.
            self.stdout.write(data.decode(ENCODINGS[encoding]), ending="")

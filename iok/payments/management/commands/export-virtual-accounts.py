from django.core.management.base import BaseCommand

from iok.payments.export import write_csv


class Command(BaseCommand):
    help = (
        "Write every ledger's virtual account number with the main tenant's name and "
        "address and the premises, as CSV (semicolon-separated, one header row): the list "
        "banks ask for so that their statements name the payer of each virtual account."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--encoding", default="utf-8", help="e.g. utf-8 or cp1250")
        parser.add_argument("--delimiter", default=";")

    def handle(self, *args, output, encoding, delimiter, **options):
        if output:
            with open(output, "w", encoding=encoding, newline="") as stream:
                count = write_csv(stream, delimiter)
            self.stderr.write(f"{count} virtual accounts written to {output}")
        else:
            write_csv(self.stdout, delimiter)

"""radsmodell import-observations FILE: observations from a CSV or XLSX file into the strategy
indicators; a file with any error saves nothing."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from radsmodell.strategy.importing import COLUMNS, import_observations


class Command(BaseCommand):
    # Console help, like Django's own commands: not translated.
    help = ("Les observasjoner for de strategiske indikatorene fra en CSV- eller XLSX-fil med kolonnene "
            f"{','.join(COLUMNS)}. En fil med feil lagrer ingenting.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (semikolon, komma eller tabulator; UTF-8 eller Windows-1252) eller "
                                         "XLSX (første ark)")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("kan ikke lese %(file)s: %(reason)s") % {"file": file, "reason": error.strerror})
        result = import_observations(content, path.name)
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(_("%(file)s: %(n)s feil; ingenting er lagret.")
                               % {"file": file, "n": len(result.errors)})
        self.stdout.write(result.summary)

"""radsmodell import-observations FILE: observations from a CSV or XLSX file into the strategy
indicators; a file with any error saves nothing."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from radsmodell.core.tabular import TableError, error_count, read_file, shown_note
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
            content = read_file(path)  # its size is checked before it is read
        except OSError as error:
            raise CommandError(_("kan ikke lese %(file)s: %(reason)s") % {"file": file, "reason": error.strerror})
        except TableError as error:
            raise CommandError("\n".join(f"{file}: {problem}" for problem in error.errors)) from None
        result = import_observations(content, path.name)
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{file}: {error}")
            if note := shown_note(result.errors):  # the first hundred, and how many there are
                self.stderr.write(note)
            raise CommandError(_("%(file)s: %(n)s feil; ingenting er lagret.")
                               % {"file": file, "n": error_count(result.errors)})
        self.stdout.write(result.summary)

"""radsmodell import-observations FILE: observations from a CSV or XLSX file into the strategy
indicators; a file with any error saves nothing."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from radsmodell.strategy.importing import COLUMNS, import_observations


class Command(BaseCommand):
    help = ("Les observasjoner for de strategiske indikatorene fra en CSV- eller XLSX-fil med kolonnene "
            f"{','.join(COLUMNS)}. En fil med feil lagrer ingenting.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (komma eller semikolon, UTF-8) eller XLSX (første ark)")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"kan ikke lese {file}: {error.strerror}")
        result = import_observations(content, path.name)
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(f"{file}: {len(result.errors)} feil; ingenting er lagret.")
        self.stdout.write(result.summary)

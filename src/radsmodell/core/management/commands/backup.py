"""radsmodell backup -o FILE: the database and the uploaded files in one archive, while the server runs."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from radsmodell.core import backup
from radsmodell.core.numbers import number


class Command(BaseCommand):
    # Console help, like Django's own commands: not translated.
    help = ("Ta sikkerhetskopi av databasen og de opplastede filene til ett tar.gz-arkiv med manifest. Virker mens "
            "serveren skriver (SQLites backup-API, eller pg_dump under PostgreSQL).")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="arkivet som skal skrives, f.eks. radsmodell.tar.gz")
        parser.add_argument("--force", action="store_true", help="erstatt en fil som finnes fra før")

    def handle(self, *args, output, force, **options):
        try:
            result = backup.create(output, force=force)
        except backup.BackupError as error:
            raise CommandError(error)
        manifest = result.manifest
        self.stdout.write(_("Sikkerhetskopi skrevet til %(path)s (%(size)s MB).") % {
            "path": result.path, "size": number(result.bytes / 1e6, 1)})
        self.stdout.write(_("  Database (%(engine)s): %(size)s MB, %(tables)s tabeller, %(rows)s rader.") % {
            "engine": manifest["database"]["engine"], "size": number(manifest["database"]["bytes"] / 1e6, 1),
            "tables": len(manifest["tables"]), "rows": number(result.rows)})
        if manifest["database"]["engine"] == "sqlite":
            self.stdout.write(_("  Integritetssjekk av kopien: ok."))
        self.stdout.write(_("  Mediefiler: %(n)s (%(size)s MB).") % {
            "n": len(manifest["media"]), "size": number(sum(f["bytes"] for f in manifest["media"]) / 1e6, 1)})

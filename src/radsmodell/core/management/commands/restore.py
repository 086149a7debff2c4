"""radsmodell restore FILE: an archive from `radsmodell backup` back into an empty installation."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from radsmodell.core import backup
from radsmodell.core.numbers import number


class Command(BaseCommand):
    # Console help, like Django's own commands: not translated.
    help = ("Gjenopprett en sikkerhetskopi fra «radsmodell backup» til en tom database og mediemappe, og kontroller "
            "radtallene mot manifestet. Erstatter data som finnes bare med --force.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="arkivet fra «radsmodell backup»")
        parser.add_argument("--force", action="store_true",
                            help="erstatt databasen og mediefilene som finnes (stopp serveren først)")

    def handle(self, *args, file, force, **options):
        try:
            result = backup.restore(file, force=force)
        except backup.BackupError as error:
            raise CommandError(error)
        manifest = result.manifest
        database = manifest["database"]
        target = settings.DATABASES["default"]["NAME"]
        self.stdout.write(_("Gjenopprettet %(file)s (tatt %(created)s) til %(target)s.") % {
            "file": file, "created": manifest["created"], "target": target})
        self.stdout.write(_("  Database (%(engine)s): %(tables)s tabeller, %(rows)s rader; radtallene stemmer med "
                            "manifestet.") % {"engine": database["engine"], "tables": len(manifest["tables"]),
                                              "rows": number(result.rows)})
        if database["engine"] == "sqlite":
            self.stdout.write(_("  Integritetssjekk: ok."))
        self.stdout.write(_("  Mediefiler: %(n)s til %(path)s.") % {"n": len(manifest["media"]),
                                                                   "path": settings.MEDIA_ROOT})
        for note in result.notes:
            self.stdout.write(_("  Merk: %(note)s") % {"note": note})

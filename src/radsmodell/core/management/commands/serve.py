"""`radsmodell serve`: the production server (gunicorn, static files by WhiteNoise), README «Drift»."""
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _


def _count(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip() or str(default)
    if not text.isdigit() or int(text) < 1:
        raise CommandError(_("%(name)s må være et positivt heltall, ikke «%(value)s».") % {"name": name, "value": text})
    return int(text)


def _check_bind(bind: str) -> str:
    """Refuse a mistyped address before collecting the static files (seconds), not after."""
    if bind.startswith(("unix:", "fd://")):
        return bind
    host, _colon, port = bind.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(_("--bind: «%(bind)s» er ikke en adresse med port, som 127.0.0.1:8000.") % {"bind": bind})
    return f"http://{bind}"


class Command(BaseCommand):
    help = ("Kjør Rådsmodell i drift: samler de statiske filene, oppdaterer databasen med --migrate og "
            "starter gunicorn (RADSMODELL_WORKERS arbeidsprosesser med RADSMODELL_THREADS tråder hver).")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="adresse:port å lytte på (127.0.0.1:8000)")
        parser.add_argument("--migrate", action="store_true", help="oppdater databasen før serveren starter")

    def handle(self, *args, bind, migrate, **options):
        address = _check_bind(bind)
        workers = _count("RADSMODELL_WORKERS", 2)
        threads = _count("RADSMODELL_THREADS", 4)
        # Settings read this when they are imported: this process has already read them, so the
        # static files are collected by a child process, and gunicorn's workers inherit it below.
        os.environ["RADSMODELL_STATIC_HASHED"] = "1"
        os.environ.setdefault("RADSMODELL_PAGE_CACHE_SECONDS", "10")  # anonymous pages from memory (pagecache.py)
        static_root = settings.DATA_DIR / "static"
        self.stdout.write(_("Samler de statiske filene i %(path)s …") % {"path": static_root})
        collected = subprocess.run([sys.executable, "-m", "radsmodell.cli", "collectstatic", "--noinput",
                                    "--verbosity", "0"])
        if collected.returncode:
            raise CommandError(_("De statiske filene ble ikke samlet (se meldingen over)."))
        if migrate:
            self.stdout.write(_("Oppdaterer databasen …"))
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
            connections.close_all()  # gunicorn's workers open their own
        self.stdout.write(_("Rådsmodell kjører på %(address)s (%(workers)d arbeidsprosesser × %(threads)d tråder, "
                            "data i %(data)s). Stopp med Ctrl+C.") % {
            "address": address, "workers": workers, "threads": threads, "data": settings.DATA_DIR})
        self.stdout.flush()  # the process is replaced next: what is buffered would be lost
        # Request logs come from the app itself, so gunicorn's access log stays off (its default).
        os.execv(sys.executable, [
            sys.executable, "-m", "gunicorn", "radsmodell.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
            "--timeout", "60",
            "--no-control-socket",  # one per user in $HOME: two servers would share it
            "--forwarded-allow-ips", os.environ.get("RADSMODELL_FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1",
        ])

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from radsmodell.core import demo


class Command(BaseCommand):
    help = ("Last inn demodataene fra kildedokumentene: rådsmodellens møter og saker, porteføljen, "
            "prioriteringen, strategien og kostnadsfordelingen.")

    def handle(self, *args, **options):
        try:
            counts = demo.load_all()
        except demo.DemoDataError as error:
            raise CommandError(f"Demodata ble ikke lastet: {error}")
        if counts:
            self.stdout.write("Demodata lastet: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        else:
            self.stdout.write("Demodata er allerede lastet inn.")
        self.stdout.write("Demobrukere (brukernavn / passord):")
        for login in demo.logins():
            self.stdout.write(f"  {login.username} / {login.password}   ({login.description})")
        if not settings.SMTP_HOST:
            self.stdout.write("E-post: RADSMODELL_SMTP_HOST er ikke satt, så e-post skrives ut i konsollen "
                              "i stedet for å sendes.")

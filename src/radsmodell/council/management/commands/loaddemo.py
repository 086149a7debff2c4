from django.core.management.base import BaseCommand, CommandError

from radsmodell.council.demo.load import DEMO_USERS, DemoDataError, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load the demo data built from the seed documents (meetings, cases, members, mandates)."

    def handle(self, *args, **options):
        if demo_loaded():
            self.stdout.write("Demodata er allerede lastet inn.")
        else:
            try:
                counts = load_demo()
            except DemoDataError as error:
                raise CommandError(f"Demodata ble ikke lastet: {error}")
            self.stdout.write("Demodata lastet: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        self.stdout.write("Demobrukere (brukernavn / passord):")
        for username, password, _group, full_name in DEMO_USERS:
            self.stdout.write(f"  {username} / {password}   ({full_name})")

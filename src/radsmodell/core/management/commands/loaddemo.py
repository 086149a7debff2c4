from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from radsmodell.costs.demo.load import demo_loaded as costs_loaded
from radsmodell.costs.demo.load import load_demo as load_costs
from radsmodell.council.demo.load import DEMO_USERS, DemoDataError, demo_loaded
from radsmodell.council.demo.load import load_demo as load_council
from radsmodell.portfolio.demo.load import DEMO_OWNER, create_demo_owner
from radsmodell.portfolio.demo.load import load_demo as load_portfolio
from radsmodell.priority.demo import load_demo as load_priority
from radsmodell.strategy.demo.load import demo_loaded as strategy_loaded
from radsmodell.strategy.demo.load import load_demo as load_strategy


class Command(BaseCommand):
    help = "Load the demo data built from the seed documents: the council register, the portfolio and the 2022 prioritisation."

    def handle(self, *args, **options):
        counts = {}
        try:
            with transaction.atomic():
                if not demo_loaded():
                    counts.update(load_council())
                    counts.update(load_portfolio())
                    load_priority()
                    create_demo_owner()
                # Parts added later load on their own, so an existing database gets them too.
                if not strategy_loaded():
                    counts.update(load_strategy())
                if not costs_loaded():
                    counts.update(load_costs())
        except DemoDataError as error:
            raise CommandError(f"Demodata ble ikke lastet: {error}")
        if counts:
            self.stdout.write("Demodata lastet: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        else:
            self.stdout.write("Demodata er allerede lastet inn.")
        self.stdout.write("Demobrukere (brukernavn / passord):")
        for username, password, _group, full_name in DEMO_USERS:
            self.stdout.write(f"  {username} / {password}   ({full_name})")
        username, password, owner = DEMO_OWNER
        self.stdout.write(f"  {username} / {password}   (rapporterer status for {owner})")

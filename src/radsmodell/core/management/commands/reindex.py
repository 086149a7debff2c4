import time

from django.core.management.base import BaseCommand

from radsmodell.core import search


class Command(BaseCommand):
    help = "Bygg søkeindeksen på nytt fra registeret: alle saker, aksjonspunkter, oppdrag og tiltak."

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = search.reindex()
        elapsed = time.perf_counter() - started
        labels = {kind.name: str(kind.label) for kind in search.kinds()}
        for name, count in counts.items():
            self.stdout.write(f"{labels.get(name, name)}: {count}")
        seconds = f"{elapsed:.1f}".replace(".", ",")  # Norwegian decimal comma
        self.stdout.write(f"Søkeindeksen er bygget på nytt: {sum(counts.values())} dokumenter på {seconds} sekunder.")

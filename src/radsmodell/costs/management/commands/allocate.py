"""radsmodell allocate --model helsenettet-2025 --year 2025 --cost 120000000 --organisations FILE.csv
--format csv|json (see costs/cli.py)"""
import sys

from django.core.management.base import BaseCommand, CommandError

from radsmodell.costs.builtin import BUILTIN_MODELS
from radsmodell.costs.cli import FORMATS, run_allocate


class Command(BaseCommand):
    help = "Fordel en nasjonal løsnings årlige kostnad mellom virksomhetene, på øret."

    def add_arguments(self, parser):
        parser.add_argument("--model", required=True, help=f"en av {', '.join(BUILTIN_MODELS)}")
        parser.add_argument("--year", required=True, type=int, help="året som prises, for eksempel 2025")
        parser.add_argument("--cost", required=True,
                            help="den årlige kostnaden i kroner, for eksempel 120000000 eller 1633.50")
        parser.add_argument("--organisations", required=True,
                            help="CSV eller XLSX: org_number,name,kind,segment,turnover_nok,keeps_accounts,"
                                 "locations,ftes,nace,population,chain")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="csv")
        parser.add_argument("--legal-basis-private", action="store_true",
                            help="bruk trinnet som gjelder når det er hjemmel for å kreve betaling fra private "
                                 "aktører")

    def handle(self, *args, model, year, cost, organisations, fmt, legal_basis_private, **options):
        stdout, stderr, code = run_allocate(model, year, cost, organisations, fmt, legal_basis_private)
        if code:
            raise CommandError(stderr.rstrip("\n"), returncode=code)
        if stderr:
            sys.stderr.write(stderr)
        self.stdout.write(stdout, ending="")

"""radsmodell prioritize --model ehelseraad-2022 --input scores.csv --format json|csv|table

Messages are in the installation's language (RADSMODELL_LANGUAGE, bokmål unless set).
"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from radsmodell.core.tabular import TableError, read_file, shown_note
from radsmodell.priority.builtin import BUILTIN_MODELS
from radsmodell.priority.engine import evaluate
from radsmodell.priority.tables import read_scores_csv, result_rows, results_csv, results_table


class Command(BaseCommand):
    help = "Score and rank measures from a CSV with one column per question of the model."

    def add_arguments(self, parser):
        parser.add_argument("--model", required=True, help=f"one of {', '.join(BUILTIN_MODELS)}")
        parser.add_argument("--input", required=True, help="CSV: name,Q1,Q2,C1,C2,C3,C4,P1,P2,H1,H2,I")
        parser.add_argument("--format", dest="fmt", choices=["json", "csv", "table"], default="table")

    def handle(self, *args, model, input, fmt, **options):
        if model not in BUILTIN_MODELS:
            raise CommandError(_("--model: ukjent modell «%(model)s» (kjente: %(known)s)") % {
                "model": model, "known": ", ".join(BUILTIN_MODELS)})
        chosen = BUILTIN_MODELS[model]
        path = Path(input)
        try:
            content = read_file(path)  # its size is checked before it is read
            measures, warnings = read_scores_csv(content, chosen, path.name)
        except OSError as error:
            raise CommandError(_("--input: kan ikke lese %(path)s: %(reason)s") % {
                "path": input, "reason": error.strerror})
        except TableError as error:
            note = shown_note(error.errors)  # the first hundred problems, and how many there are
            lines = [f"{input}: {problem}" for problem in error.errors]
            raise CommandError("\n".join(lines + ([note] if note else [])))
        for warning in warnings:
            self.stderr.write(_("advarsel: %(file)s: %(warning)s") % {"file": input, "warning": warning})
        results = evaluate(chosen, measures)
        if fmt == "json":
            self.stdout.write(json.dumps(result_rows(chosen, results), ensure_ascii=False, indent=2))
        elif fmt == "csv":
            self.stdout.write(results_csv(chosen, results), ending="")
        else:
            self.stdout.write(results_table(chosen, results), ending="")

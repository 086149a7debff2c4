"""radsmodell prioritize --model ehelseraad-2022 --input scores.csv --format json|csv|table"""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from radsmodell.priority.builtin import BUILTIN_MODELS
from radsmodell.priority.engine import evaluate
from radsmodell.priority.tables import TableError, read_scores_csv, result_rows, results_csv, results_table


class Command(BaseCommand):
    help = "Score and rank measures from a CSV with one column per question of the model."

    def add_arguments(self, parser):
        parser.add_argument("--model", required=True, help=f"one of {', '.join(BUILTIN_MODELS)}")
        parser.add_argument("--input", required=True, help="CSV: name,Q1,Q2,C1,C2,C3,C4,P1,P2,H1,H2,I")
        parser.add_argument("--format", dest="fmt", choices=["json", "csv", "table"], default="table")

    def handle(self, *args, model, input, fmt, **options):
        if model not in BUILTIN_MODELS:
            raise CommandError(f"--model: unknown model «{model}» (known: {', '.join(BUILTIN_MODELS)})")
        chosen = BUILTIN_MODELS[model]
        try:
            text = Path(input).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"--input: cannot read {input}: {error.strerror}")
        except UnicodeDecodeError:
            raise CommandError(f"--input: {input} is not UTF-8 text")
        try:
            measures, warnings = read_scores_csv(text, chosen)
        except TableError as error:
            raise CommandError(f"{input}: {error}")
        for warning in warnings:
            sys.stderr.write(f"warning: {input}: {warning}\n")
        results = evaluate(chosen, measures)
        if fmt == "json":
            self.stdout.write(json.dumps(result_rows(chosen, results), ensure_ascii=False, indent=2))
        elif fmt == "csv":
            self.stdout.write(results_csv(chosen, results), ending="")
        else:
            self.stdout.write(results_table(chosen, results), ending="")

"""radsmodell import-documents FILE… [--body SLUG] [--confirm]

Reads meeting documents (notice, minutes, meeting pack; PDF, DOCX or plain text) into drafts.
Without --confirm it prints the drafts as JSON (one object per draft: the draft, "file" and the
plan's "verdict"; each case with its own verdict) and saves nothing. With --confirm it writes them
to the register in one transaction and keeps each file with its meeting, and prints what it created
or completed. Exits 1, with the reason on stderr and nothing written, when a file cannot be read,
when a draft lacks what the register needs (body, date) or when a case clashes with the register.
"""
import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from radsmodell.core import history, tabular

from ... import import_views
from ...importing import apply
from ...models import Body


class Command(BaseCommand):
    help = "Les møtedokumenter (innkalling, referat, sakspapirer) inn i registeret; uten --confirm vises utkastet."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FIL", help="PDF, DOCX eller ren tekst")
        parser.add_argument("--body", default="", metavar="ORGAN",
                            help="organet (som nuit) når dokumentet ikke selv sier det")
        parser.add_argument("--confirm", action="store_true", help="skriv utkastene til registeret")

    def handle(self, *args, files, body, confirm, **options):
        body = body.strip()
        if body and not Body.objects.filter(slug=body).exists():
            known = ", ".join(Body.objects.values_list("slug", flat=True))
            raise CommandError(f"--body: organet «{body}» finnes ikke (kjente organer: {known}).")
        named, problems = [], []
        for name in files:
            try:
                named.append((Path(name).name, tabular.read_file(name)))
            except FileNotFoundError:
                problems.append(f"«{name}» finnes ikke.")
            except OSError as error:
                problems.append(f"«{name}» kan ikke leses: {error.strerror or error}")
            except tabular.TableError as error:
                problems.append(f"«{name}»: {' '.join(e.message for e in error.errors)}")
        documents, unreadable = import_views.read_uploads(named, body)
        problems += unreadable
        if problems:
            raise CommandError("Ingenting er lagret.\n" + "\n".join(problems))
        import_plan = apply.plan(documents)
        for warning in import_plan.warnings:
            self.stderr.write(warning)
        if not confirm:
            self.stdout.write(json.dumps(_as_json(import_plan), ensure_ascii=False, indent=2))
            return
        try:
            user = history.console_user()
            with history.acting_as(user):
                meetings = apply.confirm(documents, user, files={hashlib.sha256(data).hexdigest(): data
                                                                for _name, data in named})
        except history.UnknownUser as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError("Ingenting er lagret:\n" + "\n".join(error.messages)) from None
        if not meetings:
            self.stdout.write("Dokumentene er importert før. Ingenting er endret.")
        for meeting in meetings:
            verdict = next((p.verdict for p in import_plan.drafts if p.meeting_key == meeting.key), apply.NEW)
            what = "Opprettet" if verdict == apply.NEW else "Fullført"
            self.stdout.write(f"{what}: {meeting.title} ({meeting.key}), {meeting.cases.count()} saker")
        for meeting in meetings.approved:
            self.stdout.write(f"Referatet godkjent: {meeting.title} ({meeting.key}), i sak "
                              f"{meeting.minutes_approved_by.case_number}")


def _as_json(import_plan: apply.ImportPlan) -> list[dict]:
    rows = []
    for planned in import_plan.drafts:
        row = planned.draft.to_json()
        row["file"] = planned.file
        row["verdict"] = planned.verdict
        row["meeting"] = planned.meeting_key
        row["problems"] = planned.problems
        row["clashes"] = [clash.message for clash in planned.clashes]
        for index, case in enumerate(row["cases"]):
            case_plan = planned.case_plan(index)
            case["verdict"] = case_plan.verdict if case_plan else ""
        rows.append(row)
    return rows

"""radsmodell export --meeting nuit/2024-05-15 --document notice --format pdf -o innkalling.pdf

The console acts as the secretariat, so drafts (unpublished notices, unapproved minutes) export too.
"""
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from radsmodell.council.models import Body, Case, Meeting
from radsmodell.council.numbering import format_case_number
from radsmodell.documents import render
from radsmodell.documents.context import secretariat_user

MEETING_DOCUMENTS = ("notice", "minutes")
CASE_DOCUMENTS = ("memo",)


class Command(BaseCommand):
    help = "Eksporter innkalling, referat eller toppnotat som PDF, DOCX eller HTML."

    def add_arguments(self, parser):
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--meeting", help="møtet som organ/dato, for eksempel nuit/2024-05-15")
        subject.add_argument("--case", help="saken som organ/år/nummer, for eksempel nuit/2024/17")
        parser.add_argument("--document", help="notice eller minutes for et møte, memo for en sak")
        parser.add_argument(
            "--format", dest="fmt", help="pdf, docx eller html (standard: filendelsen til -o, ellers pdf)"
        )
        parser.add_argument("-o", "--output", help="filen som skrives (standard: innkalling-nuit-2024-05-15.pdf o.l.)")

    def handle(self, *args, meeting=None, case=None, document=None, fmt=None, output=None, **options):
        fmt = self._format(fmt, output)
        if meeting:
            if not document:
                raise CommandError("--document mangler: bruk notice eller minutes sammen med --meeting.")
            if document not in MEETING_DOCUMENTS:
                raise CommandError(f"--document: «{document}» passer ikke til --meeting; bruk notice eller minutes.")
            subject = self._meeting(meeting)
        else:
            document = document or "memo"
            if document not in CASE_DOCUMENTS:
                raise CommandError(f"--document: «{document}» passer ikke til --case; bruk memo.")
            subject = self._case(case)

        context = render.build_context(document, subject, secretariat_user())
        path = Path(output or render.filename(context, fmt))
        try:
            path.write_bytes(render.render(context, fmt))
        except OSError as error:
            raise CommandError(f"-o: kunne ikke skrive {path}: {error.strerror}")
        self.stdout.write(f"Skrev {path}")

    def _format(self, fmt: str | None, output: str | None) -> str:
        if fmt is None:
            suffix = Path(output).suffix.lstrip(".").lower() if output else ""
            fmt = suffix if suffix in render.FORMATS else "pdf"
        if fmt not in render.FORMATS:
            raise CommandError(f"--format: «{fmt}» er ukjent; bruk {', '.join(render.FORMATS)}.")
        return fmt

    def _body(self, option: str, slug: str) -> Body:
        body = Body.objects.filter(slug=slug).first()
        if body is None:
            known = ", ".join(Body.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"{option}: ukjent organ «{slug}» (kjente: {known}).")
        return body

    def _meeting(self, key: str) -> Meeting:
        slug, _, day_text = key.partition("/")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise CommandError(f"--meeting: «{key}» er ikke organ/ÅÅÅÅ-MM-DD, for eksempel nuit/2024-05-15.")
        body = self._body("--meeting", slug)
        meeting = Meeting.objects.filter(body=body, date=day).first()
        if meeting is None:
            dates = ", ".join(d.isoformat() for d in body.meetings.order_by("date").values_list("date", flat=True))
            raise CommandError(f"--meeting: {body} har ikke møte {day.isoformat()} (møtedatoer: {dates or 'ingen'}).")
        return meeting

    def _case(self, key: str) -> Case:
        parts = key.split("/")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            raise CommandError(f"--case: «{key}» er ikke organ/år/nummer, for eksempel nuit/2024/17.")
        body = self._body("--case", parts[0])
        found = Case.objects.filter(body=body, year=int(parts[1]), number=int(parts[2])).first()
        if found is None:
            raise CommandError(f"--case: {body} har ingen sak {format_case_number(int(parts[2]), int(parts[1]))}.")
        return found

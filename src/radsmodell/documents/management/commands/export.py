"""radsmodell export --meeting nuit/2024-05-15 --document notice --format pdf -o innkalling.pdf
radsmodell export --round 2025-11 --document portfolio-report --format docx -o rapport.docx

Any registered document whose app tells the console how to name its subject (`Console` in
documents/registry.py). The console acts as the secretariat, so drafts (unpublished notices,
unapproved minutes) export too.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from radsmodell.documents import registry, render


def secretariat_user():
    """The console acts as the secretariat: an unsaved superuser passes every visibility rule."""
    return get_user_model()(username="eksport", is_superuser=True)


def _by_option() -> dict[str, list[registry.Document]]:
    """The exportable documents grouped by the option that names their subject."""
    grouped: dict[str, list[registry.Document]] = {}
    for document in registry.documents():
        if document.console:
            grouped.setdefault(document.console.option, []).append(document)
    return grouped


def console_name(document: registry.Document) -> str:
    """The console writes names as options are written: portfolio-report (portfolio_report is accepted too)."""
    return document.name.replace("_", "-")


def _names(documents: list[registry.Document]) -> str:
    names = [console_name(d) for d in documents]
    return " eller ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


class Command(BaseCommand):
    help = "Eksporter et dokument (innkalling, referat, toppnotat …) som PDF, DOCX eller HTML."

    def add_arguments(self, parser):
        subject = parser.add_mutually_exclusive_group(required=True)
        for option, documents in _by_option().items():
            subject.add_argument(option, dest=option.lstrip("-"),
                                 help=f"{documents[0].console.help} (dokument: {_names(documents)})")
        parser.add_argument("--document", help="hvilket dokument; standard når emnet bare har ett")
        parser.add_argument(
            "--format", dest="fmt", help="pdf, docx eller html (standard: filendelsen til -o, ellers pdf)"
        )
        parser.add_argument("-o", "--output", help="filen som skrives (standard: innkalling-nuit-2024-05-15.pdf o.l.)")

    def handle(self, *args, document=None, fmt=None, output=None, **options):
        option, key, documents = next((option, options[option.lstrip("-")], documents)
                                      for option, documents in _by_option().items()
                                      if options.get(option.lstrip("-")) is not None)
        if not key.strip():
            raise CommandError(f"{option}: mangler verdi.")
        chosen = self._document(option, document, documents)
        fmt = self._format(fmt, output, chosen)
        try:
            subject = chosen.console.find(key)
        except registry.SubjectNotFound as error:
            raise CommandError(f"{option}: {error}")
        context = render.build_context(chosen.name, subject, secretariat_user())
        path = Path(output or render.filename(context, fmt))
        try:
            path.write_bytes(render.render(context, fmt))
        except OSError as error:
            raise CommandError(f"-o: kunne ikke skrive {path}: {error.strerror}")
        self.stdout.write(f"Skrev {path}")

    def _document(self, option: str, name: str | None, documents: list[registry.Document]) -> registry.Document:
        if name is None:
            if len(documents) > 1:
                raise CommandError(f"--document mangler: bruk {_names(documents)} sammen med {option}.")
            return documents[0]
        wanted = name.strip().replace("_", "-")
        found = next((d for d in documents if console_name(d) == wanted), None)
        if found is None:
            raise CommandError(f"--document: «{name}» passer ikke til {option}; bruk {_names(documents)}.")
        return found

    def _format(self, fmt: str | None, output: str | None, document: registry.Document) -> str:
        if fmt is None:
            suffix = Path(output).suffix.lstrip(".").lower() if output else ""
            fmt = suffix if suffix in document.formats else "pdf"
        if fmt not in document.formats:
            raise CommandError(f"--format: «{fmt}» er ukjent; bruk {', '.join(document.formats)}.")
        return fmt

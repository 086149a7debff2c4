"""The documents the product writes, as the apps declare them.

A document is a template, a context builder and its metadata; the documents app renders any
of them as HTML, PDF and DOCX (`render.py`), serves them on the web (`urls.py`, `views.py`)
and writes them from the console (`radsmodell export`). Each app declares its documents in
its own `documents.py`, which this app imports at start-up (as the admin imports `admin.py`),
so adding a document touches only its app.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class SubjectNotFound(ValueError):
    """The console named a subject that does not exist; the message says what and how to name it."""


class BadSubject(ValueError):
    """A web request names the subject wrongly (a malformed query); answered 400 with the message."""


@dataclass(frozen=True)
class Console:
    """How `radsmodell export` names a document's subject: `--meeting nuit/2024-05-15`."""
    option: str  # "--meeting"
    help: str
    find: Callable[[str], Any]  # the key after the option → the subject; raises SubjectNotFound


@dataclass(frozen=True)
class Document:
    """One kind of document.

    `context(subject, user)` returns what the document says, already formatted, with
    `file_stem` (the download's name) and `doc_title` (the title in the file's metadata).
    `subject(request, **url_kwargs)` finds the subject of a web request and applies its
    visibility rules (Http404 for what the user may not see, BadSubject for a malformed query).
    """
    name: str  # "notice": the URL name documents:notice and `--document notice`
    template: str  # extends "documents/base.html"
    context: Callable[[Any, Any], dict]
    route: str  # "moter/<slug:body>/<str:date>/innkalling", the URL without ".<fmt>"
    subject: Callable[..., Any]
    formats: tuple[str, ...] = ("html", "pdf", "docx")
    back: Callable[[Any], tuple[str, str]] | None = None  # subject → (url, label) of the HTML page's back link
    console: Console | None = None
    download: bool = True  # PDF and DOCX as a download; False opens the PDF in the browser
    # A PDF that is more than its template printed (the meeting pack joins several documents):
    # (context, base_url) → the file's bytes; the template then serves only the other formats.
    pdf: Callable[[dict, str | None], bytes] | None = None


_documents: dict[str, Document] = {}


def register(document: Document) -> Document:
    if document.name in _documents and _documents[document.name] != document:
        raise ValueError(f"two documents are named {document.name!r}")
    unknown = set(document.formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"{document.name}: unknown formats {sorted(unknown)}")
    _documents[document.name] = document
    return document


def get(name: str) -> Document:
    return _documents[name]


def documents() -> list[Document]:
    return sorted(_documents.values(), key=lambda document: document.name)

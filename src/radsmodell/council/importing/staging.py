"""Uploaded meeting documents between the upload and the confirmation, outside the register.

Each upload is a folder MEDIA_ROOT/import-staging/<token>/ holding the files as they came
(file-0, file-1, …) and batch.json: who uploaded it, when, and per file its name, SHA-256, text and
the drafts with the reviewer's corrections. The token is random (secrets), checked against its
pattern before it becomes a path, and a batch opens only for the user who uploaded it. A batch is
removed when it is confirmed or discarded, and any batch older than MAX_AGE when the next one is made.
"""
import json
import re
import secrets
import shutil
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .draft import Draft, DraftActionItem, DraftAttendance, DraftCase, ReadDocument

FOLDER = "import-staging"
MAX_AGE = timedelta(days=7)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class NotFound(Exception):
    """No batch by that token for this user (wrong token, another user's, removed or expired)."""


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def _folder(token: str) -> Path:
    if not TOKEN.match(token or ""):
        raise NotFound(token)
    return root() / token


def create(user, documents: list[ReadDocument], files: list[bytes]) -> str:
    """Stage the read documents and their bytes; returns the token of the batch."""
    purge()
    token = secrets.token_urlsafe(24)  # 32 characters
    folder = _folder(token)
    folder.mkdir(parents=True)
    for index, data in enumerate(files):
        (folder / f"file-{index}").write_bytes(data)
    _write(folder, {"user": user.pk, "created": timezone.now().isoformat(), "skip": [],
                    "documents": [_document_dict(d) for d in documents]})
    return token


def _write(folder: Path, batch: dict) -> None:
    temporary = folder / "batch.json.new"
    temporary.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    temporary.replace(folder / "batch.json")  # whole or not at all


def _read(token: str, user) -> dict:
    folder = _folder(token)
    try:
        batch = json.loads((folder / "batch.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound(token) from None
    if batch.get("user") != user.pk or _expired(batch):
        raise NotFound(token)
    return batch


def _expired(batch: dict) -> bool:
    try:
        created = datetime.fromisoformat(batch["created"])
    except (KeyError, TypeError, ValueError):
        return True
    return timezone.now() - created > MAX_AGE


def load(token: str, user) -> tuple[list[ReadDocument], set[str]]:
    """The staged documents (with the corrections saved so far) and the clashes chosen to be skipped."""
    batch = _read(token, user)
    return [_document_from(d) for d in batch["documents"]], set(batch.get("skip", []))


def file_bytes(token: str, user) -> dict[str, bytes]:
    """The staged files by SHA-256."""
    batch = _read(token, user)
    folder = _folder(token)
    return {d["sha256"]: (folder / f"file-{index}").read_bytes() for index, d in enumerate(batch["documents"])}


def save(token: str, user, documents: list[ReadDocument], skip: set[str]) -> None:
    """Keep the reviewer's corrections."""
    batch = _read(token, user)
    batch["documents"] = [_document_dict(d) for d in documents]
    batch["skip"] = sorted(skip)
    _write(_folder(token), batch)


def discard(token: str, user) -> None:
    _read(token, user)  # only the owner removes a batch
    shutil.rmtree(_folder(token), ignore_errors=True)


def purge() -> int:
    """Remove batches older than MAX_AGE (and broken ones); returns how many."""
    removed = 0
    if not root().is_dir():
        return 0
    for folder in root().iterdir():
        if not folder.is_dir() or not TOKEN.match(folder.name):
            continue
        try:
            batch = json.loads((folder / "batch.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            batch = {}
        stale = _expired(batch) if batch else \
            timezone.now().timestamp() - folder.stat().st_mtime > MAX_AGE.total_seconds()
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


# --- drafts as JSON and back -------------------------------------------------------------------

def _document_dict(document: ReadDocument) -> dict:
    return {"name": document.name, "sha256": document.sha256, "text": document.text,
            "drafts": [asdict(draft) for draft in document.drafts]}


def _document_from(data: dict) -> ReadDocument:
    return ReadDocument(name=data["name"], sha256=data["sha256"], text=data["text"],
                        drafts=[draft_from_dict(d) for d in data["drafts"]])


def draft_from_dict(data: dict) -> Draft:
    data = dict(data)
    data["attendance"] = [DraftAttendance(**row) for row in data.get("attendance", [])]
    cases = []
    for case in data.get("cases", []):
        case = dict(case)
        case["action_items"] = [DraftActionItem(**item) for item in case.get("action_items", [])]
        cases.append(DraftCase(**case))
    data["cases"] = cases
    data["lines"] = {key: tuple(span) for key, span in data.get("lines", {}).items()}
    data["unplaced"] = [tuple(span) for span in data.get("unplaced", [])]
    return Draft(**data)

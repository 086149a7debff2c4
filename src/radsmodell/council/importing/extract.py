"""The text of an uploaded meeting document: PDF (pypdf), DOCX (python-docx) or plain text.

The format is recognised by the file's content, not its name: a PDF starts with `%PDF`, a DOCX is
a zip archive holding `word/document.xml`. Whatever cannot be read raises `UnreadableDocument` with
a message in Norwegian that names the file, so the upload page and the console can show it as is.
No Django here.
"""
import io
import logging
import zipfile

logger = logging.getLogger(__name__)

# A PDF with fewer letters than this in all its pages has, for our purposes, no text layer.
MIN_LETTERS_PER_DOCUMENT = 20


class UnreadableDocument(Exception):
    """The file cannot be read as a meeting document; the message says why, in Norwegian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_file(name: str, data: bytes) -> str:
    """The text of the file, lines separated by "\\n"."""
    kind = detect_format(name, data)
    if kind == "pdf":
        text = _read_pdf(name, data)
    elif kind == "docx":
        text = _read_docx(name, data)
    elif kind == "text":
        text = _read_text(name, data)
    else:
        raise UnreadableDocument(
            f"«{name}» er verken PDF, Word (DOCX) eller ren tekst, og kan ikke leses."
        )
    return normalise_newlines(text)


def detect_format(name: str, data: bytes) -> str:
    """pdf | docx | text | "" (unknown), from the bytes. The name only decides which reader
    reports a damaged file: binary data named .pdf is a damaged PDF."""
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            return "docx" if extension == "docx" else ""
        return ""  # another zip archive (XLSX, ODT …)
    if _looks_like_text(data):
        return "text"
    if extension in {"pdf", "docx"}:
        return extension
    return ""


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _looks_like_text(data: bytes) -> bool:
    if not data:
        return True
    sample = data[:4096]
    if b"\x00" in sample and not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff")):
        return False
    try:
        decoded = _decode(sample, strict=True)
    except UnicodeDecodeError:
        return False
    # Control characters other than whitespace and form feed mean binary data.
    controls = sum(1 for char in decoded if ord(char) < 32 and char not in "\t\n\r\f")
    return controls <= len(decoded) // 100


def _decode(data: bytes, strict: bool = False) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict" if strict else "replace")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16", errors="strict" if strict else "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if strict and len(data) >= 4096:
            # A sample may end inside a multi-byte character.
            try:
                return data[:-3].decode("utf-8")
            except UnicodeDecodeError:
                pass
        # Word and Excel on Windows write cp1252; latin-1 accepts every byte.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _read_text(name: str, data: bytes) -> str:
    text = _decode(data)
    return text.lstrip("\ufeff")


def _read_pdf(name: str, data: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as error:  # pragma: no cover - pypdf is a dependency
        raise UnreadableDocument(f"«{name}»: PDF kan ikke leses på denne serveren.") from error
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                # Many "protected" PDFs open with an empty password (printing restrictions only).
                if not reader.decrypt(""):
                    raise UnreadableDocument(
                        f"«{name}» er en kryptert PDF og kan ikke leses. Last opp en utgave uten passord."
                    )
            except UnreadableDocument:
                raise
            except Exception as error:
                raise UnreadableDocument(
                    f"«{name}» er en kryptert PDF og kan ikke leses. Last opp en utgave uten passord."
                ) from error
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except Exception as error:  # pypdf raises a wide range of errors on broken files
        logger.info("PDF %s could not be read: %s", name, error)
        raise UnreadableDocument(f"«{name}» ser ut til å være en skadet PDF-fil og kan ikke leses.") from error
    text = "\n".join(pages)
    letters = sum(1 for char in text if char.isalpha())
    if letters < MIN_LETTERS_PER_DOCUMENT:
        raise UnreadableDocument(
            f"«{name}» ser ut til å være skannet: PDF-en har ingen tekst å lese; "
            "tekstgjenkjenning (OCR) støttes ikke. Last opp en PDF med tekst, en Word-fil eller ren tekst."
        )
    return text


def _read_docx(name: str, data: bytes) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise UnreadableDocument(f"«{name}»: Word-filer kan ikke leses på denne serveren.") from error
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # zip, XML and package errors all mean a damaged file
        logger.info("DOCX %s could not be read: %s", name, error)
        raise UnreadableDocument(f"«{name}» ser ut til å være en skadet Word-fil og kan ikke leses.") from error

    lines: list[str] = []

    def add_table(table) -> None:
        for row in table.rows:
            cells: list[str] = []
            seen: set[int] = set()
            for cell in row.cells:
                # A merged cell is returned once for every column it spans.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(" ".join(part.strip() for part in cell.text.splitlines() if part.strip()))
            if any(cells):
                lines.append(" | ".join(cells))
        lines.append("")

    # Paragraphs and tables in document order: walk the body's children.
    try:
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                add_table(Table(child, document))
    except Exception as error:  # a table python-docx cannot lay out
        logger.info("DOCX %s could not be read: %s", name, error)
        raise UnreadableDocument(f"«{name}» ser ut til å være en skadet Word-fil og kan ikke leses.") from error
    return "\n".join(lines)

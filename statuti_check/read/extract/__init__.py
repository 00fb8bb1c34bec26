"""From a file to a cleaned `Document`: format sniffing, one reader per format, shared clean-up."""

from __future__ import annotations

import hashlib
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from statuti_check.contract import Format, SourceInfo
from statuti_check.errors import InputError
from statuti_check.numbers import plural, thousands
from statuti_check.read.extract import ocr
from statuti_check.read.extract.clean import clean_pages, repair_ocr
from statuti_check.read.extract.ocr import OcrMode
from statuti_check.read.model import Document, Page
from statuti_check.settings import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

PdfEngine = Literal["pypdfium2", "pdfplumber"]
SUPPORTED_SUFFIXES: dict[str, Format] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
}
_BINARY_FORMATS = {"pdf", "docx", "odt"}
_NAMES = {"pdf": "un PDF", "docx": "un documento DOCX", "odt": "un documento ODT"}


def _zip_format(path: Path) -> Format | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and b"opendocument.text" in archive.read("mimetype")[:100]:
                return "odt"
    except zipfile.BadZipFile:
        return None
    return None


def sniff_format(path: Path, head: bytes) -> Format | None:
    """The format the bytes show, whatever the file is called."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    lowered = head[:4096].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered:
        return "html"
    sample = head[:4096]
    if b"\x00" in sample:  # UTF-16 text has a zero in every other byte; binary junk does not
        zeros = max(sample[0::2].count(0), sample[1::2].count(0))
        return "txt" if zeros > len(sample) // 4 else None
    controls = sum(byte < 9 or 13 < byte < 32 for byte in sample)
    return "txt" if controls <= len(sample) // 100 else None


def declared_format(path: Path) -> Format:
    """The format a file's name declares; an unsupported one is refused in Italian.

    The app checks uploads with it before any work.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = " Salvarlo come DOCX o PDF e riprovare." if suffix in (".doc", ".rtf") else ""
        raise InputError(
            f"Formato «{suffix or 'senza estensione'}» non supportato: sono accettati PDF, DOCX, "
            f"ODT, HTML e TXT.{hint}",
            f"{path}: unsupported suffix {suffix!r}",
        )
    return SUPPORTED_SUFFIXES[suffix]


def detect_format(path: Path, limits: Limits) -> Format:
    """Check size and content against the name; the content must be what the name says."""
    declared = declared_format(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError("Il file è vuoto.", f"{path}: 0 bytes")
    if size > limits.max_file_bytes:
        raise InputError(
            f"Il file supera la dimensione massima di {limits.max_file_bytes // 2**20} MB.",
            f"{path}: {size} bytes exceed max_file_bytes={limits.max_file_bytes}",
        )
    with path.open("rb") as handle:
        head = handle.read(8192)
    actual = sniff_format(path, head)
    if declared in _BINARY_FORMATS and actual != declared:
        raise InputError(
            f"Il file non è {_NAMES[declared]} valido: "
            "il contenuto non corrisponde all'estensione.",
            f"{path}: suffix says {declared}, content sniffed as {actual}",
        )
    if actual is None:
        raise InputError(
            "Il file non contiene testo leggibile.", f"{path}: binary content, not text"
        )
    return actual if actual in _BINARY_FORMATS or actual == "html" else declared


def check_archive(path: Path, limits: Limits) -> None:
    """Refuse a DOCX or ODT whose entries would decompress beyond the limit (a zip bomb).

    The sizes come from the archive's directory, so nothing is decompressed to find out; a
    directory that lies is caught by zipfile, which stops at the declared size.
    """
    with zipfile.ZipFile(path) as archive:
        total = sum(entry.file_size for entry in archive.infolist())
    if total > limits.max_unzipped_bytes:
        raise InputError(
            "Il documento, una volta decompresso, supera la dimensione massima consentita: "
            "potrebbe essere un file costruito per bloccare il programma.",
            f"{path}: {total} bytes uncompressed exceed max_unzipped_bytes="
            f"{limits.max_unzipped_bytes}",
        )


@dataclass
class _Raw:
    """Pages as read, the format's notices, and what OCR did."""

    pages: list[str]
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    unread: list[int] = field(default_factory=list)
    timed_out: list[int] = field(default_factory=list)


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:20])) + (" …" if len(numbers) > 20 else "")


def _ocr_wanted(raw: _Raw, blank: list[int], mode: OcrMode, limits: Limits) -> list[int]:
    """The pages OCR is to read: none without Tesseract, at most the cap (notices say so)."""
    wanted = ocr.pages_to_read(mode, len(raw.pages), blank)
    if wanted and not ocr.available():
        raw.warnings.append(
            "Il riconoscimento ottico dei caratteri (OCR) non è disponibile su questo computer "
            "(pacchetti tesseract-ocr e tesseract-ocr-ita): le pagine senza testo non sono "
            "state lette."
        )
        return []
    if len(wanted) > limits.ocr_max_pages:
        raw.warnings.append(
            f"Lette con OCR soltanto le prime {limits.ocr_max_pages} pagine di {len(wanted)}."
        )
    return wanted[: limits.ocr_max_pages]


def _with_ocr(
    path: Path, sha256: str, raw: _Raw, blank: list[int], mode: OcrMode, limits: Limits
) -> _Raw:
    """Read pages without text (or all pages) with OCR when Tesseract is installed."""
    wanted = _ocr_wanted(raw, blank, mode, limits)
    reading = ocr.read_pages(path, sha256, wanted, limits.timeout_seconds * ocr.TIME_SHARE)
    raw.ocr_pages = [number for number, text in reading.texts.items() if text.strip()]
    for number in raw.ocr_pages:
        raw.pages[number - 1] = repair_ocr(reading.texts[number])
    if raw.ocr_pages:
        raw.warnings.append(
            f"Pagine lette con il riconoscimento ottico dei caratteri (OCR): "
            f"{_pages(raw.ocr_pages)}. Il testo riconosciuto può contenere errori: "
            "controllare le citazioni sul documento."
        )
    raw.timed_out = reading.out_of_time
    if raw.timed_out:
        seconds = f"{limits.timeout_seconds:g}".replace(".", ",")
        raw.warnings.append(
            f"Il riconoscimento ottico dei caratteri (OCR) si è fermato al limite di tempo per "
            f"file ({seconds} secondi) prima di leggere "
            f"{plural(len(raw.timed_out), 'pagina', 'pagine')}. Le pagine già lette sono "
            "conservate: una nuova verifica dello stesso file prosegue dalle altre."
        )
    raw.unread = [number for number in blank if number not in raw.ocr_pages]
    if raw.unread:
        raw.warnings.append(
            f"1 pagina senza testo (probabilmente una scansione) non è stata letta: "
            f"{_pages(raw.unread)}."
            if len(raw.unread) == 1
            else f"{len(raw.unread)} pagine senza testo (probabilmente scansioni) non sono state "
            f"lette: {_pages(raw.unread)}."
        )
    return raw


def _read(
    path: Path, sha256: str, fmt: Format, engine: PdfEngine, limits: Limits, mode: OcrMode
) -> _Raw:
    """Raw pages, format-specific notices, and the pages OCR read or could not read.

    Each format's reader is imported when a file of that format comes (a PDF never needs the
    HTML or DOCX libraries, which took a worker's first file a tenth of a second).
    """
    if fmt in ("docx", "odt"):
        check_archive(path, limits)
    if fmt == "pdf":
        from statuti_check.read.extract import pdf

        reader = pdf.read_pdfplumber if engine == "pdfplumber" else pdf.read_pdfium
        pages, blank = reader(path, limits)
        return _with_ocr(path, sha256, _Raw(pages), blank, mode, limits)
    if fmt == "docx":
        from statuti_check.read.extract import docx

        return _Raw(docx.read_docx(path))
    if fmt == "odt":
        from statuti_check.read.extract import odt

        return _Raw(odt.read_odt(path))
    if fmt == "html":
        from statuti_check.read.extract import html

        return _Raw(html.read_html(path))
    from statuti_check.read.extract import txt

    pages, encoding = txt.read_txt(path)
    return _Raw(
        pages, [] if encoding.startswith("utf") else [f"Testo decodificato come {encoding}."]
    )


def sha256_of(path: Path) -> str:
    """Content hash: the identity of a statute version in caches and reports."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract(
    path: str | Path,
    engine: PdfEngine = "pypdfium2",
    limits: Limits = DEFAULT_LIMITS,
    ocr: OcrMode = "auto",
) -> Document:
    """Read a statute file into a cleaned Document, or raise InputError with a user message."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"File non trovato: {path.name}", f"{path}: no such file")
    fmt = detect_format(path, limits)
    sha256 = sha256_of(path)
    try:
        raw = _read(path, sha256, fmt, engine, limits, ocr)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # a reader library failing on hostile input is still bad input
        log.debug("%s: %s reader failed", path, fmt, exc_info=True)
        raise InputError(
            "Il file non può essere letto: potrebbe essere danneggiato.",
            f"{path}: {fmt} reader failed with {type(exc).__name__}: {exc}",
        ) from exc
    raw_pages, warnings = raw.pages, raw.warnings
    length = sum(len(page) for page in raw_pages)
    if length > limits.max_text_chars:
        raise InputError(
            f"Il documento contiene {thousands(length)} caratteri, oltre il limite di "
            f"{thousands(limits.max_text_chars)}: uno statuto ne ha di solito meno di 300.000.",
            f"{path}: {length} characters exceed max_text_chars={limits.max_text_chars}",
        )
    paginated = fmt == "pdf" or len(raw_pages) > 1
    # Word and LibreOffice keep headers and footers out of the body: only printed pages
    # (PDF, text with form feeds) carry running lines to strip.
    pages, clean_warnings = clean_pages(raw_pages, paginated and fmt in ("pdf", "txt"))
    ocr_only = set(raw.ocr_pages)
    has_text = any(page.strip() for number, page in enumerate(pages, 1) if number not in ocr_only)
    if not any(page.strip() for page in pages):
        warnings.append("Il documento non contiene testo leggibile.")
    source = SourceInfo(
        path=str(path),
        sha256=sha256,
        format=fmt,
        pages=len(pages),
        paginated=paginated,
        has_text_layer=has_text,
        ocr_used=bool(raw.ocr_pages),
        ocr_pages=raw.ocr_pages,
        unread_pages=raw.unread,
        ocr_timed_out=raw.timed_out,
        engine=engine if fmt == "pdf" else fmt,
        warnings=warnings + clean_warnings,
    )
    return Document(
        source=source, pages=[Page(number=i + 1, text=text) for i, text in enumerate(pages)]
    )

"""One call from a file to its structure and authority: what `statuti-check parse` shows."""

from __future__ import annotations

from pathlib import Path

from statuti_check.read.authority import resolve_authority
from statuti_check.read.extract import PdfEngine, extract
from statuti_check.read.extract.ocr import OcrMode
from statuti_check.read.model import ParsedStatute
from statuti_check.read.structure import parse_statute
from statuti_check.settings import DEFAULT_LIMITS, Limits


def parse_file(
    path: str | Path,
    engine: PdfEngine = "pypdfium2",
    limits: Limits = DEFAULT_LIMITS,
    ocr: OcrMode = "auto",
) -> ParsedStatute:
    """Extract, structure and identify a statute file (raises InputError on unreadable input)."""
    document = extract(path, engine=engine, limits=limits, ocr=ocr)
    statute = parse_statute(document)
    front = statute.front_matter
    authority = resolve_authority(front.authority_name, front.authority_type, front.province)
    return ParsedStatute(document=document, statute=statute, authority=authority)


def structure_json(parsed: ParsedStatute) -> dict[str, object]:
    """The stable JSON contract of `statuti-check parse --format json`."""
    statute, source = parsed.statute, parsed.document.source
    front = statute.front_matter
    return {
        "authority": parsed.authority.model_dump(),
        "source": source.model_dump(),
        "statute": {
            "adopted": front.adopted.isoformat() if front.adopted else None,
            "last_amended": front.last_amended.isoformat() if front.last_amended else None,
            "acts": [act.model_dump(mode="json") for act in front.acts],
        },
        "divisions": [division.model_dump() for division in statute.divisions],
        "articles": [
            {
                "number": article.number,
                "heading": article.heading,
                "titolo": article.titolo,
                "capo": article.capo,
                "sezione": article.sezione,
                "page_start": article.page_start,
                "page_end": article.page_end,
                "start": article.start,
                "end": article.end,
                "commi": [comma.model_dump() for comma in article.commi],
                "notes": [note.model_dump() for note in article.notes],
            }
            for article in statute.articles
        ],
        "indexes": [index.model_dump() for index in statute.indexes],
        "other_matter": [matter.model_dump() for matter in statute.other_matter],
        "warnings": source.warnings + statute.warnings,
    }

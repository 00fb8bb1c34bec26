"""The report contract and the vocabulary every stage, renderer and the store share.

A report is the stable JSON other tools read (docs/json-contract.md): its models live here, at
the bottom of the import graph, so a renderer or the store can read a report without loading
the pipeline that wrote it (pdfium, the matcher). The words a user sees for a verdict,
a kind of rule or a type of authority, and the colour of a verdict, are defined here once.

This module imports the standard library and pydantic only; tests/test_architecture.py checks it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from statuti_check.names import shown_name

SCHEMA_VERSION = "1"

# Verdicts ------------------------------------------------------------------------------------

Verdict = Literal["conforme", "parziale", "assente", "non_applicabile", "da_verificare"]
VERDICTS: tuple[Verdict, ...] = (
    "conforme",
    "parziale",
    "assente",
    "non_applicabile",
    "da_verificare",
)
# The verdicts a council has to act on (gap reports, drafts, the app's "only gaps" filter).
GAPS: tuple[Verdict, ...] = ("parziale", "assente", "da_verificare")
VERDICT_WORDS: dict[str, str] = {
    "conforme": "CONFORME",
    "parziale": "PARZIALE",
    "assente": "ASSENTE",
    "non_applicabile": "NON APPLICABILE",
    "da_verificare": "DA VERIFICARE",
}
# Background colours (RGB hex) for HTML, DOCX and XLSX; the verdict word always goes with them.
VERDICT_COLOURS: dict[str, str] = {
    "conforme": "CFE8CF",
    "parziale": "FBE3A6",
    "assente": "F4C2C2",
    "non_applicabile": "E4E4E4",
    "da_verificare": "DCD0F0",
}
# The same colours by name, for the app's badges (Streamlit's markdown knows only these names).
# No emoji: browsers without an emoji font would show empty boxes.
VERDICT_BADGES: dict[str, str] = {
    "conforme": "green",
    "parziale": "orange",
    "assente": "red",
    "non_applicabile": "gray",
    "da_verificare": "violet",
}
# The same verdicts on a terminal (ANSI foreground codes), again never without the word.
VERDICT_ANSI: dict[str, str] = {
    "conforme": "32",
    "parziale": "33",
    "assente": "31",
    "non_applicabile": "90",
    "da_verificare": "35",
}

# Kinds of rule: the scores speak of "obblighi di legge" and "buone pratiche".
KIND_WORDS: dict[str, str] = {"obbligo": "obbligo di legge", "raccomandazione": "buona pratica"}

# Authorities ---------------------------------------------------------------------------------

AuthorityType = Literal["comune", "provincia", "citta_metropolitana", "unione"]
AUTHORITY_TYPES: tuple[AuthorityType, ...] = (
    "comune",
    "provincia",
    "citta_metropolitana",
    "unione",
)
# How users read an authority type (code keeps the identifiers of the JSON contract) …
TYPE_LABELS: dict[str, str] = {
    "comune": "comune",
    "provincia": "provincia",
    "citta_metropolitana": "città metropolitana",
    "unione": "unione di comuni",
}
# … their plural, as rules say whom they apply to ("comuni, province") …
TYPE_PLURALS: dict[str, str] = {
    "comune": "comuni",
    "provincia": "province",
    "citta_metropolitana": "città metropolitane",
    "unione": "unioni di comuni",
}
# … and the plural's article ("La norma riguarda solo i comuni").
TYPE_ARTICLES: dict[str, str] = {
    "comune": "i",
    "provincia": "le",
    "citta_metropolitana": "le",
    "unione": "le",
}

ISTAT_SOURCE = "ISTAT, censimento 2011"
ISTAT_ATTRIBUTION = (
    "Popolazione: fonte ISTAT, censimento 2011, dati rilasciati con licenza CC BY 3.0 IT "
    "(https://creativecommons.org/licenses/by/3.0/it/), salvo dove indicato diversamente."
)

_TYPE_PREFIX = {"comune": "Comune di", "provincia": "Provincia di",
                "citta_metropolitana": "Città metropolitana di"}  # fmt: skip


# How a proposal names the authority it is written for: "{Ente} promuove", "gli organi
# {dell_ente}", "{Capo} nomina", "{esecutivo} presenta". A clause naming the wrong body could
# not be attached to a motion.
AUTHORITY_WORDS: dict[str, dict[str, str]] = {
    "comune": {"Ente": "Il Comune", "ente": "il Comune", "dell_ente": "del Comune",
               "Capo": "Il Sindaco", "capo": "il Sindaco", "esecutivo": "la Giunta"},
    "provincia": {"Ente": "La Provincia", "ente": "la Provincia", "dell_ente": "della Provincia",
                  "Capo": "Il Presidente della Provincia", "capo": "il Presidente della Provincia",
                  "esecutivo": "il Presidente della Provincia"},
    "citta_metropolitana": {
        "Ente": "La Città metropolitana", "ente": "la Città metropolitana",
        "dell_ente": "della Città metropolitana", "Capo": "Il Sindaco metropolitano",
        "capo": "il Sindaco metropolitano", "esecutivo": "il Sindaco metropolitano",
    },
    "unione": {"Ente": "L'Unione", "ente": "l'Unione", "dell_ente": "dell'Unione",
               "Capo": "Il Presidente dell'Unione", "capo": "il Presidente dell'Unione",
               "esecutivo": "la Giunta dell'Unione"},
}  # fmt: skip

Role = Literal["socia", "revisora", "amministratrice"]
ROLES: tuple[Role, ...] = ("socia", "revisora", "amministratrice")

Format = Literal["pdf", "docx", "odt", "html", "txt"]
FactKind = Literal[
    "topic", "requirement", "partial", "modality", "proviso", "negation", "exception", "limit",
    "quantity", "referral", "condition", "subject", "scope", "units", "legacy", "escape", "object",
]  # fmt: skip

# The report's models --------------------------------------------------------------------------


class SourceInfo(BaseModel):
    """Where the text came from and how much to trust it (reports show this)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    sha256: str
    format: Format
    pages: int
    paginated: bool
    has_text_layer: bool
    ocr_used: bool = False
    ocr_pages: list[int] = []
    unread_pages: list[int] = []  # pages without text that OCR did not read
    ocr_timed_out: list[int] = []  # pages OCR had no time left for: a new audit reads them
    engine: str
    warnings: list[str] = []


class Authority(BaseModel):
    """Who the statute belongs to; `population_source` says where the figure came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    type: AuthorityType | None = None
    istat_code: str | None = None
    province: str | None = None
    region: str | None = None
    population: int | None = None
    population_source: str | None = None
    candidates: list[str] = []


class Fact(BaseModel):
    """One thing the assessment found in a unit; the verdict is a function of these."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fact: FactKind
    value: str
    span: tuple[int, int] | None = None
    pattern: str | None = None
    text: str | None = None


class Evidence(BaseModel):
    """Where the statute says it: article, heading, comma, page, quote and matched words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: str | None
    heading: str | None
    comma: str | None
    letter: str | None = None
    page: int | None
    quote: str
    highlights: list[tuple[int, int]]
    score: float


class Review(BaseModel):
    """A person's check of a machine verdict: it sits next to the verdict, never replaces it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verdict: Verdict
    original_verdict: Verdict
    note: str
    author: str
    created: str
    role: Role | None = None  # the author's role; None for a name typed before accounts existed
    confirmed_by: str | None = None  # "name (role)" of who confirmed a member's proposal
    confirmed: str | None = None
    audit: int | None = None  # the audit (store run) it was made on; it holds for the same bytes


class Finding(BaseModel):
    """The verdict of one rule on one statute, with the reasons a councillor can check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    title: str
    kind: str
    severity: str
    verdict: Verdict
    reason: str
    legal_basis: list[str]
    legal_links: list[str | None]
    values: dict[str, float | str]
    evidence: list[Evidence]
    proposal: str | None
    trace: list[Fact]
    review: Review | None = None
    explanation: str = ""  # what the rule asks and why, in plain Italian (from the catalogue)

    @field_validator("trace", mode="before")
    @classmethod
    def _legacy_trace(cls, trace: list[object]) -> list[object]:
        """Reports stored before facts had a trace of strings: keep them readable."""
        return [{"fact": "legacy", "value": t} if isinstance(t, str) else t for t in trace]


class OutdatedReference(BaseModel):
    """One citation of a superseded act, with where it is and what replaced it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    replace_with: str
    article: str
    comma: str | None
    page: int | None
    quote: str


class ToolInfo(BaseModel):
    """Which tool wrote the report."""

    model_config = ConfigDict(frozen=True)

    name: str = "statuti-check"
    version: str


class CatalogueInfo(BaseModel):
    """Which rules judged the statute."""

    model_config = ConfigDict(frozen=True)

    version: str
    sha256: str
    rules: int


class StatuteInfo(BaseModel):
    """What the statute says of itself."""

    model_config = ConfigDict(frozen=True)

    articles: int
    adopted: str | None
    last_amended: str | None
    opening: str = ""  # the document's first lines, shown when no authority could be read


class Report(BaseModel):
    """One statute's audit: the stable JSON contract other tools read."""

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    audit_date: str
    tool: ToolInfo
    catalogue: CatalogueInfo
    source: SourceInfo
    authority: Authority
    statute: StatuteInfo
    summary: dict[str, int]  # counts by verdict, a reviewer's verdict where a person checked
    findings: list[Finding]
    # Counts of the machine verdicts alone, so a reader of a reviewed report sees both.
    machine_summary: dict[str, int] | None = None
    outdated_references: list[OutdatedReference] = []


class Failure(BaseModel):
    """A file a bulk audit could not judge: listed in summaries, never silently dropped."""

    model_config = ConfigDict(frozen=True)

    path: str
    reason: str
    detail: str = ""


# Reading a report ----------------------------------------------------------------------------


def effective(finding: Finding) -> Verdict:
    """The verdict a council acts on: a reviewer's, when a person checked the finding."""
    return finding.review.verdict if finding.review else finding.verdict


def verdict_counts(findings: Iterable[Finding], reviewed: bool = True) -> dict[str, int]:
    """Findings per verdict, every verdict listed: the one count every report and view shows.

    A reviewer's verdict counts where a person checked the finding, as it does in the score:
    counts and score on one page must agree. `reviewed=False` counts the machine's verdicts.
    """
    counts = Counter(f.review.verdict if reviewed and f.review else f.verdict for f in findings)
    return {verdict: counts.get(verdict, 0) for verdict in VERDICTS}


def with_reviews(report: Report, reviews: dict[str, Review]) -> Report:
    """Attach reviewers' verdicts to their findings; the summary counts them.

    The machine verdicts stay as they are, on each finding and in `machine_summary`.
    """
    if not reviews:
        return report
    findings = [
        f.model_copy(update={"review": reviews[f.rule_id]}) if f.rule_id in reviews else f
        for f in report.findings
    ]
    return report.model_copy(
        update={
            "findings": findings,
            "summary": verdict_counts(findings),
            "machine_summary": verdict_counts(findings, reviewed=False),
        }
    )


def place(
    article: str | None,
    comma: str | None = None,
    letter: str | None = None,
    heading: str | None = None,
) -> str:
    """Where a passage is, as every report writes it: "art. 8 (Giunta), comma 2, lettera a)".

    "testo" when the statute has no articles (a clause judged alone, or prose).
    """
    parts = [f"art. {article}" if article else "testo"]
    if heading:
        parts[0] += f" ({heading})"
    if comma:
        parts.append(f"comma {comma}")
    if letter:
        parts.append(f"lettera {letter})")
    return ", ".join(parts)


def display_name(authority: Authority) -> str:
    """The name reports show: "Comune di Fanano", "Provincia di Modena", a union's own name.

    The name may come from the statute's text or the user's table of authorities: it is shown
    without bidirectional or other control characters.
    """
    if not authority.name:
        return "Ente non riconosciuto"
    prefix = _TYPE_PREFIX.get(authority.type or "")
    name = shown_name(authority.name)
    return f"{prefix} {name}" if prefix else name

"""What the read stage hands on: the extracted document, its structure and its front matter.

`Document` is what every input format becomes before structure is parsed; `Statute` is its
articles, commi and divisions with offsets into `Document.text`; `ParsedStatute` adds the
authority the statute belongs to. The judge stage, the store (which caches parsed statutes) and
the terminal outline read these models without loading the readers themselves.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from statuti_check.contract import Authority, AuthorityType, SourceInfo

DivisionKind = Literal["titolo", "capo", "sezione"]
NodeKind = Literal["articolo", "titolo", "capo", "sezione"]
ActKind = Literal["adozione", "modifica"]


class Page(BaseModel):
    """One page of cleaned text; non-paginated formats have a single page."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    text: str


class Document(BaseModel):
    """Cleaned pages plus their source; offsets elsewhere point into `text`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: SourceInfo
    pages: list[Page]

    @cached_property
    def text(self) -> str:
        """All pages joined by one newline, the coordinate system of every offset."""
        return "\n".join(page.text for page in self.pages)

    @cached_property
    def page_starts(self) -> list[int]:
        """Offset of each page's first character in `text`."""
        starts, offset = [], 0
        for page in self.pages:
            starts.append(offset)
            offset += len(page.text) + 1
        return starts

    def page_at(self, offset: int) -> int | None:
        """Page number holding `offset`, or None when the format has no real pages."""
        if not self.source.paginated:
            return None
        index = max(bisect_right(self.page_starts, offset) - 1, 0)
        return self.pages[index].number


class Act(BaseModel):
    """A council act named in the statute: the adoption or an amendment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ActKind
    number: str | None
    date: date
    text: str


class FrontMatter(BaseModel):
    """What precedes the first titolo or article, and what was read from it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    authority_name: str | None = None
    authority_type: AuthorityType | None = None
    province: str | None = None
    acts: list[Act] = []

    @property
    def adopted(self) -> date | None:
        """Date of the earliest adopting act."""
        dates = [act.date for act in self.acts if act.kind == "adozione"]
        return min(dates) if dates else None

    @property
    def last_amended(self) -> date | None:
        """Date of the latest amending act."""
        dates = [act.date for act in self.acts if act.kind == "modifica"]
        return max(dates) if dates else None


class Span(BaseModel):
    """Character offsets into Document.text and the pages they cover (None when unpaginated)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    page_start: int | None = None
    page_end: int | None = None


class Letter(Span):
    """A lettera "a)", "b)" … of a comma."""

    letter: str
    text: str


class Comma(Span):
    """A comma; `number` is None where the statute does not number them."""

    number: str | None
    text: str
    letters: list[Letter] = []


class Division(Span):
    """A titolo, capo or sezione heading (its articles name it in `titolo`/`capo`/`sezione`)."""

    kind: DivisionKind
    number: str
    heading: str | None


class Note(Span):
    """A note or amendment history printed after an article: kept with it, never judged as text."""

    text: str


class Article(Span):
    """An article with its heading (rubrica), commi and enclosing divisions."""

    number: str
    heading: str | None
    commi: list[Comma]
    titolo: str | None = None
    capo: str | None = None
    sezione: str | None = None
    notes: list[Note] = []


class Index(Span):
    """A table of contents printed with the statute and the article numbers it lists."""

    title: str | None
    entries: list[str]


OtherKind = Literal["deliberazione", "allegato", "chiusura"]


class OtherMatter(Span):
    """Matter outside the body: the adopting deliberation, an annex, signatures and stamps."""

    kind: OtherKind
    text: str


class Statute(BaseModel):
    """The parsed statute; `articles` in document order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    front_matter: FrontMatter
    divisions: list[Division]
    articles: list[Article]
    warnings: list[str] = []
    indexes: list[Index] = []
    other_matter: list[OtherMatter] = []


class ParsedStatute(BaseModel):
    """A statute file read, structured and attributed to its authority."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: Document
    statute: Statute
    authority: Authority

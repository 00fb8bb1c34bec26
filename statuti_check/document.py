"""The extracted document: what every input format becomes before structure is parsed."""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from statuti_check.contract import SourceInfo


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

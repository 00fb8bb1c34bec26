"""HTML (regional bulletins, comune sites): visible text, one line per block element."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

_BLOCK_TAGS = (
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "blockquote", "pre", "dt", "dd", "table",
)  # fmt: skip
# Site chrome around the statute: menus, banners, page footers ("Pubblicato sul BUR …").
_HIDDEN_TAGS = (
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside",
)  # fmt: skip


def read_html(path: Path) -> list[str]:
    """One page of text; the parser honours the page's declared charset."""
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    for tag in soup.find_all(_HIDDEN_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCK_TAGS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = soup.get_text()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return ["\n".join(lines)]

"""Pages per second of the two PDF engines on the same generated 60-page statute, and parse time.

Run with `make bench` (python -m benchmarks.extract). Prints medians of several runs;
the numbers go into the issue notes.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.synthetic import synthetic_source
from statuti_check.read.extract import extract
from statuti_check.read.parse import parse_file
from tests.support.corpus_build import Style, render_pdf

TARGET_PAGES = 60


def build_pdf(folder: Path, seed: int = 7, name: str = "Vignola", stem: str = "statuto-60") -> Path:
    """Grow the synthetic statute of comune `name` until its PDF `stem`.pdf has 60 pages."""
    import pypdfium2 as pdfium

    articles = 150
    while True:
        path = folder / f"{stem}.pdf"
        source = synthetic_source(articles, seed=seed, name=name)
        path.write_bytes(render_pdf(source, Style(format="pdf")))
        pages = len(pdfium.PdfDocument(str(path)))
        if pages >= TARGET_PAGES:
            return path
        articles = int(articles * TARGET_PAGES / pages) + 5


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = build_pdf(Path(folder))
        pages = extract(path).source.pages
        fast = median_seconds(lambda: extract(path, engine="pypdfium2"), 5)
        slow = median_seconds(lambda: extract(path, engine="pdfplumber"), 3)
        parsed = parse_file(path)
        full = median_seconds(lambda: parse_file(path), 5)
    print(f"generated statute: {pages} pages, {len(parsed.statute.articles)} articles")
    print(f"pypdfium2  extract: {fast:7.3f} s  {pages / fast:8.1f} pages/s")
    print(f"pdfplumber extract: {slow:7.3f} s  {pages / slow:8.1f} pages/s")
    print(f"ratio pdfplumber/pypdfium2: {slow / fast:.0f}x")
    print(f"parse end to end (pypdfium2, extract + structure + authority): {full:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

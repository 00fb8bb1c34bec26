"""OCR speed: pages per second on a generated 6-page and 60-page scan, against the floor.

    python -m benchmarks.ocr [--pages 6 60] [--repeat 3] [--old-pages 6]

For each scan (the synthetic statute printed, then rendered to page images at 200 dpi as a
scanner would give it), measured in the same run:

- floor: its pages rendered at 300 dpi and read one after another by single-threaded Tesseract
  (`OMP_THREAD_LIMIT=1`), the way issue 17 measured it;
- old: the same with Tesseract's own OpenMP threads, as statuti-check read scans before issue 17;
  only the first --old-pages pages are read (a page takes some 10 s on 2 cores) and the time is
  scaled to the whole scan, marked "≈";
- new: `audit_file` of the scan (read, structured, judged) with an empty OCR cache, the catalogue
  already loaded, as in bulk and app workers; the time limit is raised so that a slow machine
  measures its speed rather than the limit;
- cached: the same audit again, the OCR text from the cache.

Floor and new alternate, each --repeat times on the small scan (once on larger ones), and the
medians are printed with the load average: other work on the machine slows every column alike.
The goal of issue 17: new at most 0.8 x floor on the 6-page scan on 2 cores.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from benchmarks.synthetic import synthetic_source
from statuti_check.judge.audit import audit_file
from statuti_check.judge.catalogue import Catalogue
from statuti_check.read.extract import ocr, ocr_cache
from statuti_check.run.bulk import warm_up
from statuti_check.settings import Limits
from tests.support.corpus_build import Style, render_pdf
from tests.support.scans import scan_of

LIMITS = Limits(timeout_seconds=3600)


def build_scan(folder: Path, pages: int) -> Path:
    """A scan of exactly `pages` pages of the synthetic statute."""
    articles = pages * 4
    while True:
        printed = pdfium.PdfDocument(render_pdf(synthetic_source(articles), Style(format="pdf")))
        if len(printed) >= pages:
            break
        articles = int(articles * pages / len(printed)) + 5
    kept = pdfium.PdfDocument.new()
    kept.import_pages(printed, list(range(pages)))
    text_version = folder / f"testo-{pages}.pdf"
    kept.save(str(text_version))
    scan = folder / f"scansione-{pages}.pdf"
    scan.write_bytes(scan_of(text_version))
    return scan


def tesseract_seconds(path: Path, pages: int, single_threaded: bool) -> float:
    """Render and read `pages` pages one after another, as a plain script would."""
    environment = dict(os.environ)
    if single_threaded:
        environment["OMP_THREAD_LIMIT"] = "1"
    else:
        environment.pop("OMP_THREAD_LIMIT", None)
    started = time.perf_counter()
    document = pdfium.PdfDocument(str(path))
    for index in range(pages):
        image = document[index].render(scale=ocr.DPI / 72, grayscale=True).to_pil()
        png = io.BytesIO()
        image.save(png, format="PNG")
        subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "ita", "--dpi", str(ocr.DPI)],
            input=png.getvalue(), capture_output=True, check=True, env=environment,
        )  # fmt: skip
    document.close()
    return time.perf_counter() - started


def audit_seconds(path: Path, catalogue: Catalogue, cache: Path) -> float:
    """One audit of the scan with the OCR cache at `cache`."""
    os.environ[ocr_cache.ENV] = str(cache)
    started = time.perf_counter()
    report = audit_file(path, catalogue, limits=LIMITS)
    seconds = time.perf_counter() - started
    if report.source.unread_pages:
        sys.exit(f"{path}: pages {report.source.unread_pages} were not read")
    return seconds


@dataclass
class Row:
    """One scan's medians."""

    pages: int
    floor: float
    old: float
    old_measured: int
    new: float
    cached: float

    def cells(self) -> list[str]:
        def timed(seconds: float, mark: str = "") -> str:
            return f"{mark}{seconds:7.1f} s {self.pages / seconds:5.2f} p/s"

        approx = "≈" if self.old_measured < self.pages else ""
        return [
            f"{self.pages:5}",
            timed(self.floor),
            timed(self.old, approx),
            timed(self.new),
            f"{self.new / self.floor:5.2f}",
            f"{approx}{self.old / self.new:5.1f}x",
            f"{self.cached:6.2f} s",
        ]


def measure(folder: Path, pages: int, repeat: int, old_pages: int, catalogue: Catalogue) -> Row:
    """Floor and new alternately `repeat` times, old once, cached once; medians."""
    scan = build_scan(folder, pages)
    floors, news = [], []
    caches = [folder / f"cache-{pages}-{run}.sqlite" for run in range(max(1, repeat))]
    for cache in caches:
        floors.append(tesseract_seconds(scan, pages, single_threaded=True))
        news.append(audit_seconds(scan, catalogue, cache))
    cached = audit_seconds(scan, catalogue, caches[-1])
    sample = min(old_pages, pages)
    old = tesseract_seconds(scan, sample, single_threaded=False) * pages / sample
    return Row(pages, statistics.median(floors), old, sample, statistics.median(news), cached)


HEADERS = ["pages", "floor (1 thread, seq.)", "old behaviour", "new (audit_file)", "new/floor",
           "old/new", "cached"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[6, 60])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the smallest scan")
    parser.add_argument("--old-pages", type=int, default=6)
    args = parser.parse_args()
    if not ocr.available():
        print("Tesseract with Italian is not installed: nothing to measure.")
        return 1
    catalogue = warm_up()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        rows = [
            measure(Path(folder), pages, args.repeat if pages == min(args.pages) else 1,
                    args.old_pages, catalogue)
            for pages in args.pages
        ]  # fmt: skip
    print(f"{ocr.cores()} cores; load average {load:.2f} before, {os.getloadavg()[0]:.2f} after")
    widths = [max(len(h), *(len(r.cells()[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    print(" | ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.rjust(w) for c, w in zip(row.cells(), widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

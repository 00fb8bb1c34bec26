"""Bulk throughput: a synthetic corpus audited cold, from the cache, and by a pdfplumber pipeline.

    python -m benchmarks.bulk [--statutes 200] [--workers 2] [--plumber-sample 20] [--dir PATH]

Generates N statutes (40-80 pages, varied layouts, real comune names, about 2% broken files)
once into --dir, then measures on the same files: a cold run (extraction + rules), a re-judging
run (structures from the store, rules run again, as after a catalogue change), an unchanged
re-run (reports from the store), and a pdfplumber-only cold run on a sample. Prints
statutes/min, pages/s, peak RSS per worker, the ratios, and the extrapolation to 8,500 statutes
(targets of docs/architecture.md#performance-design: 1,000 statutes < 10 min cold and < 1 min
cached, 8,500 < 2 h, < 400 MB per worker).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks.synthetic import synthetic_source
from statuti_check.bulk import BulkOptions, Tally, run_bulk
from statuti_check.read.authority import comuni
from statuti_check.store import Outcome
from tests.support.corpus_build import Style, render_pdf

NATIONAL = 8_500
LAYOUTS = [
    Style(format="pdf", article=article, comma=comma)
    for article in ("dash", "paren", "next_line", "caps_next_line")
    for comma in ("dot", "paren", "dash")
]
PAGES_PER_ARTICLE = 0.22  # measured on the synthetic text; sets the 40-80 page spread


def _generate(job: tuple[int, Path, str]) -> None:
    index, folder, name = job
    rng = random.Random(index)
    articles = int(rng.randint(40, 80) / PAGES_PER_ARTICLE)
    style = LAYOUTS[index % len(LAYOUTS)]
    data = render_pdf(synthetic_source(articles, seed=index, name=name), style)
    target = folder / f"statuto-{index:04}.pdf"
    if index % 50 == 7:  # a truncated download
        data = data[: len(data) // 3]
    elif index % 50 == 33:  # a file that only claims to be a PDF
        data = b"%PDF-1.4\n" + rng.randbytes(4096)
    target.write_bytes(data)


def generate(folder: Path, count: int) -> list[Path]:
    """The synthetic corpus, generated once (reused while the folder holds `count` files)."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("statuto-*.pdf"))
    if len(existing) == count:
        return existing
    for path in existing:
        path.unlink()
    names = [c.name for c in comuni() if "/" not in c.name]
    jobs = [(i, folder, random.Random(i).choice(names)) for i in range(count)]
    with multiprocessing.Pool() as pool:
        pool.map(_generate, jobs)
    return sorted(folder.glob("statuto-*.pdf"))


@dataclass
class Measure:
    """One run's figures."""

    statutes: int
    failed: int
    pages: int
    seconds: float
    peak_rss_mb: float

    @property
    def per_minute(self) -> float:
        return self.statutes / self.seconds * 60

    def line(self, label: str) -> str:
        return (
            f"{label:28} {self.statutes:5} statutes ({self.failed} failed) "
            f"in {self.seconds:7.1f} s = {self.per_minute:7.0f} statutes/min, "
            f"{self.pages / self.seconds:6.0f} pages/s, "
            f"peak RSS per worker {self.peak_rss_mb:4.0f} MB"
        )


def measure(files: list[Path], out: Path, options: BulkOptions, workers: int) -> Measure:
    peak = 0.0

    def track(outcome: Outcome, tally: Tally) -> None:
        nonlocal peak
        peak = max(peak, outcome.peak_rss_mb)

    result = run_bulk(files, out, options, workers=workers, on_outcome=track)
    pages = sum(report.source.pages for report in result.reports)
    return Measure(len(files), len(result.failures), pages, result.seconds, peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statutes", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--plumber-sample", type=int, default=20)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "statuti-bulk")
    args = parser.parse_args()
    files = generate(args.dir / f"corpus-{args.statutes}", args.statutes)
    out = args.dir / "out"
    shutil.rmtree(out, ignore_errors=True)
    options = BulkOptions(formats=("json",))
    cold = measure(files, out, options, args.workers)
    # Another reference date re-judges every statute, as a catalogue change would; only the
    # structures come from the store.
    later = options.model_copy(update={"on": date.today() + timedelta(days=1)})
    rejudged = measure(files, out, later, args.workers)
    cached = measure(files, out, options, args.workers)
    sample = files[: args.plumber_sample]
    plumber = measure(
        sample, args.dir / "out-plumber", options.model_copy(update={"engine": "pdfplumber"}),
        args.workers,
    )  # fmt: skip
    shutil.rmtree(args.dir / "out-plumber", ignore_errors=True)
    print(f"corpus: {len(files)} PDFs, {cold.pages} pages read, {args.workers} workers")
    print(cold.line("cold (pypdfium2)"))
    print(rejudged.line("re-judged, structures cached"))
    print(cached.line("unchanged, reports cached"))
    print(plumber.line(f"cold, pdfplumber-only ({len(sample)})"))
    print(
        f"ratio ours / pdfplumber-only (statutes/min): {cold.per_minute / plumber.per_minute:.0f}x"
    )
    for label, m in (
        ("cold", cold), ("re-judged", rejudged), ("reports cached", cached),
        ("pdfplumber-only", plumber),
    ):  # fmt: skip
        national, thousand = NATIONAL / m.per_minute, 1000 / m.per_minute
        print(f"extrapolated, {label:16}: {NATIONAL} statutes in {national:6.1f} min; "
              f"1,000 in {thousand:5.1f} min")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

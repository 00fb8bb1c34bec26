"""Bulk throughput: a synthetic corpus audited cold, from the cache, and by a pdfplumber pipeline.

    python -m benchmarks.bulk [--statutes 200] [--workers 2] [--plumber-sample 20] [--dir PATH]
    python -m benchmarks.bulk --fixed-costs [--runs 3] [--dir PATH]

Generates N statutes (40-80 pages, varied layouts, real comune names, about 2% broken files)
once into --dir, then measures on the same files: a cold run (extraction + rules), a re-judging
run (structures from the store, rules run again, as after a catalogue change), an unchanged
re-run (reports from the store), and a pdfplumber-only cold run on a sample. Prints
statutes/min, pages/s, peak RSS per worker, the ratios, and the extrapolation to 8,500 statutes
(targets of docs/architecture.md#performance-design: 1,000 statutes < 10 min cold and < 1 min
cached, 8,500 < 2 h, < 400 MB per worker).

`--fixed-costs` measures what a small run pays besides reading: on 8 generated statutes of 60
pages, the whole `statuti-check audit DIR --out OUT --formats json --workers 1` (a fresh
process, out folder and store) against pdfplumber's and pypdfium2's plain text extraction of the
same files, in one run (each run's ratios and the medians'), then where the command's time goes.
Targets: the command at least 10 times faster than pdfplumber, at most 8 times pypdfium2.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks.extract import build_pdf
from benchmarks.synthetic import synthetic_source
from statuti_check.read.authority import comuni
from statuti_check.run.bulk import BulkOptions, Tally, run_bulk
from statuti_check.run.store import Outcome
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


FIXED_STATUTES = 8


def sixty_page_statutes(folder: Path) -> list[Path]:
    """Eight 60-page statutes of different comuni, generated once into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("statuto-60-*.pdf"))
    if len(existing) == FIXED_STATUTES:
        return existing
    names = [c.name for c in comuni() if "/" not in c.name]
    return [
        build_pdf(folder, seed, random.Random(seed).choice(names), f"statuto-60-{seed}")
        for seed in range(FIXED_STATUTES)
    ]


def plumber_text(files: list[Path]) -> None:
    """pdfplumber's plain text of every page."""
    import pdfplumber

    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()


def pdfium_text(files: list[Path]) -> None:
    """pypdfium2's plain text of every page."""
    import pypdfium2 as pdfium

    for path in files:
        document = pdfium.PdfDocument(str(path))
        for page in document:
            page.get_textpage().get_text_range()
        document.close()


def command(args: list[str]) -> None:
    """A fresh `statuti-check` process, as a user starts it (its exit code 3 means gaps)."""
    run = [sys.executable, "-c", "from statuti_check.cli import run; run()", *args]
    done = subprocess.run(run, capture_output=True, check=False)
    if done.returncode not in (0, 3):
        raise SystemExit(done.stderr.decode())


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_of(runs: int, action: Callable[[], object]) -> float:
    return statistics.median(seconds(action) for _ in range(runs))


def cold_audit(folder: Path, out: Path) -> Callable[[], None]:
    """The whole command on a fresh out folder and store."""

    def action() -> None:
        shutil.rmtree(out, ignore_errors=True)
        command(["audit", str(folder), "--out", str(out), "--formats", "json", "--workers", "1"])

    return action


def fixed_costs(folder: Path, runs: int) -> None:
    """The two ratios of each run and of the medians, then the command's time split by stage.

    Each run times pdfplumber, pypdfium2 and the command one after the other, so a run's
    ratios compare the three under the same load (the machine may be shared).
    """
    files = sixty_page_statutes(folder / "fixed-60")
    out = folder / "out-fixed"
    audit = cold_audit(folder / "fixed-60", out)
    print(f"{len(files)} statutes, {sum(p.stat().st_size for p in files) // 1024} KB")
    print("run  pdfplumber  pypdfium2  command  pdfplumber/command  command/pypdfium2")
    rounds = []
    for run in range(1, runs + 1):
        plumber = seconds(lambda: plumber_text(files))
        pdfium = seconds(lambda: pdfium_text(files))
        whole = seconds(audit)
        rounds.append((plumber, pdfium, whole))
        print(f"{run:3} {plumber:10.2f} {pdfium:10.2f} {whole:8.2f} {plumber / whole:19.1f}x "
              f"{whole / pdfium:17.1f}x")  # fmt: skip
    plumber, pdfium, whole = (statistics.median(column) for column in zip(*rounds, strict=True))
    print(f"pdfplumber text       {plumber:7.2f} s (median)")
    print(f"pypdfium2 text        {pdfium:7.2f} s")
    print(f"statuti-check audit   {whole:7.2f} s (json, 1 worker, cold)")
    print(f"pdfplumber / command  {plumber / whole:7.1f}x  (target >= 10)")
    print(f"command / pypdfium2   {whole / pdfium:7.1f}x  (target <= 8)")
    print("where the command's time goes (each part measured on its own, medians):")
    for label, part in stages(files, out, runs):
        print(f"  {label:44} {part:6.2f} s")


def stages(files: list[Path], out: Path, runs: int) -> list[tuple[str, float]]:
    """The command's parts, each timed apart (the sum is near the whole, not equal).

    The parent's start-up and catalogue overlap with the fork server's preload when a core is
    free, and so does the reading of the first files (statuti_check.run.readahead); the other
    files are read and all are judged one after the other by the one worker.
    """
    from statuti_check.judge.audit import audit_parsed
    from statuti_check.read.parse import parse_file
    from statuti_check.run.bulk import warm_up, write_summary
    from statuti_check.run.store import Store

    python = [sys.executable, "-c"]

    def start(code: str) -> Callable[[], None]:
        return lambda: subprocess.run([*python, code], check=True)

    catalogue = warm_up()
    parsed = [parse_file(path) for path in files]
    store = Store(out / "statuti.sqlite")  # the last cold run's
    summaries = out / "sintesi-di-prova"
    summaries.mkdir(exist_ok=True)
    return [
        ("python start-up", median_of(runs, start("pass"))),
        ("start-up: import the CLI", median_of(runs, start("import statuti_check.cli"))),
        (
            "parent: import and load the catalogue",
            median_of(runs, start("import statuti_check.judge.catalogue as c; c.load_catalogue()")),
        ),
        (
            "fork server: rules, matcher (preload)",
            median_of(runs, start("import statuti_check.run.preload")),
        ),
        (
            "per file: extraction + structure (all)",
            median_of(runs, lambda: [parse_file(p) for p in files]),
        ),
        (
            "per file: matching and verdicts (all)",
            median_of(runs, lambda: [audit_parsed(p, catalogue) for p in parsed]),
        ),
        (
            "summary files (CSV, XLSX, HTML)",
            median_of(runs, lambda: write_summary(store, 1, summaries)),
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statutes", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--plumber-sample", type=int, default=20)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "statuti-bulk")
    parser.add_argument("--fixed-costs", action="store_true", help="the 8-statute ratios")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.fixed_costs:
        fixed_costs(args.dir, args.runs)
        return 0
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

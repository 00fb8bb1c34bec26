"""What a bulk audit shows while it runs and when it ends, in Italian.

On a terminal: a rich progress bar (files done of total, pages per second, time left, unread
files). Elsewhere (CI logs, cron): a plain line every few seconds, so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from statuti_check.contract import VERDICT_WORDS
from statuti_check.numbers import plural
from statuti_check.report.corpus import summarise, verdict_totals
from statuti_check.run.bulk import BulkResult, Tally
from statuti_check.run.store import Outcome
from statuti_check.run.workers import OcrProgress

# Abbreviated so that the table of rules, every column kept, fits an 80-column terminal; the line
# of totals above it spells each verdict out.
SHORT_HEADERS = {
    "conforme": "Conf.",
    "parziale": "Parz.",
    "assente": "Ass.",
    "non_applicabile": "N.a.",
    "da_verificare": "Verif.",
}
SHORT_KINDS = {"obbligo": "obbligo", "raccomandazione": "b. pratica"}


def rate(tally: Tally) -> str:
    """Pages per second so far."""
    elapsed = max(time.perf_counter() - tally.started, 1e-6)
    return f"{tally.pages / elapsed:.0f} pagine/s"


class PageCounter:
    """Pages of a scan read by OCR: one line rewritten on a terminal, a line now and then elsewhere.

    Called with pages read and pages to read (`ocr.configure(progress=...)`).
    """

    def __init__(self, stream: TextIO | None = None, every: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.last = float("-inf")  # the first count is always shown

    def __call__(self, done: int, total: int, name: str = "") -> None:
        """Show `done` pages read of `total` (of the file `name`, in a bulk audit)."""
        text = f"Lettura ottica (OCR){f' di {name}' if name else ''}: {done} di {total} pagine"
        if self.stream.isatty():
            print(
                f"\r{text}\033[K", end="\n" if done == total else "", file=self.stream, flush=True
            )
            return
        now = time.perf_counter()
        if now - self.last >= self.every or done == total:
            self.last = now
            print(text, file=self.stream, flush=True)


class ProgressView:
    """Progress of a bulk run: a live bar on a terminal, periodic lines otherwise."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.last = 0.0
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.counter = PageCounter(self.stream, every)

    def start(self, tally: Tally) -> None:
        """Begin showing progress for `tally.total` files."""
        todo = tally.total - tally.skipped
        if tally.skipped:
            done = plural(tally.skipped, "file già verificato", "file già verificati")
            print(f"Ripresa: {done}.", file=self.stream)
        if self.stream.isatty():
            self.progress = Progress(
                TextColumn("Verifica"), BarColumn(), MofNCompleteColumn(),
                TextColumn("file · {task.fields[rate]} · non letti: {task.fields[failed]}"
                           "{task.fields[ocr]}"),
                TimeRemainingColumn(), console=Console(file=self.stream),
            )  # fmt: skip
            self.task = self.progress.add_task("audit", total=todo, rate="-", failed=0, ocr="")
            self.progress.start()
        else:
            print(f"Verifica di {todo} file.", file=self.stream, flush=True)

    def update(self, outcome: Outcome, tally: Tally) -> None:
        """One more file recorded."""
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=1, rate=rate(tally), failed=tally.failed)
            return
        now = time.perf_counter()
        todo = tally.total - tally.skipped
        if now - self.last >= self.every or tally.done == todo:
            self.last = now
            print(
                f"{tally.done}/{todo} file, non letti: {tally.failed}, {rate(tally)}",
                file=self.stream,
                flush=True,
            )

    def pages(self, progress: OcrProgress) -> None:
        """Pages of a scan read so far (the bar shows the scan being read, if any)."""
        name = Path(progress.path).name
        if self.progress is not None and self.task is not None:
            text = f" · OCR di {name}: {progress.done} di {progress.total} pagine"
            self.progress.update(self.task, ocr=text if progress.done < progress.total else "")
            return
        self.counter(progress.done, progress.total, name)

    def stop(self) -> None:
        """Remove the live bar (the final table follows)."""
        if self.progress is not None:
            self.progress.stop()


def final_summary(result: BulkResult, out_dir: Path, console: Console | None = None) -> None:
    """Totals, per-rule counts, the authorities with most gaps, unread files, where things are."""
    # Off a terminal (logs, files) rich would wrap at 80 columns and break the tables.
    console = console or Console(width=None if sys.stdout.isatty() else 150)
    summary = summarise(result.reports, result.failures)
    minutes = result.seconds / 60
    console.print(
        f"\n[bold]Verifica completata[/bold]: "
        f"{plural(len(result.reports), 'statuto verificato', 'statuti verificati')}, "
        f"{plural(len(result.failures), 'file non letto', 'file non letti')}, "
        f"in {f'{result.seconds:.1f}'.replace('.', ',')} s"
        + (f" ({len(result.reports) / minutes:.0f} statuti/min)." if minutes > 0 else ".")
    )
    totals = verdict_totals(summary)
    console.print(" · ".join(f"{VERDICT_WORDS[v].lower()}: {n}" for v, n in totals.items()))
    rules = Table(
        title="Esiti per regola", title_justify="left", box=box.SIMPLE_HEAD,
        caption="b. pratica: buona pratica", caption_justify="left",
    )  # fmt: skip
    rules.add_column("Regola", ratio=1, min_width=20)
    rules.add_column("Tipo", no_wrap=True)
    for verdict in VERDICT_WORDS:
        rules.add_column(SHORT_HEADERS[verdict], justify="right")
    counts = summary.rule_counts()
    for rule in summary.rules:
        rules.add_row(
            rule.title,
            SHORT_KINDS[rule.kind],
            *(str(counts[rule.id][verdict]) for verdict in VERDICT_WORDS),
        )
    console.print(rules)
    worst = [row for row in summary.rows if row.obligation_gaps][:10]
    if worst:
        ranking = Table(
            title="Enti con più lacune negli obblighi di legge", title_justify="left",
            box=box.SIMPLE_HEAD,
        )  # fmt: skip
        ranking.add_column("Ente", ratio=2)
        ranking.add_column("Lacune", justify="right", no_wrap=True)
        ranking.add_column("Assenti", justify="right", no_wrap=True)
        ranking.add_column("File", ratio=1, overflow="fold")
        for row in worst:
            ranking.add_row(  # names and files are data, never rich markup
                escape(row.name), str(row.obligation_gaps), str(row.obligation_missing),
                escape(row.file),
            )  # fmt: skip
        console.print(ranking)
    flagged = [row for row in summary.rows if row.note]
    if flagged:
        console.print("[bold]Da controllare[/bold]:")
        for row in flagged:
            console.print(f"  - {row.file} ({row.name}): {row.note}", highlight=False, markup=False)
    if result.hidden:
        console.print(
            (
                "1 file nascosto (il nome inizia con un punto) non è stato verificato: "
                if len(result.hidden) == 1
                else f"{len(result.hidden)} file nascosti (il nome inizia con un punto) non sono "
                "stati verificati: "
            )
            + ", ".join(result.hidden[:5])
            + (" …" if len(result.hidden) > 5 else ""),
            highlight=False,
            markup=False,
        )
    if result.failures:
        console.print("[bold]File non letti[/bold]:")
        for failure in result.failures:
            console.print(f"  - {failure.path}: {failure.reason}", highlight=False, markup=False)
    if result.unwritten:
        console.print(
            "[bold]Rapporti non scritti[/bold] (le verifiche sono registrate e non saranno "
            "rifatte: correggere la cartella e ripetere il comando, con --resume se interrotto):"
        )
        for failure in result.unwritten:
            console.print(f"  - {failure.path}: {failure.reason}", highlight=False, markup=False)
    console.print(
        f"Rapporti: {out_dir / 'rapporti'} · sintesi: {', '.join(result.summary_files)} · "
        f"archivio dei risultati: {result.database} (verifica n. {result.run_id})",
        highlight=False,
        markup=False,
    )

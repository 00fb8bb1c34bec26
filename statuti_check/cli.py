"""The `statuti-check` command line. Library errors become Italian messages and exit codes here."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from statuti_check.contract import (
    AUTHORITY_TYPES,
    KIND_WORDS,
    TYPE_LABELS,
    VERDICT_WORDS,
    VERDICTS,
    Authority,
    Report,
    effective,
    verdict_counts,
)
from statuti_check.errors import InputError, SettingsError, os_reason
from statuti_check.judge.catalogue import Catalogue, CatalogueError, json_schema, load_catalogue
from statuti_check.numbers import thousands
from statuti_check.report import DRAFT_FORMATS, REPORT_FORMATS
from statuti_check.settings import Limits

if TYPE_CHECKING:
    from statuti_check.run.store import Store

log = logging.getLogger("statuti_check")

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_GAPS = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # as shells report Ctrl-C


def _catalogue(args: argparse.Namespace) -> Catalogue:
    return load_catalogue(args.rules)


def _cmd_rules_list(args: argparse.Namespace) -> int:
    for rule in _catalogue(args).rules:
        print(f"{rule.id:28} {rule.kind:15} {rule.severity:6} {rule.title}")
    return EXIT_OK


def _cmd_rules_show(args: argparse.Namespace) -> int:
    try:
        rule = _catalogue(args).rule(args.rule_id)
    except KeyError:
        print(
            f"Errore: regola «{args.rule_id}» inesistente (vedi: statuti-check rules list).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    applies = rule.applies_to
    lines = [
        f"{rule.id} — {rule.title}",
        f"Tipo: {KIND_WORDS[rule.kind]} · gravità: {rule.severity} · enti: "
        + ", ".join(TYPE_LABELS[kind] for kind in applies.types)
        + (f" · oltre {thousands(low)} abitanti" if (low := applies.min_population) else ""),
        "Base normativa:",
        *(f"  - {b.citation}" + (f" <{b.url}>" if b.url else "") for b in rule.legal_basis),
        "", rule.explanation, "",
        "Proposta di modifica (per un comune):", rule.proposal_for("comune"), "",
        f"Esempi: {len(rule.examples)}",
    ]  # fmt: skip
    print("\n".join(lines))
    return EXIT_OK


def _cmd_rules_validate(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(args.directory or args.rules)
    print(f"{len(catalogue.rules)} regole valide (catalogo {catalogue.version}).")
    return EXIT_OK


def _cmd_rules_test(args: argparse.Namespace) -> int:
    from statuti_check.judge.audit import assess_text

    catalogue = load_catalogue(args.directory or args.rules)
    authority = Authority(type="comune", population=10_000)
    failures = 0
    for rule in catalogue.rules:
        for example in rule.examples:
            finding = assess_text(rule, example.text, authority, catalogue)
            if finding.verdict != example.verdict and example.known_miss:
                print(f"NOTO {rule.id}-{example.name}: {example.known_miss}")
            elif finding.verdict != example.verdict:
                failures += 1
                print(f"FALLITO {rule.id}-{example.name}: atteso {example.verdict}, "
                      f"ottenuto {finding.verdict} ({finding.reason})")  # fmt: skip
    total = sum(len(rule.examples) for rule in catalogue.rules)
    print(f"{total - failures} esempi su {total} superati.")
    return EXIT_OK if failures == 0 else EXIT_USAGE


def _cmd_rules_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json_schema())
    return EXIT_OK


def _cmd_rules_docs(args: argparse.Namespace) -> int:
    from statuti_check.judge.ruledocs import write_docs

    written = write_docs(_catalogue(args), args.directory or Path("docs/rules"))
    print(f"{len(written)} pagine scritte in {written[0].parent}.")
    return EXIT_OK


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(max_pages=args.max_pages, timeout_seconds=args.timeout, memory_mb=args.memory_mb)


@contextmanager
def _guard(args: argparse.Namespace) -> Iterator[None]:
    """Limits for a file read in this process, when the process is the command's own run.

    Pages read by OCR are counted on stderr meanwhile (stdout may be a JSON report).
    """
    from statuti_check.read.extract import ocr
    from statuti_check.run.console import PageCounter
    from statuti_check.run.guard import guarded

    limits = guarded(_limits(args)) if args.guard else nullcontext()
    with ocr.configured(progress=PageCounter()), limits:
        yield


def _audit(args: argparse.Namespace) -> Report:
    from statuti_check import audit_file

    catalogue = _catalogue(args)  # our own rules, loaded before the limits that guard input
    with _guard(args):
        return audit_file(
            args.files[0] if "files" in args else args.file,
            catalogue,
            name=args.name,
            authority_type=args.authority_type,
            population=args.population,
            engine=args.engine,
            limits=_limits(args),
            on=args.date,
            ocr=args.ocr,
        )


def _draft(args: argparse.Namespace) -> bytes:
    """The draft resolution of `report --format delibera|delibera-json`, checked by re-audit."""
    from statuti_check import parse_file
    from statuti_check.act.amendments import DraftError, build_draft
    from statuti_check.judge.audit import audit_parsed, with_overrides
    from statuti_check.report.delibera import render_draft

    catalogue = _catalogue(args)
    with _guard(args):
        parsed = parse_file(args.file, engine=args.engine, limits=_limits(args), ocr=args.ocr)
        authority = with_overrides(parsed.authority, args.name, args.authority_type,
                                   args.population)  # fmt: skip
        report = audit_parsed(parsed, catalogue, authority, args.date)
        draft = build_draft(parsed, report, catalogue, _included(args.include, report))
    if not draft.check.passed:
        raise DraftError(
            "la proposta di deliberazione non supera la verifica: lo statuto modificato, "
            "riletto, non risulterebbe conforme. " + " ".join(draft.check.problems),
            f"draft failed its re-audit: {draft.check.problems}",
        )
    return render_draft(draft, args.format)


def _included(include: str | None, report: Report) -> list[str] | None:
    """`--include`: rule ids, "obblighi" (the default) or "tutte" (good practices too)."""
    from statuti_check.act.amendments import draftable_rules

    if include is None or include == "obblighi":
        return None
    if include == "tutte":
        return [finding.rule_id for finding in draftable_rules(report)]
    return [rule.strip() for rule in include.split(",") if rule.strip()]


def _cmd_report(args: argparse.Namespace) -> int:
    from statuti_check import render

    if not args.output and args.format in ("pdf", "docx", "delibera"):
        print(
            f"Errore: per il formato {args.format.upper()} indicare il file di uscita con -o.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.format.startswith("delibera"):
        content = _draft(args)
    else:
        content = render(_audit(args), args.format)
    if args.output:
        args.output.write_bytes(content)
        written = (
            "Proposta di deliberazione scritta" if args.format == "delibera" else "Rapporto scritto"
        )
        print(f"{written} in {args.output}")
    else:
        sys.stdout.write(content.decode("utf-8"))
    return EXIT_OK


def _is_bulk(args: argparse.Namespace) -> bool:
    """Many inputs, a folder, or any bulk option: a run into the store instead of one report."""
    return (
        len(args.files) > 1
        or args.files[0].is_dir()
        or any(v is not None for v in (args.out, args.db, args.workers, args.authorities))
        or args.resume
        or bool(args.formats)
    )


def _cmd_audit_bulk(args: argparse.Namespace) -> int:
    from statuti_check.run.forkserver import start_fork_server

    start_fork_server()  # first: its preload overlaps all the rest of this process's start-up
    from statuti_check.read.authority import AuthorityTable, load_authority_table
    from statuti_check.run.bulk import BulkOptions, run_bulk
    from statuti_check.run.console import ProgressView, final_summary

    out = args.out or Path("out")
    table = load_authority_table(args.authorities) if args.authorities else AuthorityTable()
    options = BulkOptions(
        rules=str(args.rules) if args.rules else None, engine=args.engine, limits=_limits(args),
        on=args.date, formats=tuple(args.formats or ()), ocr=args.ocr,
        authorities=table,
    )  # fmt: skip
    view = ProgressView()
    try:
        result = run_bulk(
            args.files, out, options, workers=args.workers, database=args.db,
            resume=args.resume, on_start=view.start, on_outcome=view.update,
            on_progress=view.pages,
        )  # fmt: skip
    finally:
        view.stop()
    final_summary(result, out)
    if result.failures or result.unwritten:
        return EXIT_INPUT
    verdicts = {effective(finding) for report in result.reports for finding in report.findings}
    return EXIT_GAPS if verdicts & set(args.fail_on) else EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    if _is_bulk(args):
        return _cmd_audit_bulk(args)
    from statuti_check.report.text import scorecard, use_colour

    report = _audit(args)
    if args.format == "json":
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        print(scorecard(report, colour=use_colour()))
    failing = {finding.verdict for finding in report.findings} & set(args.fail_on)
    return EXIT_GAPS if failing else EXIT_OK


def _existing_store(path: Path) -> Store:
    """A store that must exist already (reading or copying an empty one would mislead)."""
    from statuti_check.run.store import Store

    if not path.exists():
        raise InputError(
            f"L'archivio dei risultati «{path}» non esiste: eseguire prima una verifica "
            "con statuti-check audit CARTELLA --out CARTELLA_RISULTATI.",
            f"{path}: no such database",
        )
    return Store(path)


def _store(args: argparse.Namespace) -> tuple[Store, int]:
    """The database and the run asked for (default: the latest bulk run)."""
    store = _existing_store(args.db)
    run_id = args.run or store.latest_run()
    if run_id is None or all(run.id != run_id for run in store.runs()):
        store.close()
        raise InputError(
            f"L'archivio non contiene la verifica n. {args.run}."
            if args.run
            else "L'archivio non contiene ancora alcuna verifica.",
            f"{args.db}: run {args.run} not found",
        )
    return store, run_id


def _cmd_store_list(args: argparse.Namespace) -> int:
    from statuti_check.run.store import Store

    if not args.db.exists():
        print(f"Nessun archivio in {args.db}.")
        return EXIT_OK
    store = Store(args.db)
    print(
        f"{'n.':>4}  {'inizio':25} {'fine':25} {'catalogo':12} {'verificati':>10} {'non letti':>9}"
        "  tipo"
    )
    for run in store.runs():
        print(f"{run.id:>4}  {run.started:25} {run.finished or 'interrotta':25} "
              f"{run.catalogue_version:12} {run.done:>10} {run.failed:>9}  {run.kind}")  # fmt: skip
    store.close()
    return EXIT_OK


def _cmd_store_show(args: argparse.Namespace) -> int:
    from statuti_check.contract import display_name

    store, run_id = _store(args)
    print(f"Verifica n. {run_id}")
    for report in store.reports(run_id):
        counts = ", ".join(
            f"{VERDICT_WORDS[verdict].lower()}: {n}"
            for verdict, n in verdict_counts(report.findings).items()
            if n
        )
        print(f"  {report.source.path}: {display_name(report.authority)} — {counts}")
    for failure in store.failures(run_id):
        print(f"  {failure.path}: NON LETTO — {failure.reason}")
    store.close()
    return EXIT_OK


def _cmd_store_export(args: argparse.Namespace) -> int:
    from statuti_check.report.corpus import render_csv, summarise

    store, run_id = _store(args)
    reports, failures = store.reports(run_id), store.failures(run_id)
    run, log = store.run(run_id), store.log_entries()
    store.close()
    assert run is not None  # _store checked it
    if args.format == "json":
        content = json.dumps(
            {"run": run_id, "run_info": run.model_dump(),
             "reports": [r.model_dump(mode="json") for r in reports],
             "failures": [f.model_dump() for f in failures],
             "log": [entry.model_dump() for entry in log]},
            ensure_ascii=False, indent=2,
        ).encode("utf-8")  # fmt: skip
    elif args.format == "xlsx":
        from statuti_check.report.xlsx import render_xlsx

        content = render_xlsx(summarise(reports, failures))
    elif args.format == "html":
        from statuti_check.report.html import render_corpus_html

        content = render_corpus_html(summarise(reports, failures)).encode("utf-8")
    else:
        content = render_csv(summarise(reports, failures)).encode("utf-8-sig")
    args.output.write_bytes(content)
    print(f"Verifica {run.label} esportata in {args.output}")
    if args.format == "json":
        print(f"Con il registro delle operazioni ({len(log)} voci).")
    return EXIT_OK


def _cmd_store_backup(args: argparse.Namespace) -> int:
    """A consistent copy of a live store (SQLite's online backup), safe while the app writes."""
    store = _existing_store(args.db)
    if args.output.exists():
        raise InputError(f"Il file «{args.output}» esiste già: indicare un nuovo file.",
                         f"{args.output}: exists")  # fmt: skip
    target = sqlite3.connect(args.output)
    try:
        store.db.backup(target)
    finally:
        target.close()
        store.close()
    print(f"Copia dell'archivio {args.db} salvata in {args.output}.")
    return EXIT_OK


def _cmd_parse(args: argparse.Namespace) -> int:
    from statuti_check import parse_file
    from statuti_check.read.parse import structure_json

    limits = Limits(max_pages=args.max_pages)
    with _guard(args):
        parsed = parse_file(args.file, engine=args.engine, limits=limits, ocr=args.ocr)
    if args.format == "json":
        json.dump(structure_json(parsed), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        from statuti_check.report.text import outline

        print(outline(parsed))
    return EXIT_OK


class _ItalianHelp(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


# argparse's own messages, in the words users read (the rest of each message is ours already).
_ARGPARSE_ITALIAN = [
    (r"the following arguments are required: (.*)", r"mancano i parametri obbligatori: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
     r"parametro \1: valore non ammesso \2 (ammessi: \3)"),
    (r"unrecognized arguments: (.*)", r"parametri non riconosciuti: \1"),
    (r"argument (\S+): expected one argument", r"il parametro \1 richiede un valore"),
    (r"argument (\S+): invalid \w+ value: (.*)", r"parametro \1: valore non valido \2"),
    (r"argument (\S+): (.*)", r"parametro \1: \2"),
]  # fmt: skip


class _ItalianParser(argparse.ArgumentParser):
    """argparse speaking Italian: usage, section titles, -h and its error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _ItalianHelp)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argomenti"
        self._optionals.title = "opzioni"
        self.add_argument("-h", "--help", action="help", help="mostra questo aiuto ed esce")

    def error(self, message: str) -> NoReturn:
        for pattern, italian in _ARGPARSE_ITALIAN:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, italian, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: errore: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Subcommands and options; help texts are Italian because users read them."""
    parser = _ItalianParser(
        prog="statuti-check",
        description="Verifica le norme antidiscriminatorie negli statuti degli enti locali.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log dettagliato (in inglese)")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser(
        "parse",
        help="mostra la struttura di uno statuto (titoli, capi, articoli, commi)",
        description="Legge uno statuto (PDF, DOCX, ODT, HTML, TXT) e ne mostra la struttura. "
        "Esempio: statuti-check parse corpus/bastiglia.txt --format json",
    )
    _input_options(parse)
    parse.set_defaults(handler=_cmd_parse)

    audit = commands.add_parser(
        "audit",
        help="verifica uno statuto rispetto al catalogo delle regole",
        description="Verifica uno statuto regola per regola, oppure molti statuti (cartelle "
        "o più file) scrivendo rapporti, sintesi e archivio dei risultati in --out. "
        "Esempi: statuti-check audit corpus/sassuolo.pdf --format json; "
        "statuti-check audit corpus/ --out out --formats pdf,docx,json",
    )
    _input_options(audit, many=True)
    _audit_options(audit)
    _bulk_options(audit)
    audit.set_defaults(handler=_cmd_audit)

    report = commands.add_parser(
        "report",
        help="scrive il rapporto sulle lacune di uno statuto, da allegare a una mozione",
        description="Scrive il rapporto di verifica (PDF, DOCX, HTML, Markdown o JSON), oppure "
        "la proposta di deliberazione che modifica lo statuto (--format delibera, DOCX con "
        "testo a fronte; delibera-json per le modifiche in JSON). "
        "Esempio: statuti-check report corpus/fanano.docx --format pdf -o fanano.pdf",
    )
    _input_options(report, formats=(*REPORT_FORMATS, *DRAFT_FORMATS), default="md")
    report.add_argument("-o", "--output", type=Path, help="file di uscita (predefinito: schermo)")
    report.add_argument(
        "--include", metavar="REGOLE",
        help="per --format delibera: regole da includere, separate da virgola, oppure "
        "«obblighi» (predefinito: gli obblighi di legge con lacune) o «tutte» (anche le buone "
        "pratiche)",
    )  # fmt: skip
    _audit_options(report)
    report.set_defaults(handler=_cmd_report)

    _store_commands(commands)
    _users_commands(commands)
    rule_commands = _group(commands, "rules", "consulta e verifica il catalogo delle regole", (
        ("list", _cmd_rules_list, "elenca le regole"),
        ("show", _cmd_rules_show, "mostra una regola"),
        ("validate", _cmd_rules_validate, "controlla i file delle regole"),
        ("test", _cmd_rules_test, "esegue gli esempi delle regole"),
        ("schema", _cmd_rules_schema, "stampa lo schema JSON dei file delle regole"),
        ("docs", _cmd_rules_docs, "genera la documentazione delle regole (docs/rules)"),
    ))  # fmt: skip
    for name, command in rule_commands.items():
        if name == "show":
            command.add_argument("rule_id", help="identificativo della regola")
        if name in ("validate", "test"):
            command.add_argument("directory", nargs="?", type=Path, help="cartella delle regole")
        if name == "docs":
            command.add_argument("directory", nargs="?", type=Path, help="cartella di uscita")
        _rules_option(command)
    return parser


def _group(
    commands: Any, name: str, text: str, entries: tuple[tuple[str, Any, str], ...]
) -> dict[str, argparse.ArgumentParser]:
    """A command with subcommands (`rules list`, `store show` …), each bound to its handler."""
    group = commands.add_parser(name, help=text, description=text.capitalize() + ".")
    subcommands = group.add_subparsers(dest=f"{name}_command", required=True)
    parsers = {}
    for sub_name, handler, sub_text in entries:
        parser = subcommands.add_parser(
            sub_name, help=sub_text, description=sub_text.capitalize() + "."
        )
        parser.set_defaults(handler=handler)
        parsers[sub_name] = parser
    return parsers


def _store_commands(commands: Any) -> None:
    store_commands = _group(commands, "store", "consulta l'archivio dei risultati", (
        ("list", _cmd_store_list, "elenca le verifiche registrate"),
        ("show", _cmd_store_show, "mostra gli esiti di una verifica (predefinita: l'ultima)"),
        ("export", _cmd_store_export,
         "esporta una verifica (CSV, XLSX, HTML o JSON, con il registro delle operazioni)"),
        ("backup", _cmd_store_backup, "salva una copia coerente dell'archivio, anche mentre "
         "l'app è in uso"),
    ))  # fmt: skip
    for name, command in store_commands.items():
        command.add_argument(
            "--db", type=Path, default=Path("out/statuti.sqlite"),
            help="archivio SQLite (predefinito: out/statuti.sqlite)",
        )  # fmt: skip
        if name in ("show", "export"):
            command.add_argument("run", nargs="?", type=int, help="numero della verifica")
        if name == "backup":
            command.add_argument("-o", "--output", type=Path, required=True,
                                 help="nuovo file della copia")  # fmt: skip
        if name == "export":
            command.add_argument(
                "--format", choices=("csv", "xlsx", "html", "json"), default="xlsx"
            )
            command.add_argument("-o", "--output", type=Path, required=True, help="file di uscita")


def _users_commands(commands: Any) -> None:
    from statuti_check.members import users_cli

    database = Path(os.environ.get("STATUTI_CHECK_DB", "out/statuti.sqlite"))
    groups = _group(commands, "users", "gestisce gli account dell'app", users_cli.COMMANDS)
    for name, command in groups.items():
        users_cli.add_arguments(name, command, database)


def _input_options(
    command: argparse.ArgumentParser,
    formats: tuple[str, ...] = ("text", "json"),
    default: str = "text",
    many: bool = False,
) -> None:
    if many:
        command.add_argument(
            "files", type=Path, nargs="+", metavar="FILE", help="file o cartelle di statuti"
        )
    else:
        command.add_argument("file", type=Path, metavar="FILE", help="il file dello statuto")
    command.add_argument("--format", choices=formats, default=default, help="formato di uscita")
    command.add_argument(
        "--engine", choices=("pypdfium2", "pdfplumber"), default="pypdfium2",
        help="motore di estrazione per i PDF (pdfplumber: più lento, per impaginazioni difficili)",
    )  # fmt: skip
    command.add_argument(
        "--max-pages", type=int, default=Limits().max_pages, help="numero massimo di pagine"
    )
    command.add_argument(
        "--ocr", choices=("auto", "always", "never"), default="auto",
        help="OCR delle pagine scansionate (auto: solo quelle senza testo; serve tesseract)",
    )  # fmt: skip
    command.add_argument(
        "--timeout", type=float, default=Limits().timeout_seconds,
        help="secondi al massimo per file nelle verifiche di molti statuti",
    )  # fmt: skip
    command.add_argument(
        "--memory-mb", type=int, default=Limits().memory_mb,
        help="memoria (spazio di indirizzamento, MB) al massimo per processo di verifica",
    )  # fmt: skip


def _format_list(text: str) -> list[str]:
    formats = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [fmt for fmt in formats if fmt not in REPORT_FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"formato sconosciuto: {', '.join(unknown)} (ammessi: {', '.join(REPORT_FORMATS)})"
        )
    return formats


def _bulk_options(audit: argparse.ArgumentParser) -> None:
    bulk = audit.add_argument_group("verifica di molti statuti")
    bulk.add_argument("--out", type=Path, help="cartella dei risultati (predefinita: out)")
    bulk.add_argument(
        "--formats", type=_format_list, default=None,
        help=f"formati dei rapporti per ente, separati da virgola ({', '.join(REPORT_FORMATS)})",
    )  # fmt: skip
    bulk.add_argument(
        "--workers", type=int, help="processi in parallelo (predefinito: tutti i core)"
    )
    bulk.add_argument(
        "--authorities", type=Path,
        help="CSV degli enti (colonne file, name, type, istat_code, population)",
    )  # fmt: skip
    bulk.add_argument("--db", type=Path, help="archivio SQLite (predefinito: OUT/statuti.sqlite)")
    bulk.add_argument(
        "--resume", action="store_true",
        help="riprende l'ultima verifica interrotta senza rifare i file già verificati",
    )  # fmt: skip


def _audit_options(audit: argparse.ArgumentParser) -> None:
    audit.add_argument("--name", help="nome dell'ente (sostituisce quello letto nel testo)")
    audit.add_argument(
        "--authority-type", choices=AUTHORITY_TYPES,
        help="tipo di ente",
    )  # fmt: skip
    audit.add_argument("--population", type=int, help="popolazione dell'ente")
    audit.add_argument(
        "--date", type=date.fromisoformat, default=None,
        help="data di riferimento AAAA-MM-GG (predefinita: oggi): le norme non ancora in vigore "
        "a quella data risultano non applicabili",
    )  # fmt: skip
    audit.add_argument(
        "--fail-on", type=_verdict_list, default=[],
        help=f"esce con codice 3 se una regola ha uno di questi esiti ({', '.join(VERDICTS)})",
    )  # fmt: skip
    _rules_option(audit)


def _verdict_list(text: str) -> list[str]:
    """Verdicts named on the command line; a typo must not turn a gate off."""
    named = [verdict.strip() for verdict in text.split(",") if verdict.strip()]
    unknown = [verdict for verdict in named if verdict not in VERDICTS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"esito sconosciuto: {', '.join(unknown)} (ammessi: {', '.join(VERDICTS)})"
        )
    return named


def _rules_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--rules", type=Path, help="cartella di un catalogo di regole proprio")


def main(argv: Sequence[str] | None = None, guard: bool = False) -> int:
    """Entry point, returning the exit code.

    0 done, 1 usage, settings or catalogue error, 2 unreadable input, 3 a verdict named by
    `--fail-on`, 130 interrupted (Ctrl-C).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    args.guard = guard
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="statuti-check: %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # output piped into `head` and the like
        return EXIT_OK
    except InputError as exc:  # the precise English line only with -v: users read Italian
        log.info(exc.log_message)
        print(f"Errore: {exc.user_message}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, SettingsError) else EXIT_INPUT
    except KeyboardInterrupt:
        print(
            "\nVerifica interrotta. Per continuare: stesso comando con --resume.", file=sys.stderr
        )
        return EXIT_INTERRUPTED
    except CatalogueError as exc:  # Italian for whoever wrote the rule, English with -v
        log.info(exc.log_message)
        print(
            f"Errore nel catalogo delle regole:\n{exc.user_message}\n"
            "Correggere il file indicato e ripetere «statuti-check rules validate»; con -v i "
            "dettagli tecnici.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except (OSError, sqlite3.Error) as exc:  # an output folder, a report or the store
        log.info("%s: %s", type(exc).__name__, exc)
        where = f" «{exc.filename}»" if isinstance(exc, OSError) and exc.filename else ""
        print(
            f"Errore: impossibile leggere o scrivere{where} ({_os_reason(exc)}). Controllare "
            "il percorso indicato e i permessi; con -v i dettagli tecnici.",
            file=sys.stderr,
        )
        return EXIT_INPUT
    except Exception as exc:  # a bug: a precise log line (traceback with -v), a plain message
        log.error("unexpected %s: %s", type(exc).__name__, exc)
        log.debug("traceback", exc_info=True)
        print(
            "Errore interno di statuti-check: l'operazione non è stata completata. "
            "Ripetere con -v per i dettagli tecnici da segnalare.",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _os_reason(exc: OSError | sqlite3.Error) -> str:
    """The cause in Italian words for the failures a user can fix."""
    if isinstance(exc, sqlite3.Error):
        return "l'archivio dei risultati non è un database valido o non è accessibile"
    return os_reason(exc)


def run() -> None:
    """The console command: its own process, so a single file's time and memory are capped."""
    sys.exit(main(guard=True))


if __name__ == "__main__":
    run()

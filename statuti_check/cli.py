"""The `statuti-check` command line. Library errors become Italian messages and exit codes here."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from statuti_check.audit import Report
from statuti_check.authority import Authority
from statuti_check.catalogue import VERDICTS, Catalogue, CatalogueError, json_schema, load_catalogue
from statuti_check.errors import InputError
from statuti_check.parse import parse_file, structure_json
from statuti_check.settings import Limits

log = logging.getLogger("statuti_check")

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_GAPS = 0, 1, 2, 3


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
        f"Tipo: {rule.kind} · gravità: {rule.severity} · enti: {', '.join(applies.types)}"
        + (f" · oltre {applies.min_population} abitanti" if applies.min_population else ""),
        "Base normativa:",
        *(f"  - {b.citation}" + (f" <{b.url}>" if b.url else "") for b in rule.legal_basis),
        "", rule.explanation, "", "Proposta di modifica:", rule.proposal, "",
        f"Esempi: {len(rule.examples)}",
    ]  # fmt: skip
    print("\n".join(lines))
    return EXIT_OK


def _cmd_rules_validate(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(args.directory or args.rules)
    print(f"{len(catalogue.rules)} regole valide (catalogo {catalogue.version}).")
    return EXIT_OK


def _cmd_rules_test(args: argparse.Namespace) -> int:
    from statuti_check.audit import assess_text

    catalogue = load_catalogue(args.directory or args.rules)
    authority = Authority(type="comune", population=10_000)
    failures = 0
    for rule in catalogue.rules:
        for example in rule.examples:
            finding = assess_text(rule, example.text, authority, catalogue)
            if finding.verdict != example.verdict:
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
    from statuti_check.ruledocs import write_docs

    written = write_docs(_catalogue(args), args.directory or Path("docs/rules"))
    print(f"{len(written)} pagine scritte in {written[0].parent}.")
    return EXIT_OK


def _audit(args: argparse.Namespace) -> Report:
    from statuti_check.audit import audit_file

    return audit_file(
        args.file,
        _catalogue(args),
        name=args.name,
        authority_type=args.authority_type,
        population=args.population,
        engine=args.engine,
        limits=Limits(max_pages=args.max_pages),
        on=args.date,
    )


def _render(report: Report, fmt: str) -> bytes:
    """The report in one of the `report` command's formats."""
    if fmt == "pdf":
        from statuti_check.report.pdf import render_pdf

        return render_pdf(report)
    if fmt == "html":
        from statuti_check.report.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "md":
        from statuti_check.report.markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")


def _cmd_report(args: argparse.Namespace) -> int:
    content = _render(_audit(args), args.format)
    if args.output:
        args.output.write_bytes(content)
        print(f"Rapporto scritto in {args.output}")
    elif args.format == "pdf":
        print("Errore: per il formato PDF indicare il file di uscita con -o.", file=sys.stderr)
        return EXIT_USAGE
    else:
        sys.stdout.write(content.decode("utf-8"))
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    from statuti_check.report.text import scorecard, use_colour

    report = _audit(args)
    if args.format == "json":
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        print(scorecard(report, colour=use_colour()))
    failing = {finding.verdict for finding in report.findings} & set(args.fail_on)
    return EXIT_GAPS if failing else EXIT_OK


def _cmd_parse(args: argparse.Namespace) -> int:
    limits = Limits(max_pages=args.max_pages)
    parsed = parse_file(args.file, engine=args.engine, limits=limits)
    if args.format == "json":
        json.dump(structure_json(parsed), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        from statuti_check.report.text import outline

        print(outline(parsed))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Subcommands and options; help texts are Italian because users read them."""
    parser = argparse.ArgumentParser(
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
        description="Verifica uno statuto regola per regola. "
        "Esempio: statuti-check audit corpus/sassuolo.pdf --format json",
    )
    _input_options(audit)
    _audit_options(audit)
    audit.set_defaults(handler=_cmd_audit)

    report = commands.add_parser(
        "report",
        help="scrive il rapporto sulle lacune di uno statuto, da allegare a una mozione",
        description="Scrive il rapporto di verifica (PDF, HTML, Markdown o JSON). "
        "Esempio: statuti-check report corpus/fanano.docx --format pdf -o fanano.pdf",
    )
    _input_options(report, formats=("pdf", "html", "md", "json"), default="md")
    report.add_argument("-o", "--output", type=Path, help="file di uscita (predefinito: schermo)")
    _audit_options(report)
    report.set_defaults(handler=_cmd_report)

    rules = commands.add_parser("rules", help="consulta e verifica il catalogo delle regole")
    rule_commands = rules.add_subparsers(dest="rules_command", required=True)
    for name, handler, text in (
        ("list", _cmd_rules_list, "elenca le regole"),
        ("show", _cmd_rules_show, "mostra una regola"),
        ("validate", _cmd_rules_validate, "controlla i file delle regole"),
        ("test", _cmd_rules_test, "esegue gli esempi delle regole"),
        ("schema", _cmd_rules_schema, "stampa lo schema JSON dei file delle regole"),
        ("docs", _cmd_rules_docs, "genera la documentazione delle regole (docs/rules)"),
    ):
        command = rule_commands.add_parser(name, help=text, description=text.capitalize() + ".")
        if name == "show":
            command.add_argument("rule_id", help="identificativo della regola")
        if name in ("validate", "test"):
            command.add_argument("directory", nargs="?", type=Path, help="cartella delle regole")
        if name == "docs":
            command.add_argument("directory", nargs="?", type=Path, help="cartella di uscita")
        _rules_option(command)
        command.set_defaults(handler=handler)
    return parser


def _input_options(
    command: argparse.ArgumentParser,
    formats: tuple[str, ...] = ("text", "json"),
    default: str = "text",
) -> None:
    command.add_argument("file", type=Path, help="il file dello statuto")
    command.add_argument("--format", choices=formats, default=default, help="formato di uscita")
    command.add_argument(
        "--engine", choices=("pypdfium2", "pdfplumber"), default="pypdfium2",
        help="motore di estrazione per i PDF (pdfplumber: più lento, per impaginazioni difficili)",
    )  # fmt: skip
    command.add_argument(
        "--max-pages", type=int, default=Limits().max_pages, help="numero massimo di pagine"
    )


def _audit_options(audit: argparse.ArgumentParser) -> None:
    audit.add_argument("--name", help="nome dell'ente (sostituisce quello letto nel testo)")
    audit.add_argument(
        "--authority-type", choices=("comune", "provincia", "citta_metropolitana", "unione"),
        help="tipo di ente",
    )  # fmt: skip
    audit.add_argument("--population", type=int, help="popolazione dell'ente")
    audit.add_argument(
        "--date", type=date.fromisoformat, default=None,
        help="data di riferimento AAAA-MM-GG (predefinita: oggi): le norme non ancora in vigore "
        "a quella data risultano non applicabili",
    )  # fmt: skip
    audit.add_argument(
        "--fail-on", type=lambda text: [v.strip() for v in text.split(",")], default=[],
        help=f"esce con codice 3 se una regola ha uno di questi esiti ({', '.join(VERDICTS)})",
    )  # fmt: skip
    _rules_option(audit)


def _rules_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--rules", type=Path, help="cartella di un catalogo di regole proprio")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point, returning the exit code.

    0 done, 1 usage or catalogue error, 2 unreadable input, 3 a verdict named by `--fail-on`.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="statuti-check: %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # output piped into `head` and the like
        return EXIT_OK
    except InputError as exc:
        log.error(exc.log_message)
        print(f"Errore: {exc.user_message}", file=sys.stderr)
        return EXIT_INPUT
    except CatalogueError as exc:
        print(f"Errore nel catalogo delle regole:\n{exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

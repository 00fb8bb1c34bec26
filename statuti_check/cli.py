"""The `statuti-check` command line. Library errors become Italian messages and exit codes here."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from statuti_check.errors import InputError
from statuti_check.parse import ParsedStatute, parse_file, structure_json
from statuti_check.settings import Limits
from statuti_check.structure import Article, Division, Span

log = logging.getLogger("statuti_check")

EXIT_OK, EXIT_USAGE, EXIT_INPUT = 0, 1, 2


def _italian_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "non indicata"


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _pages(node: Span) -> str:
    if node.page_start is None:
        return ""
    same = node.page_end in (None, node.page_start)
    return f", p. {node.page_start}" + ("" if same else f"-{node.page_end}")


def _outline_line(node: Division | Article) -> tuple[int, str]:
    """Indentation and text of one outline row."""
    if isinstance(node, Division):
        heading = f" — {node.heading}" if node.heading else ""
        return _INDENT[node.kind], f"{node.kind.upper()} {node.number}{heading}"
    count = len(node.commi)
    commi = f"{count} comm{'a' if count == 1 else 'i'}"
    title = f"Art. {node.number}".ljust(12) + (node.heading or "(senza rubrica)")
    return -1, f"{title}  [{commi}{_pages(node)}]"


_INDENT = {"titolo": 0, "capo": 2, "sezione": 4}


def outline(parsed: ParsedStatute) -> str:
    """A scannable outline: authority, acts, then titoli, capi and articles with commi and pages."""
    authority, statute, source = parsed.authority, parsed.statute, parsed.document.source
    front = statute.front_matter
    where = ", ".join(part for part in (authority.province, authority.region) if part)
    lines = [f"{authority.name or 'Ente non riconosciuto'}" + (f" ({where})" if where else "")]
    if authority.population is not None:
        population = _thousands(authority.population)
        lines.append(f"Popolazione: {population} abitanti ({authority.population_source})")
    if authority.candidates:
        lines.append("Nome ambiguo, possibili enti: " + ", ".join(authority.candidates))
    lines += [
        f"File: {Path(source.path).name} · {source.format.upper()} · {source.pages} pag. "
        f"· sha256 {source.sha256[:12]}…",
        f"Adottato: {_italian_date(front.adopted)} · "
        f"Ultima modifica: {_italian_date(front.last_amended)}",
        f"Articoli: {len(statute.articles)}",
        "",
    ]
    nodes: list[Division | Article] = [*statute.divisions, *statute.articles]
    depth = 0
    for node in sorted(nodes, key=lambda node: node.start):
        indent, text = _outline_line(node)
        if indent >= 0:
            depth = indent + 2
        lines.append(" " * (indent if indent >= 0 else depth) + text)
    warnings = source.warnings + statute.warnings
    if warnings:
        lines += ["", "Avvisi:"] + [f"- {warning}" for warning in warnings]
    return "\n".join(lines)


def _cmd_parse(args: argparse.Namespace) -> int:
    limits = Limits(max_pages=args.max_pages)
    parsed = parse_file(args.file, engine=args.engine, limits=limits)
    if args.format == "json":
        json.dump(structure_json(parsed), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
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
    parse.add_argument("file", type=Path, help="il file dello statuto")
    parse.add_argument(
        "--format", choices=("text", "json"), default="text", help="formato di uscita"
    )
    parse.add_argument(
        "--engine", choices=("pypdfium2", "pdfplumber"), default="pypdfium2",
        help="motore di estrazione per i PDF (pdfplumber: più lento, per impaginazioni difficili)",
    )  # fmt: skip
    parse.add_argument(
        "--max-pages", type=int, default=Limits().max_pages, help="numero massimo di pagine"
    )
    parse.set_defaults(handler=_cmd_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 done, 1 usage error, 2 unreadable input)."""
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


if __name__ == "__main__":
    sys.exit(main())

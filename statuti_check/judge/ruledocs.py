"""Rule documentation generated from the catalogue (docs/rules/), so docs never drift from rules."""

from __future__ import annotations

from pathlib import Path

from statuti_check.contract import TYPE_PLURALS
from statuti_check.judge.catalogue import Catalogue, Rule
from statuti_check.numbers import thousands


def rule_page(rule: Rule) -> str:
    """One rule as Markdown: what, why, to whom, how it is recognised, what to propose."""
    applies = rule.applies_to
    scope = ", ".join(TYPE_PLURALS[t] for t in applies.types)
    if applies.min_population:
        population = thousands(applies.min_population)
        scope += f", con più di {population} abitanti"
    if applies.in_force_from:
        scope += f"; in vigore dal {applies.in_force_from.strftime('%d/%m/%Y')}"
    lines = [
        f"# `{rule.id}` — {rule.title}",
        "",
        f"**Tipo:** {rule.kind} · **Gravità:** {rule.severity} · **Si applica a:** {scope}",
        "",
        rule.explanation,
        "",
        "## Base normativa",
        "",
        *(f"- [{b.citation}]({b.url})" if b.url else f"- {b.citation}" for b in rule.legal_basis),
        "",
        "## Come viene riconosciuta",
        "",
        f"Unità di analisi: {rule.unit}.",
        "",
    ]
    for heading, components in (
        ("Argomento (tutti)", rule.anchors),
        ("Elementi richiesti per «conforme» (tutti)", rule.requires),
        ("Elementi che danno «parziale»", rule.partial),
        ("Formulazioni che restringono la norma", rule.limits),
    ):
        for component in components:
            patterns = ", ".join(f"`{p}`" for p in component.patterns)
            lines.append(f"- {heading}: *{component.label}* — {patterns}")
    lines.append(
        "- Formule che rendono la norma vincolante (da `rules/_constructions.yaml`): "
        + ", ".join(f"`{name}`" for name in rule.binding)
        + (
            ""
            if rule.needs_construction
            else "; basta anche la sola presenza degli elementi richiesti"
        )
    )
    if rule.quantity:
        minimum = f"{rule.quantity.minimum * 100:.1f}".rstrip("0").rstrip(".")
        lines.append(f"- Quantità: {rule.quantity.label}, almeno {minimum}%")
    if rule.exclude:
        lines.append("- Contesti esclusi: " + ", ".join(f"`{p}`" for p in rule.exclude))
    lines += [
        "",
        "## Proposta di modifica",
        "",
        f"> {rule.proposal_for('comune')}",
        "",
        "## Esempi",
        "",
    ]
    lines += [f"- *{e.verdict}*: «{e.text}»" for e in rule.examples]
    return "\n".join(lines) + "\n"


def index_page(catalogue: Catalogue) -> str:
    """The table of all rules."""
    rows = [
        f"| [`{r.id}`]({r.id}.md) | {r.title} | {r.kind} | {r.severity} |" for r in catalogue.rules
    ]
    return (
        "\n".join(
            [
                "# Catalogo delle regole",
                "",
                f"Generato da `rules/` (catalogo {catalogue.version}) "
                "con `statuti-check rules docs`.",
                "",
                "| regola | titolo | tipo | gravità |",
                "|---|---|---|---|",
                *rows,
            ]
        )
        + "\n"
    )


def render_docs(catalogue: Catalogue) -> dict[str, str]:
    """File name → Markdown content for docs/rules/."""
    pages = {f"{rule.id}.md": rule_page(rule) for rule in catalogue.rules}
    pages["README.md"] = index_page(catalogue)
    return pages


def write_docs(catalogue: Catalogue, directory: Path) -> list[Path]:
    """Write the pages, removing pages of rules that no longer exist."""
    directory.mkdir(parents=True, exist_ok=True)
    pages = render_docs(catalogue)
    for stale in set(p.name for p in directory.glob("*.md")) - set(pages):
        (directory / stale).unlink()
    written = []
    for name, content in pages.items():
        (directory / name).write_text(content, encoding="utf-8")
        written.append(directory / name)
    return written

"""statuti-check web app (Streamlit). Only presentation lives here: all logic is in the package."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import streamlit as st

from statuti_check.errors import InputError
from statuti_check.extract import SUPPORTED_SUFFIXES
from statuti_check.parse import ParsedStatute, parse_file

log = logging.getLogger("statuti_check.app")

st.set_page_config(page_title="statuti-check", page_icon="⚖️", layout="wide")


def read_upload(name: str, data: bytes) -> ParsedStatute:
    """Parse uploaded bytes; the user's file name only lends its extension to the temporary file."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"statuto{suffix if suffix in SUPPORTED_SUFFIXES else ''}"
        path.write_bytes(data)
        return parse_file(path)


def show(parsed: ParsedStatute) -> None:
    """Authority, dates, warnings and the articles with their commi."""
    authority, statute = parsed.authority, parsed.statute
    front = statute.front_matter
    st.subheader(authority.name or "Ente non riconosciuto")
    columns = st.columns(4)
    columns[0].metric("Tipo di ente", (authority.type or "—").replace("_", " "))
    population = f"{authority.population:,}".replace(",", ".") if authority.population else "—"
    columns[1].metric("Popolazione", population, help=authority.population_source)
    columns[2].metric("Articoli", len(statute.articles))
    columns[3].metric("Pagine", parsed.document.source.pages)
    adopted = front.adopted.strftime("%d/%m/%Y") if front.adopted else "non indicata"
    amended = front.last_amended.strftime("%d/%m/%Y") if front.last_amended else "non indicata"
    st.write(f"**Adozione:** {adopted} · **Ultima modifica:** {amended}")
    for warning in parsed.document.source.warnings + statute.warnings:
        st.warning(warning)
    for article in statute.articles:
        label = f"Art. {article.number} — {article.heading or '(senza rubrica)'}"
        if article.page_start:
            label += f" · p. {article.page_start}"
        with st.expander(label):
            for comma in article.commi:
                prefix = f"**{comma.number}.** " if comma.number else ""
                st.markdown(prefix + comma.text.replace("\n", "  \n"))


st.title("statuti-check")
st.caption(
    "Verifica delle norme antidiscriminatorie e di pari opportunità negli statuti "
    "degli enti locali. Caricare uno statuto (PDF, DOCX, ODT, HTML o TXT) per vederne la struttura."
)
upload = st.file_uploader("Statuto", type=[suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES])
if upload is not None:
    try:
        show(read_upload(upload.name, upload.getvalue()))
    except InputError as exc:
        log.error(exc.log_message)
        st.error(exc.user_message)
    except Exception:
        log.exception("unexpected failure on upload %r", upload.name)
        st.error(
            "Si è verificato un errore imprevisto nella lettura del file. "
            "Il problema è stato registrato."
        )

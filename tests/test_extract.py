import io
import zipfile

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from statuti_check.errors import InputError
from statuti_check.read.extract import extract
from statuti_check.read.extract.txt import decode
from statuti_check.read.parse import parse_file
from statuti_check.settings import Limits
from tests.conftest import blank_pdf, make_pdf

STATUTE_LINES = ["COMUNE DI BASTIGLIA", "Art. 1 - Sede", "1. Il Comune ha sede in Bastiglia."]


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_pdf_text_and_source_info(write, engine):
    path = write("statuto.pdf", make_pdf([STATUTE_LINES, ["Art. 2 - Stemma", "1. Lo stemma."]]))
    document = extract(path, engine=engine)
    assert document.source.format == "pdf" and document.source.pages == 2
    assert document.source.engine == engine and document.source.has_text_layer
    assert document.pages[0].text.split("\n") == STATUTE_LINES
    assert document.page_at(document.text.index("Stemma")) == 2


def test_image_only_pages_are_reported(write):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    image = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(image, "PNG")
    pdf.drawImage(ImageReader(io.BytesIO(image.getvalue())), 0, 0, 100, 100)
    pdf.showPage()
    pdf.save()
    document = extract(write("scan.pdf", buffer.getvalue()), ocr="never")
    assert not document.source.has_text_layer and document.source.unread_pages == [1]
    assert "1 pagina senza testo (probabilmente una scansione) non è stata letta: 1." in (
        document.source.warnings
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vuoto.pdf", b"", "Il file è vuoto."),
        ("finto.pdf", "Questo è un testo, non un PDF.", "non è un PDF valido"),
        ("finto.docx", make_pdf([["testo"]]), "non è un documento DOCX valido"),
        ("rotto.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20, "danneggiato"),
        ("vecchio.doc", b"\xd0\xcf\x11\xe0", "Salvarlo come DOCX o PDF"),
        ("zero.pdf", blank_pdf(0), "non contiene pagine"),
        ("binario.txt", bytes(range(1, 32)) * 50, "non contiene testo leggibile"),
    ],
)
def test_bad_input_raises_one_error_type_with_italian_message(write, name, content, message):
    with pytest.raises(InputError) as caught:
        extract(write(name, content))
    assert message in caught.value.user_message
    assert name in caught.value.log_message  # the log line names the file


def test_truncated_pdf_is_an_input_error(write):
    complete = make_pdf([STATUTE_LINES] * 3)
    with pytest.raises(InputError) as caught:
        extract(write("troncato.pdf", complete[: len(complete) // 3]))
    assert "danneggiato" in caught.value.user_message


def test_encrypted_pdf_with_a_password_is_refused(write):
    path = write("protetto.pdf", make_pdf([STATUTE_LINES], encrypt=StandardEncryption("segreta")))
    with pytest.raises(InputError) as caught:
        extract(path)
    assert "password" in caught.value.user_message


def test_encrypted_pdf_with_empty_user_password_is_read(write):
    encryption = StandardEncryption("", ownerPassword="proprietario", canPrint=0)
    document = extract(write("limitato.pdf", make_pdf([STATUTE_LINES], encrypt=encryption)))
    assert document.pages[0].text.split("\n") == STATUTE_LINES


def test_page_limit_is_checked_before_reading(write):
    path = write("enorme.pdf", blank_pdf(5000))
    with pytest.raises(InputError) as caught:
        extract(path)
    assert "5.000 pagine" in caught.value.user_message
    assert extract(path, limits=Limits(max_pages=6000)).source.pages == 5000


def test_size_limit(write):
    path = write("grande.txt", "Art. 1\n" * 1000)
    with pytest.raises(InputError, match="max_file_bytes"):
        extract(path, limits=Limits(max_file_bytes=1000))


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("cp1252", "cp1252"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")],
)
def test_text_encodings(encoding, expected):
    text = "Il Comune è ente autonomo; la città promuove la libertà."
    decoded, used = decode(text.encode(encoding))
    assert decoded == text and used == expected


def test_utf16_without_bom_is_detected():
    decoded, used = decode("Lo Statuto è la norma fondamentale.".encode("utf-16-le"))
    assert decoded.startswith("Lo Statuto è") and used == "utf-16-le"


def test_txt_form_feeds_make_pages(write):
    document = extract(write("statuto.txt", "Art. 1\n1. Primo.\fArt. 2\n1. Secondo."))
    assert document.source.paginated and [p.number for p in document.pages] == [1, 2]


def test_html_visible_text_only(write):
    page = (
        "<html><head><title>x</title><script>var a = 'Art. 99';</script></head><body>"
        "<nav>Menu</nav><h2>TITOLO I</h2><p><b>Art. 1 - Sede</b></p>"
        "<p>1. Il Comune ha sede<br>in piazza.</p></body></html>"
    )
    document = extract(write("statuto.html", page))
    lines = [line for line in document.text.split("\n") if line]
    assert lines == ["TITOLO I", "Art. 1 - Sede", "1. Il Comune ha sede", "in piazza."]


def test_odt_paragraphs_and_spaces(write):
    ns = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = (
        f'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" {ns}>'
        "<office:body><office:text><text:h>Art. 1 - Sede</text:h>"
        '<text:p>1. Il Comune<text:s text:c="2"/>ha <text:span>sede</text:span>.</text:p>'
        "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    document = extract(write("statuto.odt", buffer.getvalue()))
    assert document.text == "Art. 1 - Sede\n\n1. Il Comune ha sede."


def test_docx_body_without_word_headers(write):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Intestazione ripetuta"
    document.add_paragraph("Art. 1 - Sede")
    document.add_paragraph("1. Il Comune ha sede.")
    buffer = io.BytesIO()
    document.save(buffer)
    extracted = extract(write("statuto.docx", buffer.getvalue()))
    assert extracted.text == "Art. 1 - Sede\n\n1. Il Comune ha sede."
    assert extracted.source.format == "docx" and not extracted.source.paginated


def odt_bytes(body: str) -> bytes:
    ns = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = (
        f'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" {ns}>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_docx_pages_follow_words_breaks_and_no_line_is_stripped_as_running(write):
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement

    document = docx.Document()
    for number in (1, 2, 3):  # the same opening line on every page: content, not a header
        opening = document.add_paragraph("Comune di Fanano")
        if number == 2:
            opening.paragraph_format.page_break_before = True
        if number == 3:  # where Word last laid out a page, before the paragraph's text
            opening.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
        document.add_paragraph(f"Art. {number} - Articolo {number}")
        long = document.add_paragraph(f"1. Il comma dell'articolo {number}")
        if number == 1:
            long.runs[0].add_break(WD_BREAK.PAGE)  # typed by the author after the text
        if number == 3:  # Word broke the page inside this paragraph: it starts on page 3
            long.runs[0]._r.append(OxmlElement("w:lastRenderedPageBreak"))
            long.add_run(" che continua sulla pagina seguente.")
    document.add_paragraph("Art. 4 - Ultimo")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_file(write("statuto.docx", buffer.getvalue()))
    assert parsed.document.source.paginated and parsed.document.source.pages == 4
    assert parsed.document.text.count("Comune di Fanano") == 3
    assert [(a.number, a.page_start) for a in parsed.statute.articles] == [
        ("1", 1), ("2", 2), ("3", 3), ("4", 4),
    ]  # fmt: skip


def test_odt_pages_follow_libreoffices_soft_page_breaks(write):
    body = (
        "<text:p>Art. 1 - Sede</text:p><text:p>1. Il Comune ha sede.</text:p>"
        "<text:soft-page-break/>"
        "<text:p>Art. 2 - Organi</text:p>"
        "<text:p>1. Sono organi il Consiglio,<text:soft-page-break/> la Giunta e il Sindaco.</text:p>"
        "<text:p><text:soft-page-break/>Art. 3 - Giunta</text:p><text:p>1. La Giunta.</text:p>"
        "<text:p>Art. 4 - Consiglio</text:p>"
    )
    parsed = parse_file(write("statuto.odt", odt_bytes(body)))
    assert parsed.document.source.pages == 4
    assert [(a.number, a.page_start) for a in parsed.statute.articles] == [
        ("1", 1), ("2", 2), ("3", 4), ("4", 4),
    ]  # fmt: skip

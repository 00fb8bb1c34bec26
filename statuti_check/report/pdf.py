"""The gap report as PDF: the HTML report through WeasyPrint (needs Debian's pango).

WeasyPrint would fetch whatever an `<img>`, a stylesheet or a font in the HTML points to, local
files and network addresses alike. The report's HTML escapes every text it holds, so no address
should ever come from a statute; should one slip through all the same, the fetcher here refuses
everything but the package's own template files.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from statuti_check.contract import Report
from statuti_check.report.html import TEMPLATES, render_html

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

log = logging.getLogger(__name__)


def template_asset(url: str) -> Path | None:
    """The package template file a `file:` URL names, or None for any other address."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    return path if path.is_relative_to(TEMPLATES.resolve()) and path.is_file() else None


def fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves the template assets and refuses the rest.

    Built on call: WeasyPrint is imported only when a PDF is made (it is slow to load).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class TemplateAssetsOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = template_asset(url)
            if path is None:
                log.warning("PDF report: refused to fetch %.200r", url)
                raise ValueError(f"not a template asset: {url[:200]}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return TemplateAssetsOnly(allow_redirects=False)


def pdf_from_html(html: str) -> bytes:
    """PDF bytes of an HTML page, laid out by its print stylesheet, fetching nothing outside."""
    from weasyprint import HTML

    # The stylesheet also serves browsers (scrolling tables): WeasyPrint's notes on properties
    # it ignores are not for the reader of a report.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher())
    return document.write_pdf()  # type: ignore[no-any-return]


def render_pdf(report: Report) -> bytes:
    """PDF bytes of the HTML report."""
    return pdf_from_html(render_html(report))

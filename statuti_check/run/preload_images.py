"""Imported once by the app's fork server, before statuti_check.run.preload.

The libraries that draw a page image (statuti_check.read.highlight, run in a worker by the app):
loaded in the server, they save each page some half a second. A bulk run's server leaves them
out, a tenth of a second off its start.
"""

import pdfplumber  # noqa: F401
from PIL import ImageDraw  # noqa: F401

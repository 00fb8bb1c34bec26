"""Reading: a statute file becomes a structured statute.

Enters: a file (PDF, DOCX, ODT, HTML, TXT) and the reading limits (settings.Limits).
Leaves: a `ParsedStatute` (read/model.py): the cleaned pages and their source, the articles,
commi and divisions with offsets into the text, the front matter, and the authority the
statute belongs to (ISTAT list). Nothing here knows the rules.

- extract/: one reader per format, OCR, cleaning of running headers and hyphenation;
- structure.py, frontmatter.py, nonbody.py: articles and commi, acts and authority names,
  indexes and annexes;
- authority.py: the authority and its population; parse.py: the one call that does it all;
- highlight.py: the page image of a clause, for the app.
"""

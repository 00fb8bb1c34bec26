"""Judging: a parsed statute against the rule catalogue.

Enters: a `ParsedStatute` (read/model.py) and a `Catalogue` (catalogue.py, loaded from the YAML
files in statuti_check/rules/). Leaves: a `Report` (contract.py), one `Finding` per rule.

- catalogue.py, patterns.py, constructions.py: the rules and their wording, as data;
- tokens.py, nlp.py, matching.py: units (commi, articles), their tokens and lemmas, and the
  rule words they contain;
- sentences.py, quantities.py: sentences, clauses, governing forms; shares in a text;
- facts.py: a unit read into structured facts (what governs the required words, provisos,
  negations …), one module per question: topic.py (which words are the topic's), whose.py
  (whose the required words are), limits.py, shares.py, escapes.py; levels.py: the level the
  facts reach; spans.py: helpers they share;
- assessment.py: from facts to a verdict and its Italian reason; audit.py: the whole report;
- references.py: citations of superseded acts; ruledocs.py: the rules as Markdown pages.
"""

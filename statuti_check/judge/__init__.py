"""Judging: a parsed statute against the rule catalogue.

Enters: a `ParsedStatute` (read/model.py) and a `Catalogue` (catalogue.py, loaded from the YAML
files in statuti_check/rules/). Leaves: a `Report` (contract.py), one `Finding` per rule.

- catalogue.py, patterns.py, constructions.py: the rules and their wording, as data;
- tokens.py, nlp.py, matching.py: units (commi, articles), their tokens and lemmas, and the
  rule words they contain;
- sentences.py, quantities.py, facts.py: the structured facts of a clause (what governs the
  required words, provisos, negations, shares);
- assessment.py: from facts to a verdict and its Italian reason; audit.py: the whole report;
- references.py: citations of superseded acts; ruledocs.py: the rules as Markdown pages.
"""

"""The council act: from a gap report to a draft resolution that amends the statute.

Enters: a `Report` and its `ParsedStatute`. Leaves: a `Draft` (act/draft.py), each amendment
checked by auditing the amended statute again; report/delibera.py writes it as DOCX, reading
only act/draft.py.

- draft.py: the draft's model; amendments.py: placing each rule's proposal and the self-check;
- procedure.py: who adopts the amendment and how, per type of authority (data/procedure.yaml).
"""

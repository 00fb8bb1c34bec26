"""Imported once by the fork server of bulk and app workers (statuti_check.bulk.run_tasks).

Workers are forked from that server, so they are born with spaCy loaded and the default
catalogue compiled: a replaced worker, or the app's worker for each upload, starts at once.
"""

from statuti_check.bulk import warm_up

warm_up()

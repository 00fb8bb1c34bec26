"""Running many files: worker processes under limits, the results store, the bulk driver.

What enters: statute files (a folder, a list, or one upload from the app) and the options every
worker judges them with (`run.bulk.BulkOptions`: rules, reader, limits, date, report formats,
authority data). What leaves: one outcome per file (a report, or a failure with its Italian
reason) recorded in the SQLite store (`run.store`), the report files of the formats asked, and
the corpus summary of the run.

- `workers`: the one worker pool (forked from a server that has the rules compiled),
  used by bulk audits and the app alike; a stuck or dead worker is killed and replaced.
- `forkserver`: the server workers are forked from; `preload`: what it loads first.
- `bulk`: the bulk driver (tasks, cache keys, resume, summary files); `readahead`: the next
  files read while the workers' server loads, their structures handed to the workers.
- `discover`: which files the inputs hold, and the names of their reports.
- `guard`: memory and time limits for work done in this very process.
- `store`: the SQLite store; `console`: the terminal's progress and summary.
- `uploads`: the app's service (an upload through the pool, corrections, downloads).
"""

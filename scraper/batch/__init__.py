"""Batch refresh: thousands of trials per run through the search endpoint, incremental and resumable.

One module a job: `selection` reads what a run covers (an ids file, a `--query`), `refresh` fetches pages and
settles each trial (`BatchRefresh`), `job` is what a parse worker runs on one body, `summary` holds the run's
results, `progress` shows them as the run goes. The pool the jobs run in is `scraper.pool`; cutting a search
page into studies is parsing, so it lives in `parser.ctgov_search`.
"""

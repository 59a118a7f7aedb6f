"""`python -m scraper.cli`: the `trialwatch` command, as the tests and benches start it in a process of its own."""

from scraper.cli import main

main()

"""`make bench`: how fast the app's pages, check recording, dashboards and PDF reports are,
each against a floor on the same machine (see docs/performance.md)."""

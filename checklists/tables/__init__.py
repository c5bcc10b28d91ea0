"""The tables and charts that both a screen and a printed report show, built from the
measures and the records only: no HTTP, no URL built here.

A table's links come from its caller: a screen hands in functions that build them
(checklists.links), a report hands in nothing and its cells link nowhere. Charts are
geometry as numbers; the page's template writes the SVG, the PDF draws the same numbers.

- cells.py: Cell and Table, the number formats, the measure columns, the link types
- ward.py: a ward's (or the hospital's) tables: by kind, by ward, items, trends, dwell
- sign_offs.py: month sign-offs and the corrections made after them
- checks.py: the due checks behind a figure, as table rows
- braden.py: the Braden scores of pressure-injury checks
- sepsis.py: what the signs of infection led to (flags, screens, escalations)
- charts.py: the run chart's geometry
"""

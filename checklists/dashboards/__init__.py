"""The dashboard screens: the hospital overview, one ward's dashboard and the list of
checks behind a figure. They put the tables (checklists.tables) on a page with the
reader's links (checklists.links); a printed report uses the same tables without them."""

"""PDF audit reports: what is asked for (spec.py), the report as plain data built from the
measures and the tables (build.py, records.py, document.py), and its layout on paper
(pdf.py, pdf_table.py, pdf_chart.py, fonts.py). The layout decides no figure, and
nothing here builds a URL: paper has no links."""

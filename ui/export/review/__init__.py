"""The review pack's parts: blocks of text and pages, the org chart pages, the findings and before / after pages
(ui/export/report.py puts them together)."""

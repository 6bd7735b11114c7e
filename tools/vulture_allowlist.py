"""Names vulture (the dead-code check CI runs) cannot see used; each says who uses it.

Not imported by anything: vulture reads it beside src/ (``[tool.vulture]`` in pyproject.toml).
"""
# ruff: noqa
# mypy: ignore-errors

_ = object()

# Properties set on openpyxl and python-docx objects: the library reads them when it saves.
_._blob
_.alignment
_.autofit
_.border
_.bottom_margin
_.creator
_.fill
_.first_line_indent
_.fitToHeight
_.fitToWidth
_.footer_distance
_.formatColumns
_.formatRows
_.freeze_panes
_.header_distance
_.horizontalCentered
_.hyperlink
_.keep_together
_.keep_with_next
_.left_indent
_.left_margin
_.line_spacing
_.line_spacing_rule
_.odd_and_even_pages_header_footer
_.orientation
_.pageSetUpPr
_.page_break_before
_.page_height
_.page_margins
_.page_width
_.paperSize
_.print_title_cols
_.print_title_rows
_.rgb
_.security
_.right_indent
_.right_margin
_.space_after
_.space_before
_.top_margin
_.underline
_.widow_control

# html.parser.HTMLParser calls these (drafting/sources.py reads .html documents).
_.handle_data
_.handle_endtag
_.handle_starttag

# A keyword PyYAML's Dumper passes (drafting/writing.py overrides increase_indent).
indentless

# An enum member chosen by name on the command line (validate --format github).
github

# Used by the tests as readable checks of a draft, a ledger and who owes what.
_.validates
_.suggested_aliases
load_checked_progress
_.asked_on
_.of_unit

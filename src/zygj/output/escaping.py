"""Output guards for files that other programs open: spreadsheets and web pages."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Neutralise formula injection in one cell of user text (OWASP CSV injection).

    Text starting with = + - @, tab or CR would run as a formula in Excel or WPS;
    a leading apostrophe makes it literal text. Numbers stay numbers, so a
    negative figure is still a number, and so is text that *is* just a number.
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    if value[0] in "+-" and _is_number(value):
        return value
    return "'" + value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def html_text(value: object) -> str:
    """Escape user text for HTML element content and attribute values."""
    import html  # here: a terminal query never loads the HTML tables

    return html.escape("" if value is None else str(value), quote=True)


def markdown_text(value: object) -> str:
    """Plan text made inert in Markdown: ``<`` and ``>`` as entities.

    A Markdown viewer passes raw HTML through; a measure or a unit name holding
    ``<img onerror=…>`` or ``<script>`` would run in it. Everything else is
    shown as written (Chinese text needs no other escaping).
    """
    return ("" if value is None else str(value)).replace("<", "&lt;").replace(">", "&gt;")

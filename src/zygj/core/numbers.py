"""Numbers as text: for people (six significant digits) and for data (every digit), never 1e+06."""

from __future__ import annotations


def number_text(value: float | None) -> str:
    """A figure as a person reads it: 12, 0.5, 3200000 — never 3.2e+06."""
    if value is None:
        return ""
    short = f"{value:.6g}"
    if "e" not in short:
        return short
    return f"{value:f}".rstrip("0").rstrip(".")


def exact_number_text(value: float | int) -> str:
    """A number typed into a spreadsheet cell, as text, digit for digit: 1.1, 3, 12345.678."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    from decimal import Decimal  # only for a cell with a fraction (a form rarely has one)

    return format(Decimal(repr(value)), "f")

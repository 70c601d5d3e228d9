"""outcome-workbook: a terminal workbook for outcome negotiation."""

__version__ = "0.1.0"

"""TOML file <-> model: fast reads, style-preserving minimal writes, atomic saves."""

from .workbook_file import Loaded, WorkbookFile, parse, read_bytes, render_new

__all__ = ["Loaded", "WorkbookFile", "parse", "read_bytes", "render_new"]

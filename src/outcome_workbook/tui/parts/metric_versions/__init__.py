"""The metric versions part: a metric's versions, oldest first, with their edits."""

from .text import NOT_COMMITTED, origin_text, values_text, version_text
from .timeline import VersionTimeline

__all__ = ["NOT_COMMITTED", "VersionTimeline", "origin_text", "values_text", "version_text"]

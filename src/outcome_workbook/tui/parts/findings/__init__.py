"""The findings part: one way to draw a finding, the workbench's pane of them and the
session's coaching strip."""

from .pane import FindingsPane
from .strip import CoachingStrip
from .text import finding_text

__all__ = ["CoachingStrip", "FindingsPane", "finding_text"]

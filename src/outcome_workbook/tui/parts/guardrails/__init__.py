"""The guardrails part: an outcome's counter-metrics listed, and attached from one row."""

from .entry import GuardrailEntry
from .listing import GuardrailList

__all__ = ["GuardrailEntry", "GuardrailList"]

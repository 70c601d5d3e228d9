"""The experiments part: the ranked table and the quick entry of a scored experiment."""

from .entry import ExperimentEntry
from .table import SORTS, ExperimentTable

__all__ = ["SORTS", "ExperimentEntry", "ExperimentTable"]

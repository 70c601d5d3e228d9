"""Entity ids: short slugs that stay stable for the life of a workbook."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from .errors import WorkbookError

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MAX_SLUG_WORDS = 6


def is_valid_id(value: str) -> bool:
    return bool(ID_PATTERN.fullmatch(value))


def check_id(value: str) -> str:
    if not is_valid_id(value):
        raise WorkbookError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens "
            "(for example 'qualified-applicants'), at most 64 characters"
        )
    return value


def slugify(title: str) -> str:
    """Turn a title into a readable id: 'More hires, faster!' -> 'more-hires-faster'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())[:MAX_SLUG_WORDS]
    slug = "-".join(words)[:48].strip("-")
    return slug or "item"


def unique_id(title: str, taken: Container[str]) -> str:
    """A slug for `title` that no entity uses now or ever used (retired ids count as taken)."""
    base = slugify(title)
    candidate = base
    n = 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate

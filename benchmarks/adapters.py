"""Find and call a capability's own measurement function, whatever its exact shape.

Each capability (checks, graph, diff, workbench) keeps its measurement next to
its code in `benchmarks/NAME_speed.py`. This module finds the function there by
name and fills its parameters from what the suite has (path, n, repeats,
loaded workbook), so the suite picks a capability up as soon as it exists.
"""

from __future__ import annotations

import importlib
import inspect
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any


class Unavailable(Exception):
    """The capability is not there yet (or has no entry point the suite recognises)."""


def optional_module(name: str) -> ModuleType | None:
    """Import `name`, or None when it (not one of its own imports) does not exist."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and (name == error.name or name.startswith(error.name + ".")):
            return None
        raise


@dataclass
class Inputs:
    """What a measurement function may ask for, by parameter name."""

    path: Path
    n: int
    repeats: int
    extra: dict[str, Any] = field(default_factory=dict)

    def value_for(self, name: str) -> Any:
        if name in self.extra:
            return self.extra[name]
        if name in ("path", "file", "workbook_path", "filename", "source"):
            return self.path
        if name in ("n", "size", "outcomes"):
            return self.n
        if name in ("repeats", "repeat", "number", "times", "runs"):
            return self.repeats
        raise KeyError(name)


def find_function(module: ModuleType, names: Iterable[str]) -> Callable[..., Any] | None:
    for name in names:
        candidate = getattr(module, name, None)
        if callable(candidate):
            return candidate  # type: ignore[no-any-return]
    return None


def call_with(function: Callable[..., Any], inputs: Inputs) -> Any:
    """Call `function`, filling required parameters by name (and optional ones we know)."""
    kwargs: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        try:
            kwargs[name] = inputs.value_for(name)
        except KeyError:
            if parameter.default is parameter.empty:
                raise Unavailable(
                    f"{function.__module__}.{function.__name__} needs {name!r}, "
                    "which the suite does not know how to give"
                ) from None
    return function(**kwargs)


def seconds(value: Any, key: str, aliases: tuple[str, ...] = ()) -> float | None:
    """A figure in seconds from whatever a measurement returned (`aliases`: other key names)."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        bare = key.removesuffix("_s")
        for candidate in (key, *aliases, bare, f"{bare}_seconds"):
            if candidate in value:
                return seconds(value[candidate], key)
        raise Unavailable(f"the result has no {key!r} (keys: {', '.join(map(str, value))})")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list | tuple) and value and all(isinstance(v, int | float) for v in value):
        return float(statistics.median(value))
    for attribute in ("median", "seconds", key):
        if hasattr(value, attribute):
            return seconds(getattr(value, attribute), key)
    raise Unavailable(f"cannot read seconds from a {type(value).__name__}")

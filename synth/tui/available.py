"""Find the core functions the screens call, and say plainly when one has not landed.

The core is built piece by piece; a screen whose core function is missing
shows a "not available yet" notice instead of faking a result.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: (module, name) -> a stand-in, for tests that drive a screen without the real engine behind it.
OVERRIDES: dict[tuple[str, str], Callable[..., Any]] = {}


class NotAvailable(Exception):
    """A core function this action needs is not part of this build."""


def core(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, or :class:`NotAvailable` naming what is missing."""
    if (module, name) in OVERRIDES:
        return OVERRIDES[(module, name)]
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise NotAvailable(f"{module}.{name} is not available yet in this build") from None
        raise
    fn = getattr(mod, name, None)
    if fn is None:
        raise NotAvailable(f"{module}.{name} is not available yet in this build")
    return fn


def has(module: str, name: str) -> bool:
    try:
        core(module, name)
    except (NotAvailable, ImportError):
        return False
    return True

"""Old names that keep working for one release, with a ``DeprecationWarning``.

The public surface has one name per concept (docs/architectuur.md, "Woorden"): ``niveau``
(not ``level``), ``modus`` (not ``mode``), ``signalen`` (not ``flags``). Code written
against version 0.1 keeps running until :data:`REMOVED_IN`, and says what to change.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

REMOVED_IN = "0.3.0"
"""The release in which the old names stop working."""

F = TypeVar("F", bound=Callable[..., Any])


def renamed_keywords(**renames: str) -> Callable[[F], F]:
    """Let a function accept its old keyword names: ``@renamed_keywords(level="niveau")``.

    A call with an old name warns (``DeprecationWarning``, pointing at the caller) and is
    passed on under the new name; a call with both names raises ``TypeError``.
    """

    def decorate(func: F) -> F:
        # a class is called by its own name, not as __init__
        name = (
            func.__qualname__.removesuffix(".__init__")
            if func.__name__ == "__init__"
            else func.__name__
        )

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(
                        f"{name}() kreeg zowel {old}= als {new}=; gebruik alleen {new}="
                    )
                warnings.warn(
                    f"{name}({old}=...) heet nu {new}=...; {old}= verdwijnt in versie {REMOVED_IN}",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def renamed_function(func: F, old_name: str) -> F:
    """``func`` under its old name ``old_name``: warns, then calls ``func``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(
            f"{old_name}() heet nu {func.__name__}(); {old_name} verdwijnt in versie {REMOVED_IN}",
            DeprecationWarning,
            stacklevel=2,
        )
        return func(*args, **kwargs)

    wrapper.__name__ = old_name
    wrapper.__qualname__ = old_name
    return cast(F, wrapper)

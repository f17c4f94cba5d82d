"""The old names of the gaps functions, for one release (``sociale_basis.core.compat``).

``flag_gaps`` is now :func:`~sociale_basis.gaps.find_signalen` (a "flag" is a *signaal*)
and ``scenario`` is :func:`~sociale_basis.gaps.run_scenario` (the module
``sociale_basis.gaps.scenario`` keeps its name). Both also took ``cache=``: measurements
are no longer kept behind the caller's back, so the old alias accepts ``cache=`` with a
warning and ignores it; reuse is ``metingen=``.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

from ..core.compat import REMOVED_IN, renamed_function
from .engine import find_signalen
from .scenario import run_scenario

F = TypeVar("F", bound=Callable[..., Any])


def _without_cache(func: F, old_name: str) -> F:
    """``func`` that also takes the old ``cache=`` keyword, warns about it and drops it."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "cache" in kwargs:
            kwargs.pop("cache")
            warnings.warn(
                f"{old_name}(cache=...) bestaat niet meer: er wordt niets meer bewaard buiten "
                "de metingen die u zelf meegeeft (metingen=Metingen(gebied)); cache= "
                f"verdwijnt in versie {REMOVED_IN}",
                DeprecationWarning,
                stacklevel=3,
            )
        return func(*args, **kwargs)

    return cast(F, wrapper)


flag_gaps = renamed_function(_without_cache(find_signalen, "flag_gaps"), "flag_gaps")
"""Old name of :func:`~sociale_basis.gaps.find_signalen` (warns)."""

scenario = renamed_function(_without_cache(run_scenario, "scenario"), "scenario")
"""Old name of :func:`~sociale_basis.gaps.run_scenario` (warns); only at the top level,
``sociale_basis.scenario``, so that ``sociale_basis.gaps.scenario`` stays the module."""

"""Common questions about inwoners as plain boolean columns, right for ``.mean()`` and
for the ``groepen`` of :func:`sociale_basis.streets.summarize_by_area`.

``inwoners.hulpvraag`` is a category or missing, not yes/no: ``inwoners.hulpvraag ==
"eenzaamheid"`` gives a nullable boolean with ``<NA>`` where there is no hulpvraag.
``.mean()`` then silently leaves those rows out (the share among people *with* a
hulpvraag, not among all inwoners), and ``summarize_by_area`` refuses it. These helpers
give ``False`` there, and refuse a misspelt kind instead of answering "nobody".

    >>> heeft_hulpvraag(inwoners).mean()                 # share with any hulpvraag
    >>> heeft_hulpvraag(inwoners, "eenzaamheid").mean()  # share with this one
"""

from __future__ import annotations

import pandas as pd

from .taxonomy import HULPVRAGEN


def heeft_hulpvraag(inwoners: pd.DataFrame, soort: str | None = None) -> pd.Series:
    """Per inwoner: has a hulpvraag (``soort=None``) or this kind of hulpvraag (a key of
    :data:`~sociale_basis.core.taxonomy.HULPVRAGEN`). A plain ``bool`` Series, ``False``
    where ``hulpvraag`` is missing.

    Raises
    ------
    ValueError
        ``soort`` is no kind of hulpvraag (the message lists them).
    """
    hulp = inwoners["hulpvraag"]
    if soort is None:
        return hulp.notna().astype(bool).rename("heeft_hulpvraag")
    if soort not in HULPVRAGEN:
        raise ValueError(f"hulpvraag {soort!r} bestaat niet; kies uit: {', '.join(HULPVRAGEN)}")
    return (hulp.astype(object) == soort).fillna(False).astype(bool).rename(f"hulpvraag_{soort}")


def is_65plus(inwoners: pd.DataFrame) -> pd.Series:
    """Per inwoner: 65 or older (a plain ``bool`` Series; a missing age counts as no)."""
    leeftijd = pd.to_numeric(inwoners["leeftijd"], errors="coerce")
    return (leeftijd >= 65).fillna(False).astype(bool).rename("is_65plus")

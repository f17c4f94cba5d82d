"""Which signals of an area come first: ranked by severity and robustness, grouped into
messages.

A map for a wijkgesprek shows a few strong messages per area, not every row of
:func:`~sociale_basis.gaps.find_signalen`. :func:`rank_signalen` orders the signals of each
area and groups the rows that say the same thing for different groups of inwoners
("huisarts ver weg" for everyone, for 65-plussers and for people with a hulpvraag) into
one message. The map shows the first :data:`MAX_BERICHTEN` messages of an area; the rest
stay in the popup's fold and in the tables.

Order within an area, strongest first:

1. ``score = ernst x robuust``: ``ernst`` counts 3 (hoog), 2 (midden) or 1 (laag);
   ``robuust`` is the share of synthetic populations (seeds) that give the same signal,
   when the signals come with a column ``robuust`` (an ensemble of populations); without
   it every signal counts as robust (1). A signal found in only a fifth of the
   populations thus ranks below a steady one of lower severity.
2. then ``ernst`` itself, then the order of the signals in the registry, then the group
   (everyone before 65-plussers before people with a hulpvraag), then ``onderwerp``.

Information rows (no ``ernst``) get no rank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .registry import SIGNAALREGELS

MAX_BERICHTEN = 3
"""Messages per area that a map shows; the others are in the fold of the popup."""
ERNST_GEWICHT: dict[str, int] = {"hoog": 3, "midden": 2, "laag": 1}
"""How much each severity weighs in the ranking."""
ROBUUST = "robuust"
"""The optional column with the share (0-1) of synthetic populations that give a signal."""
_GROEP_VOLGORDE = {"alle": 0, "65plus": 1, "hulpvraag": 2}
_NIVEAU_VOLGORDE = {"buurt": 0, "wijk": 1, "gemeente": 2}


def rank_signalen(signalen: pd.DataFrame) -> pd.DataFrame:
    """The signals ordered per area, strongest first, with their rank and message number.

    Parameters
    ----------
    signalen
        Rows as :func:`~sociale_basis.gaps.find_signalen` gives them (``gebiedcode``,
        ``signaal``, ``ernst``; ``niveau``, ``onderwerp``, ``groep`` and ``robuust`` when
        present).

    Returns
    -------
    pandas.DataFrame
        The same rows (signals first per area, then the information rows) with three more
        columns: ``score`` (``ernst x robuust``), ``rang`` (1, 2, ... per area; missing for
        information rows) and ``bericht`` (the number of its message within the area:
        rows with the same ``signaal`` and ``onderwerp`` share it; missing for
        information rows).

    Raises
    ------
    ValueError
        Without the columns ``gebiedcode``, ``signaal`` and ``ernst``, or with a
        ``robuust`` outside 0 to 1.

    Examples
    --------
    An area with ``hulp_te_ver`` huisarts (laag) for everyone and (hoog) for 65-plussers,
    and ``geen_ontmoetingsplek`` (midden): the 65-plussers' row ranks 1 (score 3), the
    meeting place 2 (score 2), the huisarts for everyone 3; messages: huisarts 1,
    ontmoetingsplek 2.
    """
    missing = [c for c in ("gebiedcode", "signaal", "ernst") if c not in signalen.columns]
    if missing:
        raise ValueError(
            f"de signalen missen de kolom(men) {', '.join(missing)} (zie find_signalen)"
        )
    frame = pd.DataFrame(signalen).copy()
    ernst = frame["ernst"].astype(object).map(lambda v: ERNST_GEWICHT.get(str(v), 0))
    robuust = pd.Series(1.0, index=frame.index)
    if ROBUUST in frame.columns:
        robuust = pd.to_numeric(frame[ROBUUST], errors="coerce").fillna(1.0)
        if ((robuust < 0) | (robuust > 1)).any():
            raise ValueError(
                "de kolom 'robuust' is het aandeel synthetische bevolkingen met dit signaal: "
                "een getal van 0 tot en met 1"
            )
    order = {code: i for i, code in enumerate(SIGNAALREGELS)}
    onderwerp = frame.get("onderwerp", pd.Series("", index=frame.index)).astype(str)
    groep = frame.get("groep", pd.Series("", index=frame.index)).astype(str)
    keys = pd.DataFrame(
        {
            # the levels in the order of find_signalen: buurten, wijken, the gemeente
            "niveau": frame.get("niveau", pd.Series("", index=frame.index))
            .astype(str)
            .map(_NIVEAU_VOLGORDE)
            .fillna(len(_NIVEAU_VOLGORDE)),
            "gebiedcode": frame["gebiedcode"].astype(str),
            "info": (ernst == 0).astype(int),
            "score": -(ernst * robuust),
            "ernst": -ernst,
            "volgorde": frame["signaal"].map(order).fillna(len(order)),
            "groep": groep.map(_GROEP_VOLGORDE).fillna(len(_GROEP_VOLGORDE)),
            "onderwerp": onderwerp,
        },
        index=frame.index,
    )
    sorted_index = keys.sort_values(list(keys.columns), kind="stable").index
    frame = frame.loc[sorted_index]
    frame["score"] = (ernst * robuust).loc[sorted_index].to_numpy()
    is_signal = (ernst.loc[sorted_index] > 0).to_numpy()
    area = frame["gebiedcode"].astype(str).to_numpy()
    rang = np.full(len(frame), np.nan)
    bericht = np.full(len(frame), np.nan)
    seen: dict[str, dict[tuple[str, str], int]] = {}
    count: dict[str, int] = {}
    message = list(zip(frame["signaal"].astype(str), onderwerp.loc[sorted_index], strict=True))
    for i in np.flatnonzero(is_signal):
        count[area[i]] = count.get(area[i], 0) + 1
        rang[i] = count[area[i]]
        mine = seen.setdefault(area[i], {})
        bericht[i] = mine.setdefault(message[i], len(mine) + 1)
    frame["rang"] = pd.array(rang, dtype="Int64")
    frame["bericht"] = pd.array(bericht, dtype="Int64")
    return frame.reset_index(drop=True)

"""The signals, each registered once: its rule, its thresholds, its measures, its meaning.

A signal is one function, written in a module of :mod:`sociale_basis.gaps.rules` and
registered there with :func:`register_signal`::

    @register_signal(
        "dunne_sociale_basis",
        "dunne sociale basis (inwoners zonder informele band)",
        drempels=Drempelgroep("isolatie", Isolatie, {...}, controle=...),
        maten=isolation_measures,
    )
    def dunne_sociale_basis(ctx: Context, t: Isolatie) -> list[dict[str, Any]]: ...

:func:`~sociale_basis.gaps.find_signalen` runs every registered signal whose thresholds
are on (``aan``), in the order of registration; the thresholds are read and checked by
:func:`~sociale_basis.gaps.thresholds.load_drempels` from the group each signal names
(defaults in ``drempels.toml``); the measures a signal offers
(:class:`~sociale_basis.gaps.maten.Aanbod`) are computed only when it, or a cluster
analysis, reads them. :data:`SIGNALEN` gives every code with its Dutch meaning. The recipe
for a new signal is in ``docs/architectuur.md`` ("Iets nieuws toevoegen").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .maten import Aanbod
from .schema import Drempelgroep

Regel = Callable[..., list[dict[str, Any]]]
"""A signal's rule: ``regel(ctx, t)`` with the context of one level
(:class:`~sociale_basis.gaps.context.Context`) and the signal's own thresholds ``t``;
returns one row per area with a signal (made with ``ctx.row``)."""


@dataclass(frozen=True)
class Signaal:
    """One registered signal.

    Attributes
    ----------
    code
        The value of the column ``signaal`` (``"hulp_te_ver"``).
    betekenis
        Its meaning in Dutch, for legends and summaries.
    regel
        The rule (:data:`Regel`).
    drempels
        Its table in ``drempels.toml`` (:class:`~sociale_basis.gaps.schema.Drempelgroep`);
        the rule runs when that table's ``aan`` is true.
    maten
        ``maten(drempels) -> list[Aanbod]``: the measures per area it reads (and offers
        to others, such as the cluster analysis), named from the thresholds alone and
        computed only when read.
    leest
        ``leest(drempels) -> set[str]``: measures of *other* signals it reads (the
        cluster analysis reads the ones it is told to test).
    meldingen
        Codes of information rows it may write (without ``ernst``), with their meaning.
    eenheid
        What its ``waarde`` and ``drempel`` are: ``"aandeel"`` (a share between 0 and 1),
        ``"m"`` (metres), ``"verhouding"`` (a ratio) or ``"p"`` (a p-value); maps and
        handouts write them so.
    kort
        ``kort(onderwerp) -> str``: a message of a few words for a map marker ("Huisarts
        ver weg"); default the meaning.
    over_inwoners
        Its figures rest on inwoners (their distances, ties, needs): with a synthetic
        population its reasons say so. False for a signal about places only.
    """

    code: str
    betekenis: str
    regel: Regel
    drempels: Drempelgroep
    maten: Callable[[Any], list[Aanbod]] | None = None
    leest: Callable[[Any], set[str]] | None = None
    meldingen: Mapping[str, str] = field(default_factory=dict)
    eenheid: str = "aandeel"
    kort: Callable[[str], str] | None = None
    over_inwoners: bool = True

    def bericht(self, onderwerp: object) -> str:
        """The short message about ``onderwerp`` (see ``kort``)."""
        if self.kort is None:
            return self.betekenis[0].upper() + self.betekenis[1:]
        return self.kort(str(onderwerp))


EENHEDEN: tuple[str, ...] = ("aandeel", "m", "verhouding", "p")
"""What the ``waarde`` of a signal can be (see :attr:`Signaal.eenheid`)."""

SIGNAALREGELS: dict[str, Signaal] = {}
"""Every registered signal by code, in the order of registration."""

MELDINGEN: dict[str, str] = {
    "geen_uitspraak": "te weinig inwoners voor een uitspraak",
}
"""Information rows that :func:`~sociale_basis.gaps.find_signalen` writes itself (the
privacy rule), with their meaning; signals add their own through ``meldingen``."""


def register_signal(
    code: str,
    betekenis: str,
    *,
    drempels: Drempelgroep,
    maten: Callable[[Any], list[Aanbod]] | None = None,
    leest: Callable[[Any], set[str]] | None = None,
    meldingen: Mapping[str, str] | None = None,
    eenheid: str = "aandeel",
    kort: Callable[[str], str] | None = None,
    over_inwoners: bool = True,
) -> Callable[[Regel], Regel]:
    """Register the decorated function as the rule of signal ``code``.

    Parameters are the attributes of :class:`Signaal`; the function is returned as is.

    Raises
    ------
    ValueError
        A code, information code or threshold table that another signal already has; an
        unknown ``eenheid``.
    """
    if eenheid not in EENHEDEN:
        raise ValueError(
            f"signaal '{code}': eenheid {eenheid!r} is onbekend; kies uit {', '.join(EENHEDEN)}"
        )

    def decorate(regel: Regel) -> Regel:
        taken = {s.drempels.naam for s in SIGNAALREGELS.values()}
        codes = set(signal_meanings())
        new_codes = [code, *(meldingen or {})]
        clash = [c for c in new_codes if c in codes]
        if clash or drempels.naam in taken:
            wat = f"de code '{clash[0]}'" if clash else f"de drempeltabel '{drempels.naam}'"
            raise ValueError(
                f"signaal '{code}': {wat} is al van een ander signaal; kies een eigen naam."
            )
        SIGNAALREGELS[code] = Signaal(
            code,
            betekenis,
            regel,
            drempels,
            maten,
            leest,
            dict(meldingen or {}),
            eenheid,
            kort,
            over_inwoners,
        )
        return regel

    return decorate


def signal_meanings() -> dict[str, str]:
    """Every ``signaal`` code that :func:`~sociale_basis.gaps.find_signalen` can write,
    with its Dutch meaning: the registered signals, then the information rows."""
    out = {s.code: s.betekenis for s in SIGNAALREGELS.values()}
    for s in SIGNAALREGELS.values():
        out.update(s.meldingen)
    out.update(MELDINGEN)
    return out


class _Meanings(Mapping[str, str]):
    """:func:`signal_meanings` as a read-only mapping that follows the registry."""

    def __getitem__(self, code: str) -> str:
        return signal_meanings()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(signal_meanings())

    def __len__(self) -> int:
        return len(signal_meanings())

    def __repr__(self) -> str:
        return repr(signal_meanings())


SIGNALEN: Mapping[str, str] = _Meanings()
"""Every ``signaal`` code with its Dutch meaning (see :func:`signal_meanings`)."""


def offered(drempels: Any) -> list[Aanbod]:
    """Every measure the registered signals offer under ``drempels``, in registry order."""
    return [a for s in SIGNAALREGELS.values() if s.maten is not None for a in s.maten(drempels)]


def read_elsewhere(drempels: Any) -> set[str]:
    """The measures that signals read from other signals (``leest``) under ``drempels``."""
    out: set[str] = set()
    for s in SIGNAALREGELS.values():
        if s.leest is not None:
            out |= s.leest(drempels)
    return out

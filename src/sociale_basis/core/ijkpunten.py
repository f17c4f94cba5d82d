"""The indicators a synthetic population can be calibrated to ("ijkpunten"): their names,
what they count, and the other names they go by (CBS key figures, CBS/GGD/RIVM
Gezondheidsmonitor 50120NED).

Shared by the reader of a user's targets file (:func:`sociale_basis.io.read_ijkpunten`)
and the generator (:mod:`sociale_basis.synthetic.ijking`), which is why it lives in core.

A target is a share: of inwoners (of an age and older) or of households, per area. The
long table of targets (:data:`IJKPUNT_KOLOMMEN`) has one row per area and indicator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One calibrated indicator.

    Attributes
    ----------
    label
        Dutch description, for the fit report.
    eenheid
        ``"personen"`` (share of inwoners aged ``vanaf`` or older) or ``"huishoudens"``.
    vanaf
        Youngest age counted (persons only).
    namen
        Other names accepted in a targets file: 50120NED field names, CBS key-figure names.
    """

    label: str
    eenheid: str
    vanaf: int
    namen: tuple[str, ...]


INDICATOREN: dict[str, Indicator] = {
    "eenzaam_ernstig": Indicator(
        "ernstig of zeer ernstig eenzaam (18+)", "personen", 18, ("ErnstigZeerErnstigEenzaam_28",)
    ),
    "mantelzorger": Indicator("geeft mantelzorg (18+)", "personen", 18, ("Mantelzorger_31",)),
    "vrijwilliger": Indicator(
        "doet vrijwilligerswerk (18+)", "personen", 18, ("Vrijwilligerswerk_32",)
    ),
    "laag_inkomen": Indicator(
        "huishoudens met een laag inkomen (laagste 40 %)",
        "huishoudens",
        0,
        ("percentage_huishoudens_met_laag_inkomen", "HuishoudensMetEenLaagInkomen_72"),
    ),
    "sociaal_minimum": Indicator(
        "huishoudens onder of rond het sociaal minimum",
        "huishoudens",
        0,
        (
            "percentage_huishoudens_onder_of_rond_sociaal_minimum",
            "HuishOnderOfRondSociaalMinimum_73",
        ),
    ),
    "verweduwd": Indicator("verweduwd", "personen", 0, ("percentage_verweduwd",)),
    "herkomst_europa": Indicator(
        "herkomstland in Europa (niet Nederland)",
        "personen",
        0,
        ("percentage_met_herkomstland_uit_europa_excl_nl",),
    ),
    "herkomst_buiten_europa": Indicator(
        "herkomstland buiten Europa",
        "personen",
        0,
        ("percentage_met_herkomstland_buiten_europa",),
    ),
}
"""Every indicator the generator calibrates, by our plain name."""

IJKPUNT_KOLOMMEN = ("gebiedcode", "indicator", "waarde", "periode", "bron")
"""Columns of the long table of targets: ``waarde`` is a share between 0 and 1."""


def indicator_name(column: str) -> str | None:
    """Our plain name for a column name (plain, 50120NED or CBS; case does not matter)."""
    key = column.strip().lower()
    for name, info in INDICATOREN.items():
        if key == name or key in (n.lower() for n in info.namen):
            return name
    return None


def gebied_niveau(code: str) -> str | None:
    """``"buurt"``, ``"wijk"`` or ``"gemeente"`` from a CBS code (BU/WK/GM), else None."""
    prefix = str(code).strip()[:2].upper()
    return {"BU": "buurt", "WK": "wijk", "GM": "gemeente"}.get(prefix)

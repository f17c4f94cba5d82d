"""The licence and attribution file written beside each kind of source in a bundle.

A source (``[[bronnen]]`` in a manifest) names its file with ``licentiebestand``; the
texts below say under which licence the derived data stands, how to attribute it, and
where the full licence text is. The texts are short on purpose: they point to the
licence, they do not reproduce it.
"""

from __future__ import annotations

LICENCES: dict[str, tuple[str, str]] = {
    "LICENCE-CBS.txt": (
        "Creative Commons Naamsvermelding 4.0 Internationaal (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/deed.nl",
    ),
    "LICENCE-OSM.txt": (
        "Open Database License (ODbL) 1.0. Deze afgeleide database valt zelf onder de ODbL: "
        "wie haar openbaar gebruikt, noemt '© OpenStreetMap contributors' en deelt "
        "aanpassingen van de database onder dezelfde licentie",
        "https://opendatacommons.org/licenses/odbl/1-0/ en https://www.openstreetmap.org/copyright",
    ),
    "LICENCE-DUO.txt": (
        "open data van DUO (Open Onderwijsdata; CC0 volgens DUO, hier niet opnieuw nagegaan)",
        "https://duo.nl/open_onderwijsdata/",
    ),
    "LICENCE-BAG.txt": (
        "Basisregistratie Adressen en Gebouwen (BAG), Kadaster: CC0 1.0 (publiek domein)",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    ),
    "LICENCE-ZWOLLE.txt": (
        "open data van de gemeente Zwolle; de licentie is NIET nagegaan (de bron noemt "
        "geen licentie). Gebruik buiten dit pakket pas na navraag bij de gemeente",
        "https://www.zwolle.nl/ (Cijfers over Zwolle; Digitale Tweelingstad Zwolle)",
    ),
    "LICENCE-EIGEN.txt": (
        "eigen gegevens van de gebruiker; de licentie bepaalt de gebruiker zelf",
        "",
    ),
}
"""File name -> (licence, where to read it)."""


def licence_text(naam: str, bronnen: list[dict[str, str]]) -> str:
    """The text of one licence file for the sources that share it."""
    licence, where = LICENCES.get(naam, ("zie de bronnen hieronder", ""))
    lines = [
        f"Licentie: {licence}.",
        *([f"Volledige tekst: {where}"] if where else []),
        "",
        "Bronnen in deze bundel onder deze licentie, met de verplichte naamsvermelding:",
        "",
    ]
    for b in bronnen:
        lines.append(f"- {b.get('naam', '')}")
        lines.append(f"  licentie: {b.get('licentie', '')}")
        lines.append(f"  naamsvermelding: {b.get('attributie', '')}")
    lines += [
        "",
        "De bestanden in deze map zijn afgeleid van deze bronnen (omgezet naar EPSG:28992,",
        "alleen de kolommen die het pakket gebruikt); HERKOMST.md zegt hoe.",
    ]
    return "\n".join(lines) + "\n"

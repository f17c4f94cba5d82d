"""The ``manifest.toml`` of a bundle: read it and check it before any file is read.

A manifest says which file holds what and how its columns map onto ours (see
``data/wijken/README.md``). Paths in it are relative to a data root
(:mod:`sociale_basis.datasets.roots`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..core.errors import Problem, ValidationError
from .roots import find_manifest

# Keys every manifest must have: (section path, key). Checked before any file is read.
REQUIRED = [
    ((), "naam"),
    ((), "gemeentecode"),
    (("wijken",), "bestand"),
    (("wijken", "kolommen"), "wijkcode"),
    (("wijken", "kolommen"), "wijknaam"),
    (("wijken", "kolommen"), "inwoners"),
    (("buurten",), "bestand"),
    (("buurten", "kolommen"), "buurtcode"),
    (("buurten", "kolommen"), "buurtnaam"),
    (("buurten", "kolommen"), "wijkcode"),
    (("buurten", "kolommen"), "inwoners"),
    (("buurten", "leeftijd"), "eenheid"),
    (("buurten", "leeftijd"), "groepen"),
    (("adressen",), "bestand"),
]


def read_manifest(gemeente: str | Path) -> dict[str, Any]:
    """The parsed and checked manifest of a gemeente bundle.

    Parameters
    ----------
    gemeente
        The bundle's folder name (looked up in the data roots), or the path of a
        ``manifest.toml``.

    Raises
    ------
    ValidationError
        When the TOML is malformed or a required key is missing; every problem at once.
    """
    path = gemeente if isinstance(gemeente, Path) else find_manifest(gemeente)
    try:
        with path.open("rb") as f:
            manifest = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise ValidationError(
            [
                Problem(
                    str(path), None, None, "", f"geen geldige TOML ({err})", "herstel de syntaxis"
                )
            ]
        ) from err
    problems = [_missing(manifest, path, section, key) for section, key in REQUIRED]
    found = [p for p in problems if p is not None]
    eenheid = manifest.get("buurten", {}).get("leeftijd", {}).get("eenheid")
    if eenheid is not None and eenheid not in ("aantal", "percentage"):
        found.append(
            Problem(
                str(path),
                None,
                "buurten.leeftijd.eenheid",
                eenheid,
                "onbekende eenheid",
                "gebruik 'aantal' of 'percentage'",
            )
        )
    if found:
        raise ValidationError(found)
    return manifest


def _missing(
    manifest: dict[str, Any], path: Path, section: tuple[str, ...], key: str
) -> Problem | None:
    """A problem when ``section.key`` is not in the manifest."""
    node: Any = manifest
    for part in section:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    if isinstance(node, dict) and key in node:
        return None
    return Problem(
        str(path),
        None,
        ".".join([*section, key]),
        "",
        "ontbreekt in het manifest",
        "vul het aan; zie data/wijken/README.md en het manifest van delft",
    )


def bundle_files(manifest: dict[str, Any]) -> list[str]:
    """Every file a manifest names (``bestand`` at any depth), in manifest order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "bestand" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(manifest)
    return list(dict.fromkeys(found))

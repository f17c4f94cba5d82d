"""File names made from names in data: a gemeente's name or a user's ``--naam`` becomes
the start of every output file, so it must not be able to leave the output folder
(``../``), hide a file (``.x``), look like a command-line option (``-x``) or carry
characters that shells and templates treat specially (``{{ }}``, ``*``, ``;``)."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_-]+")


def file_stem(name: object, *, lowercase: bool = True, standaard: str = "gemeente") -> str:
    """``name`` as (part of) a file name: ASCII letters, digits, ``_`` and ``-`` only;
    accents dropped, every other run of characters one ``_``, in lower case unless
    ``lowercase=False`` (area codes keep theirs); never empty.

    ``file_stem("Súdwest-Fryslân") == "sudwest-fryslan"``,
    ``file_stem("../../etc {{7*7}}") == "etc_7_7"``, ``file_stem("") == "gemeente"``,
    ``file_stem("WK050323", lowercase=False) == "WK050323"``.
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = text.strip().lower() if lowercase else text.strip()
    return _NOT_ALLOWED.sub("_", text).strip("_-") or standaard

"""The package as it was at an earlier commit, for the benchmarks that compare with it.

``import voor`` works from every script in ``bench/`` (Python puts the script's folder on
the path), so each script still runs on its own.
"""

from __future__ import annotations

import atexit
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path


def package_at(ref: str, prefix: str) -> bool:
    """Put the package of git ``ref`` on the path as ``sociale_basis_voor`` (a temporary
    copy); False, with a message, without git or that commit."""
    root = Path(__file__).resolve().parents[1]
    try:
        tar = subprocess.run(
            ["git", "-C", str(root), "archive", ref, "src/sociale_basis"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"geen vergelijking met 'voor' ({ref}): {err}", flush=True)
        return False
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(folder, filter="data")
    # the package imports itself relatively only, so it works under another name
    (folder / "src" / "sociale_basis").rename(folder / "sociale_basis_voor")
    sys.path.insert(0, str(folder))
    return True

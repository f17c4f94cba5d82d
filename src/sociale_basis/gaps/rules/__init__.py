"""The signal rules, one registered function each (see :mod:`sociale_basis.gaps.registry`).

Importing this package registers them, in the order of the imports below, which is also
the order of the measures in the protected tables (and so of secondary suppression):
reach, capacity, cohesion, clusters. A signal that belongs with others goes into their
module; a module of its own is imported here.
"""

# ruff: noqa: I001  (the order of registration, not the alphabet)
from . import reach
from . import capacity
from . import cohesion
from . import clusters

__all__ = ["capacity", "clusters", "cohesion", "reach"]

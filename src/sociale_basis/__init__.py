"""sociale_basis: the sociale basis of a wijk as a network, measured and mapped."""

__version__ = "0.1.0"

"""The seeded synthetic population on real addresses, with its sourced assumptions."""

from .population import Synthetic, generate

__all__ = ["Synthetic", "generate"]

"""The one error a model store raises, in its own module so that conversion and the store share it
without importing each other."""

from __future__ import annotations


class ModelError(RuntimeError):
    """A model that is missing, altered or cannot be fetched; the message names the file."""

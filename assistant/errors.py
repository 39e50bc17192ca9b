"""Errors shared by the configuration and the plant pack, which the configuration's checks load:
kept apart so that neither has to import the other to raise them."""

from __future__ import annotations


class ConfigError(ValueError):
    """A configuration file or plant pack that cannot be used; the message names the key."""

"""Persons and their names: keys that find one person under every spelling."""

from polon.registry.names import name_key, script_of

__all__ = ["name_key", "script_of"]

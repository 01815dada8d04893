"""Validation: the loader's problems plus a registry of rules over the repository."""

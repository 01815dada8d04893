"""plansync: plan holiday baking as plain-text files in git."""

__version__ = "0.2.0"

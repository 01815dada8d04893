"""The command line: the only part of plansync that imports click."""

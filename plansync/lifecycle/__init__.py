"""An event's life after planning: lock, start, complete, amendments.

``draft -> locked -> in_production -> completed``, forward only, one step
at a time. ``lock`` freezes every definition the plan reaches in the
planning snapshot (``snapshots/planning.yaml``), ``start`` freezes the plan
itself in the baseline (``snapshots/baseline.yaml``), amendments change the
plan in production and are logged in ``amendments.yaml``. Every write goes
through :mod:`plansync.lifecycle.files` (atomic, all or nothing) under the
event's lock; ``cli/`` only parses arguments and prints results.
"""

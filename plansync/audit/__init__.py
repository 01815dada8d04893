"""Git as the audit trail: ``history`` and ``diff``.

- :mod:`~plansync.audit.fielddiff`: field-by-field differences between two
  versions of one document (dotted paths, list items by index).
- :mod:`~plansync.git.log`: the commits that touched a scope, with
  the blobs each one changed (``git log --raw -z``).
- :mod:`~plansync.audit.decode`: what a change to one plan file means
  (a state transition, an amendment, a run, a snapshot...).
- :mod:`~plansync.audit.history`: the audit trail of a scope, decoded.
- :mod:`~plansync.audit.entitydiff`: entities added, removed and changed
  between two versions of the repository.
"""

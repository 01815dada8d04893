"""The built-in ``csv`` and ``markdown`` exporters, registered as ordinary
plugins (``builtin.py``) through the same hook as the JSON export."""

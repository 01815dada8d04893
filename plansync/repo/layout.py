"""Where things go in a plan repository, and what a slug looks like."""

from __future__ import annotations

import re

#: Folder a new file of each kind goes into (the folder is convention only:
#: a file's kind comes from its ``kind`` field).
FOLDERS = {
    "ingredient": "catalog/ingredients",
    "recipe": "catalog/recipes",
    "finished_unit": "catalog/finished-units",
    "finished_good": "catalog/finished-goods",
    "material": "catalog/materials",
    "material_unit": "catalog/material-units",
    "product": "catalog/products",
    "supplier": "catalog/suppliers",
    "recipient": "catalog/recipients",
    "package": "catalog/packages",
}

#: A slug: lower-case letters and digits in runs joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")

"""Opening the index: a PostgreSQL URL without its driver says which extra to install."""

from __future__ import annotations

import subprocess
import sys

# psycopg made unimportable in the child only: None in sys.modules is Python's own "not installed".
_WITHOUT_PSYCOPG = (
    "import sys; sys.modules['psycopg'] = None; sys.modules['psycopg2'] = None; "
    "from plansync.cli.main import main; sys.argv[0] = 'plansync'; main()"
)


def test_a_postgresql_url_without_psycopg_names_the_postgres_extra(catalog):
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PSYCOPG, "--repo", str(catalog.root),
         "--db", "postgresql+psycopg://bakery:secret@localhost/plans", "sync"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "pip install 'plansync[postgres]'" in done.stderr
    assert "psycopg" in done.stderr
    assert "secret" not in done.stderr
    assert "Traceback" not in done.stderr

"""Index backends for tests: a SQLite file, and a real PostgreSQL server when
PLANSYNC_TEST_POSTGRES names one (CI starts it; locally the tests skip)."""

from __future__ import annotations

import os
import uuid

import pytest

POSTGRES = os.environ.get("PLANSYNC_TEST_POSTGRES")


def _postgres_database():
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"plansync_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    return admin, name, url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def index_url(request, tmp_path):
    """None for the repository's default SQLite file, or a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        yield None
        return
    if not POSTGRES:
        pytest.skip("PLANSYNC_TEST_POSTGRES is not set")
    from sqlalchemy import text

    admin, name, url = _postgres_database()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()

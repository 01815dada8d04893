"""plansync/index/compiled.py is what SQLAlchemy compiles from the models today."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine

from plansync.index import compiled, models, schemagen


def test_the_committed_statements_are_the_models_compiled():
    assert schemagen.TARGET.read_text() == schemagen.render(), "run: python -m plansync.index.schemagen"


def test_the_compiled_schema_is_the_one_create_all_makes(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'orm.sqlite'}")
    models.metadata.create_all(engine)
    engine.dispose()
    with sqlite3.connect(tmp_path / "compiled.sqlite") as connection:
        for statement in compiled.CREATE:
            connection.execute(statement)

    def schema(name: str) -> list[tuple]:
        with sqlite3.connect(tmp_path / name) as connection:
            return connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()

    assert schema("compiled.sqlite") == schema("orm.sqlite")
    assert len(schema("orm.sqlite")) > len(compiled.TABLES)  # tables and their indexes


def test_rows_are_inserted_in_an_order_every_foreign_key_allows():
    tables = {table.name: table for table in models.metadata.tables.values()}
    for position, name in enumerate(compiled.INSERT_ORDER):
        for key in tables[name].foreign_keys:
            target = key.column.table.name
            assert target in ("files", name) or compiled.INSERT_ORDER.index(target) < position, (name, target)

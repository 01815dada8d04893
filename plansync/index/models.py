"""The SQL index: one table per entity kind, child rows in their own tables.

Tables are named by the plural kind and columns as the fields in the
files. Every row carries the ``file_path`` it came from, so the rows of a
changed or removed file are found and replaced without touching others.
References between entities are foreign keys by slug, deferred to commit so
one sync can replace a file's rows while other rows point at them; every
foreign key is indexed.

SQLAlchemy Core tables, not ORM classes: nothing maps rows to objects, and
importing the ORM cost a sync about 0.1 s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, MetaData, Numeric, String, Table, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from plansync.index.numbers import plain_number

#: Bump when a table or column changes: an index of another version is rebuilt.
INDEX_SCHEMA_VERSION = 4


class Number(TypeDecorator):
    """A quantity the schema allows to be fractional (``number``): stored
    NUMERIC, so a whole one stays an integer (SQLite's NUMERIC affinity keeps
    ``6`` an INTEGER and ``0.27`` a REAL; PostgreSQL keeps the exact value)
    and reads back as an int when whole, a float otherwise. Whole counts the
    schema says are integers (``integer``) are :class:`Integer` columns."""

    impl = Numeric(asdecimal=False)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return plain_number(value)


metadata = MetaData()


def required(name: str, kind: TypeEngine | type[TypeEngine], **options: Any) -> Column:
    return Column(name, kind, nullable=False, **options)


def optional(name: str, kind: TypeEngine | type[TypeEngine], **options: Any) -> Column:
    return Column(name, kind, nullable=True, **options)


def slug_fk(name: str, target: str, nullable: bool = False, ondelete: str | None = None) -> Column:
    return Column(
        name,
        String(100),
        ForeignKey(target, deferrable=True, initially="DEFERRED", ondelete=ondelete),
        nullable=nullable,
        index=True,
    )


def _file_path() -> Column:
    """A row that came from one plan file: replaced when that file changes."""
    return Column(
        "file_path",
        String(1000),
        ForeignKey("files.path", deferrable=True, initially="DEFERRED", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def entity(name: str, *columns: Column) -> Table:
    """The table of one entity kind: its slug, its file and its name first."""
    return Table(
        name, metadata, Column("slug", String(100), primary_key=True), _file_path(), required("name", Text), *columns
    )


def child(name: str, *columns: Column) -> Table:
    """A child row of an entity (a recipe's ingredient, a run): numbered by the index."""
    return Table(name, metadata, Column("id", Integer, primary_key=True, autoincrement=True), _file_path(), *columns)


#: Facts about the index itself: schema version, plansync version, settings digest.
meta = Table("meta", metadata, Column("key", String(100), primary_key=True), required("value", Text))

#: One plan file as last synced: its content hash and whether its rows are in.
files = Table(
    "files",
    metadata,
    Column("path", String(1000), primary_key=True),
    required("sha256", String(64)),
    optional("kind", String(40), index=True),
    optional("slug", String(100)),
    required("size", Integer),
    required("indexed_at", DateTime),
    required("problems", Integer, default=0),
    # True when the file's rows are in the entity tables (no error problems).
    required("indexed", Boolean, default=False),
)

ingredients = entity(
    "ingredients",
    optional("category", Text),
    optional("description", Text),
    optional("density_volume", String(100)),
    optional("density_mass", String(100)),
    optional("aisle", Text),
    optional("notes", Text),
)

recipes = entity(
    "recipes",
    optional("category", Text),
    optional("source", Text),
    optional("notes", Text),
    slug_fk("base", "recipes.slug", nullable=True),
    optional("variant", Text),
)

recipe_ingredients = child(
    "recipe_ingredients",
    slug_fk("recipe", "recipes.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("ingredient", "ingredients.slug"),
    required("quantity", Number),
    required("unit", String(100)),
    optional("note", Text),
)

recipe_components = child(
    "recipe_components",
    slug_fk("recipe", "recipes.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("sub_recipe", "recipes.slug"),
    required("batches", Number),
)

finished_units = entity(
    "finished_units",
    slug_fk("recipe", "recipes.slug"),
    optional("category", Text),
    optional("notes", Text),
    required("yield_mode", String(20)),
    optional("unit", Text),
    optional("batch_percentage", Number),
    optional("portion", Text),
)

yield_options = child(
    "yield_options",
    slug_fk("finished_unit", "finished_units.slug", ondelete="CASCADE"),
    required("position", Integer),
    required("per_batch", Number),
    required("batch_multiplier", Number),
)

material_units = entity(
    "material_units",
    required("material", String(100), index=True),
    required("quantity_per_unit", Number),
    required("unit", String(100)),
    optional("notes", Text),
)

finished_goods = entity(
    "finished_goods",
    required("assembly_type", String(20)),
    optional("category", Text),
    optional("notes", Text),
)

#: One component: exactly one of finished_unit, component_good, material_unit is set.
finished_good_components = child(
    "finished_good_components",
    slug_fk("finished_good", "finished_goods.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("finished_unit", "finished_units.slug", nullable=True),
    slug_fk("component_good", "finished_goods.slug", nullable=True),
    slug_fk("material_unit", "material_units.slug", nullable=True),
    required("quantity", Number),
)

recipients = entity(
    "recipients",
    optional("household", Text),
    optional("address", Text),
    optional("notes", Text),
)

packages = entity("packages", optional("notes", Text))

package_contents = child(
    "package_contents",
    slug_fk("package", "packages.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("finished_good", "finished_goods.slug"),
    required("quantity", Number),
)

#: A stock line: exactly one of ingredient, material, finished_unit,
#: finished_good or recipe (batches of a prepared component) is set.
inventory_items = child(
    "inventory_items",
    required("position", Integer),
    slug_fk("ingredient", "ingredients.slug", nullable=True),
    # Not a foreign key: a material may have no file (unknown-material warns).
    optional("material", String(100)),
    slug_fk("finished_unit", "finished_units.slug", nullable=True),
    slug_fk("finished_good", "finished_goods.slug", nullable=True),
    slug_fk("recipe", "recipes.slug", nullable=True),
    required("quantity", Number),
    optional("unit", String(100)),
    optional("unit_cost", Number),
    optional("as_of", String(40)),
    optional("note", Text),
)

# Money in the index is for queries (sums, comparisons); the files keep the
# exact amounts and every computation reads those.

materials = entity(
    "materials",
    required("unit", String(100)),
    optional("aisle", Text),
    optional("notes", Text),
)

suppliers = entity("suppliers", optional("notes", Text))

supplier_aisles = child(
    "supplier_aisles",
    slug_fk("supplier", "suppliers.slug", ondelete="CASCADE"),
    required("position", Integer),
    required("aisle", Text),
)

#: A package one can buy: exactly one of ingredient or material is set.
products = entity(
    "products",
    slug_fk("ingredient", "ingredients.slug", nullable=True),
    optional("material", String(100)),
    required("package_quantity", Number),
    required("package_unit", String(100)),
    optional("brand", Text),
    slug_fk("supplier", "suppliers.slug", nullable=True),
    optional("price", Number),
    optional("aisle", Text),
    optional("notes", Text),
)

purchases = child(
    "purchases",
    required("seq", Integer),
    required("at", String(40)),
    slug_fk("product", "products.slug"),
    required("packages", Number),
    optional("price", Number),
    slug_fk("supplier", "suppliers.slug", nullable=True),
    optional("note", Text),
)

events = entity(
    "events",
    required("date", String(10)),
    optional("output_mode", String(20)),
    required("plan_state", String(20)),
    optional("expected_attendees", Integer),
    optional("notes", Text),
    optional("shopping_completed_at", String(40)),
)

event_finished_goods = child(
    "event_finished_goods",
    slug_fk("event", "events.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("finished_good", "finished_goods.slug"),
    required("quantity", Integer),
)

event_finished_units = child(
    "event_finished_units",
    slug_fk("event", "events.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("finished_unit", "finished_units.slug"),
    required("quantity", Integer),
)

batch_decisions = child(
    "batch_decisions",
    slug_fk("event", "events.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("finished_unit", "finished_units.slug"),
    required("batches", Integer),
    required("accept_shortfall", Boolean),
    optional("note", Text),
)

event_recipients = child(
    "event_recipients",
    slug_fk("event", "events.slug", ondelete="CASCADE"),
    required("position", Integer),
    slug_fk("recipient", "recipients.slug"),
    slug_fk("package", "packages.slug"),
    required("quantity", Integer),
    required("status", String(20)),
)

amendments = child(
    "amendments",
    slug_fk("event", "events.slug"),
    required("seq", Integer),
    required("type", String(20)),
    required("at", String(40)),
    required("reason", Text),
    required("data", Text),
)

production_runs = child(
    "production_runs",
    slug_fk("event", "events.slug", nullable=True),
    required("seq", Integer),
    required("at", String(40)),
    slug_fk("finished_unit", "finished_units.slug"),
    slug_fk("recipe", "recipes.slug"),
    required("batches", Integer),
    required("expected_yield", Number),
    required("actual_yield", Number),
    required("loss_status", String(20)),
    required("snapshot", String(64)),
)

assembly_runs = child(
    "assembly_runs",
    slug_fk("event", "events.slug", nullable=True),
    required("seq", Integer),
    required("at", String(40)),
    slug_fk("finished_good", "finished_goods.slug"),
    required("quantity", Integer),
    required("snapshot", String(64)),
)

snapshots = child(
    "snapshots",
    slug_fk("event", "events.slug"),
    required("snapshot_type", String(20)),
    required("created_at", String(40)),
    required("content_sha256", String(64)),
    required("payload", Text),
)

#: One committed version of one plan file (``sync --history``).
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    required("commit_sha", String(40), index=True),
    required("committed_at", DateTime, index=True),
    required("author", Text),
    required("path", String(1000), index=True),
    optional("kind", String(40), index=True),
    optional("slug", String(100), index=True),
    optional("content", Text),
    required("removed", Boolean, default=False),
)

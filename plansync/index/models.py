"""The SQL index: one table per entity kind, child rows in their own tables.

Tables are named by the plural kind and columns as the fields in the
files. Every row carries the ``file_path`` it came from, so the rows of a
changed or removed file are found and replaced without touching others.
References between entities are foreign keys by slug, deferred to commit so
one sync can replace a file's rows while other rows point at them; every
foreign key is indexed.
"""

from __future__ import annotations

from datetime import datetime

from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

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


class Base(DeclarativeBase):
    pass


def slug_fk(target: str, nullable: bool = False, ondelete: str | None = None) -> Mapped:
    return mapped_column(
        String(100),
        ForeignKey(target, deferrable=True, initially="DEFERRED", ondelete=ondelete),
        nullable=nullable,
        index=True,
    )


def file_fk(sort_order: int = 0) -> Mapped[str]:
    return mapped_column(
        String(1000),
        ForeignKey("files.path", deferrable=True, initially="DEFERRED", ondelete="CASCADE"),
        index=True,
        sort_order=sort_order,
    )


class FromFile:
    """A row that came from one plan file: replaced when that file changes."""

    @declared_attr
    def file_path(cls) -> Mapped[str]:
        return file_fk(sort_order=-2)


class Entity(FromFile):
    """The row of one entity file: its slug, its file and its name first."""

    slug: Mapped[str] = mapped_column(String(100), primary_key=True, sort_order=-3)
    name: Mapped[str] = mapped_column(Text, sort_order=-1)


class Child(FromFile):
    """A child row of an entity (a recipe's ingredient, a run): numbered by the index."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, sort_order=-3)


class Meta(Base):
    """Facts about the index itself: schema version, plansync version, settings digest."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class File(Base):
    """One plan file as last synced: its content hash and whether its rows are in."""

    __tablename__ = "files"
    path: Mapped[str] = mapped_column(String(1000), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(40), index=True)
    slug: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    indexed_at: Mapped[datetime] = mapped_column(DateTime)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    #: True when the file's rows are in the entity tables (no error problems).
    indexed: Mapped[bool] = mapped_column(Boolean, default=False)


class Ingredient(Entity, Base):
    __tablename__ = "ingredients"
    category: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    density_volume: Mapped[str | None] = mapped_column(String(100))
    density_mass: Mapped[str | None] = mapped_column(String(100))
    aisle: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Recipe(Entity, Base):
    __tablename__ = "recipes"
    category: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    base: Mapped[str | None] = slug_fk("recipes.slug", nullable=True)
    variant: Mapped[str | None] = mapped_column(Text)


class RecipeIngredient(Child, Base):
    __tablename__ = "recipe_ingredients"
    recipe: Mapped[str] = slug_fk("recipes.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    ingredient: Mapped[str] = slug_fk("ingredients.slug")
    quantity: Mapped[float] = mapped_column(Number)
    unit: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class RecipeComponent(Child, Base):
    __tablename__ = "recipe_components"
    recipe: Mapped[str] = slug_fk("recipes.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    sub_recipe: Mapped[str] = slug_fk("recipes.slug")
    batches: Mapped[float] = mapped_column(Number)


class FinishedUnit(Entity, Base):
    __tablename__ = "finished_units"
    recipe: Mapped[str] = slug_fk("recipes.slug")
    category: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    yield_mode: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(Text)
    batch_percentage: Mapped[float | None] = mapped_column(Number)
    portion: Mapped[str | None] = mapped_column(Text)


class YieldOption(Child, Base):
    __tablename__ = "yield_options"
    finished_unit: Mapped[str] = slug_fk("finished_units.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    per_batch: Mapped[float] = mapped_column(Number)
    batch_multiplier: Mapped[float] = mapped_column(Number)


class MaterialUnit(Entity, Base):
    __tablename__ = "material_units"
    material: Mapped[str] = mapped_column(String(100), index=True)
    quantity_per_unit: Mapped[float] = mapped_column(Number)
    unit: Mapped[str] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)


class FinishedGood(Entity, Base):
    __tablename__ = "finished_goods"
    assembly_type: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class FinishedGoodComponent(Child, Base):
    """One component: exactly one of finished_unit, component_good, material_unit is set."""

    __tablename__ = "finished_good_components"
    finished_good: Mapped[str] = slug_fk("finished_goods.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    finished_unit: Mapped[str | None] = slug_fk("finished_units.slug", nullable=True)
    component_good: Mapped[str | None] = slug_fk("finished_goods.slug", nullable=True)
    material_unit: Mapped[str | None] = slug_fk("material_units.slug", nullable=True)
    quantity: Mapped[float] = mapped_column(Number)


class Recipient(Entity, Base):
    __tablename__ = "recipients"
    household: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Package(Entity, Base):
    __tablename__ = "packages"
    notes: Mapped[str | None] = mapped_column(Text)


class PackageContent(Child, Base):
    __tablename__ = "package_contents"
    package: Mapped[str] = slug_fk("packages.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    finished_good: Mapped[str] = slug_fk("finished_goods.slug")
    quantity: Mapped[float] = mapped_column(Number)


class InventoryItem(Child, Base):
    """A stock line: exactly one of ingredient, material, finished_unit,
    finished_good or recipe (batches of a prepared component) is set."""

    __tablename__ = "inventory_items"
    position: Mapped[int] = mapped_column(Integer)
    ingredient: Mapped[str | None] = slug_fk("ingredients.slug", nullable=True)
    #: Not a foreign key: a material may have no file (unknown-material warns).
    material: Mapped[str | None] = mapped_column(String(100))
    finished_unit: Mapped[str | None] = slug_fk("finished_units.slug", nullable=True)
    finished_good: Mapped[str | None] = slug_fk("finished_goods.slug", nullable=True)
    recipe: Mapped[str | None] = slug_fk("recipes.slug", nullable=True)
    quantity: Mapped[float] = mapped_column(Number)
    unit: Mapped[str | None] = mapped_column(String(100))
    unit_cost: Mapped[float | None] = mapped_column(Number)
    as_of: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)


# Money in the index is for queries (sums, comparisons); the files keep the
# exact amounts and every computation reads those.


class Material(Entity, Base):
    __tablename__ = "materials"
    unit: Mapped[str] = mapped_column(String(100))
    aisle: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Supplier(Entity, Base):
    __tablename__ = "suppliers"
    notes: Mapped[str | None] = mapped_column(Text)


class SupplierAisle(Child, Base):
    __tablename__ = "supplier_aisles"
    supplier: Mapped[str] = slug_fk("suppliers.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    aisle: Mapped[str] = mapped_column(Text)


class Product(Entity, Base):
    """A package one can buy: exactly one of ingredient or material is set."""

    __tablename__ = "products"
    ingredient: Mapped[str | None] = slug_fk("ingredients.slug", nullable=True)
    material: Mapped[str | None] = mapped_column(String(100))
    package_quantity: Mapped[float] = mapped_column(Number)
    package_unit: Mapped[str] = mapped_column(String(100))
    brand: Mapped[str | None] = mapped_column(Text)
    supplier: Mapped[str | None] = slug_fk("suppliers.slug", nullable=True)
    price: Mapped[float | None] = mapped_column(Number)
    aisle: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Purchase(Child, Base):
    __tablename__ = "purchases"
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    product: Mapped[str] = slug_fk("products.slug")
    packages: Mapped[float] = mapped_column(Number)
    price: Mapped[float | None] = mapped_column(Number)
    supplier: Mapped[str | None] = slug_fk("suppliers.slug", nullable=True)
    note: Mapped[str | None] = mapped_column(Text)


class Event(Entity, Base):
    __tablename__ = "events"
    date: Mapped[str] = mapped_column(String(10))
    output_mode: Mapped[str | None] = mapped_column(String(20))
    plan_state: Mapped[str] = mapped_column(String(20))
    expected_attendees: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    shopping_completed_at: Mapped[str | None] = mapped_column(String(40))


class EventFinishedGood(Child, Base):
    __tablename__ = "event_finished_goods"
    event: Mapped[str] = slug_fk("events.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    finished_good: Mapped[str] = slug_fk("finished_goods.slug")
    quantity: Mapped[int] = mapped_column(Integer)


class EventFinishedUnit(Child, Base):
    __tablename__ = "event_finished_units"
    event: Mapped[str] = slug_fk("events.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    finished_unit: Mapped[str] = slug_fk("finished_units.slug")
    quantity: Mapped[int] = mapped_column(Integer)


class BatchDecision(Child, Base):
    __tablename__ = "batch_decisions"
    event: Mapped[str] = slug_fk("events.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    finished_unit: Mapped[str] = slug_fk("finished_units.slug")
    batches: Mapped[int] = mapped_column(Integer)
    accept_shortfall: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class EventRecipient(Child, Base):
    __tablename__ = "event_recipients"
    event: Mapped[str] = slug_fk("events.slug", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = slug_fk("recipients.slug")
    package: Mapped[str] = slug_fk("packages.slug")
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))


class Amendment(Child, Base):
    __tablename__ = "amendments"
    event: Mapped[str] = slug_fk("events.slug")
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    at: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    data: Mapped[str] = mapped_column(Text)


class ProductionRun(Child, Base):
    __tablename__ = "production_runs"
    event: Mapped[str | None] = slug_fk("events.slug", nullable=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    finished_unit: Mapped[str] = slug_fk("finished_units.slug")
    recipe: Mapped[str] = slug_fk("recipes.slug")
    batches: Mapped[int] = mapped_column(Integer)
    expected_yield: Mapped[float] = mapped_column(Number)
    actual_yield: Mapped[float] = mapped_column(Number)
    loss_status: Mapped[str] = mapped_column(String(20))
    snapshot: Mapped[str] = mapped_column(String(64))


class AssemblyRun(Child, Base):
    __tablename__ = "assembly_runs"
    event: Mapped[str | None] = slug_fk("events.slug", nullable=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    finished_good: Mapped[str] = slug_fk("finished_goods.slug")
    quantity: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(String(64))


class Snapshot(Child, Base):
    __tablename__ = "snapshots"
    event: Mapped[str] = slug_fk("events.slug")
    snapshot_type: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    content_sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)


class Version(Base):
    """One committed version of one plan file (``sync --history``)."""

    __tablename__ = "versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commit_sha: Mapped[str] = mapped_column(String(40), index=True)
    committed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    author: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(String(1000), index=True)
    kind: Mapped[str | None] = mapped_column(String(40), index=True)
    slug: Mapped[str | None] = mapped_column(String(100), index=True)
    content: Mapped[str | None] = mapped_column(Text)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)

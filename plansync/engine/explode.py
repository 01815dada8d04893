"""Demand: what an event asks for, in finished goods and in finished units.

Goods are exploded level by level into the finished units (baked items) and
material units (packaging) they are made of. Quantities stay exact: a good
that holds 1.5 of something contributes 1.5 per good; rounding up to whole
items happens only when batches are computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from plansync.engine.model import Catalog, Event, FinishedGood
from plansync.errors import RefusedError

#: domain.md: nesting depth <= 10, counted in levels below the top good
#: (as validation counts it): a chain of 11 goods is fine, 12 is refused.
MAX_GOOD_DEPTH = 10


@dataclass(frozen=True, slots=True)
class Demand:
    """Exact quantities by slug, keys sorted so iteration is deterministic."""

    finished_units: dict[str, Fraction] = field(default_factory=dict)
    material_units: dict[str, Fraction] = field(default_factory=dict)

    def scaled(self, factor: Fraction) -> Demand:
        return Demand(
            {slug: qty * factor for slug, qty in self.finished_units.items()},
            {slug: qty * factor for slug, qty in self.material_units.items()},
        )


def _add(into: dict[str, Fraction], slug: str, quantity: Fraction) -> None:
    into[slug] = into.get(slug, Fraction(0)) + quantity


def _sorted(values: dict[str, Fraction]) -> dict[str, Fraction]:
    return dict(sorted(values.items()))


def good(catalog: Catalog, slug: str, context: str = "") -> FinishedGood:
    """The finished good ``slug``, or a refusal naming it (and who asked)."""
    found = catalog.finished_goods.get(slug)
    if found is None:
        where = f"{context}: " if context else ""
        raise RefusedError(f"{where}unknown finished good '{slug}'")
    return found


class Exploder:
    """Explodes goods against one catalog, remembering each good's per-one
    demand so a sub-good shared by many parents is walked once (a DAG of
    goods stays linear, not exponential)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        # slug -> (demand of ONE good, height in goods including itself)
        self._memo: dict[str, tuple[Demand, int]] = {}

    def per_good(self, slug: str) -> Demand:
        """Finished and material units that one ``slug`` is made of."""
        return self._walk(slug, ())[0]

    def _walk(self, slug: str, path: tuple[str, ...]) -> tuple[Demand, int]:
        if slug in path:
            cycle = " -> ".join((*path[path.index(slug) :], slug))
            raise RefusedError(f"finished good cycle: {cycle}")
        if slug in self._memo:
            demand, height = self._memo[slug]
            # A memoised sub-good may be reached again deeper than before.
            self._check_depth(path, slug, height)
            return demand, height
        self._check_depth(path, slug, 1)
        parent = path[-1] if path else ""
        found = good(self.catalog, slug, f"finished good '{parent}'" if parent else "")
        units: dict[str, Fraction] = {}
        materials: dict[str, Fraction] = {}
        height = 1
        for component in found.components:
            if component.kind == "finished_unit":
                if component.ref not in self.catalog.finished_units:
                    raise RefusedError(f"finished good '{slug}': unknown finished unit '{component.ref}'")
                _add(units, component.ref, component.quantity)
            elif component.kind == "material_unit":
                if component.ref not in self.catalog.material_units:
                    raise RefusedError(f"finished good '{slug}': unknown material unit '{component.ref}'")
                _add(materials, component.ref, component.quantity)
            else:
                sub, sub_height = self._walk(component.ref, (*path, slug))
                height = max(height, sub_height + 1)
                for unit, qty in sub.finished_units.items():
                    _add(units, unit, qty * component.quantity)
                for material, qty in sub.material_units.items():
                    _add(materials, material, qty * component.quantity)
        result = (Demand(_sorted(units), _sorted(materials)), height)
        self._memo[slug] = result
        return result

    @staticmethod
    def _check_depth(path: tuple[str, ...], slug: str, height: int) -> None:
        # Validation reports this first; the guard keeps a bad snapshot or a
        # skipped validation from recursing without bound.
        if len(path) + height > MAX_GOOD_DEPTH + 1:
            chain = " -> ".join((*path, slug)) + (" -> ..." if height > 1 else "")
            raise RefusedError(f"finished goods nest deeper than {MAX_GOOD_DEPTH} levels: {chain}")

    def explode(self, goods: Mapping[str, Fraction] | Iterable[tuple[str, Fraction]]) -> Demand:
        """Total units for ``goods`` (slug -> quantity), merged by slug."""
        pairs = goods.items() if isinstance(goods, Mapping) else goods
        units: dict[str, Fraction] = {}
        materials: dict[str, Fraction] = {}
        for slug, quantity in pairs:
            one = self.per_good(slug)
            for unit, qty in one.finished_units.items():
                _add(units, unit, qty * quantity)
            for material, qty in one.material_units.items():
                _add(materials, material, qty * quantity)
        return Demand(_sorted(units), _sorted(materials))


def explode_goods(catalog: Catalog, goods: Mapping[str, Fraction]) -> Demand:
    return Exploder(catalog).explode(goods)


def goods_demand(catalog: Catalog, event: Event) -> dict[str, Fraction]:
    """Bundled demand for finished goods, in plan order (listed goods first,
    then goods that arrive through recipient packages, first seen first):
    listed quantities + package line x package quantity x recipient quantity.
    Plan order matters to feasibility, which serves goods in this order."""
    goods: dict[str, Fraction] = {}
    for planned in event.finished_goods:
        good(catalog, planned.finished_good, f"event '{event.slug}'")
        _add(goods, planned.finished_good, Fraction(planned.quantity))
    for entry in event.recipients:
        package = catalog.packages.get(entry.package)
        if package is None:
            raise RefusedError(f"event '{event.slug}': recipient '{entry.recipient}' has unknown package '{entry.package}'")
        for line in package.contents:
            good(catalog, line.finished_good, f"package '{package.slug}'")
            _add(goods, line.finished_good, line.quantity * entry.quantity)
    return goods


def units_demand(catalog: Catalog, event: Event) -> dict[str, Fraction]:
    """bulk_count demand: the event's finished units, merged by slug."""
    units: dict[str, Fraction] = {}
    for planned in event.finished_units:
        if planned.finished_unit not in catalog.finished_units:
            raise RefusedError(f"event '{event.slug}': unknown finished unit '{planned.finished_unit}'")
        _add(units, planned.finished_unit, Fraction(planned.quantity))
    return units


def event_goods(catalog: Catalog, event: Event) -> dict[str, Fraction]:
    """The goods the event assembles: none in bulk_count mode."""
    if event.output_mode == "bulk_count":
        return {}
    return goods_demand(catalog, event)


def event_demand(catalog: Catalog, event: Event) -> Demand:
    """All finished and material units the event needs.

    ``bundled`` reads goods and packages, ``bulk_count`` reads finished
    units; an event without an ``output_mode`` yet reads both, so nothing
    the baker listed is silently dropped while the plan is being drafted.
    """
    units: dict[str, Fraction] = {}
    materials: dict[str, Fraction] = {}
    if event.output_mode != "bulk_count":
        exploded = explode_goods(catalog, goods_demand(catalog, event))
        units.update(exploded.finished_units)
        materials.update(exploded.material_units)
    if event.output_mode != "bundled":
        for slug, quantity in units_demand(catalog, event).items():
            _add(units, slug, quantity)
    return Demand(_sorted(units), _sorted(materials))

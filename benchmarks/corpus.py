"""A realistic plan repository of any size, for benchmarks.

    python benchmarks/corpus.py OUT --files 5000 [--seed 1]

Recipes have 8-20 ingredient lines in mixed units (some with a sub-recipe),
finished units have one to three yield options (some are batch portions),
finished goods nest up to three levels and use packaging (ribbon
materials), events plan goods with recipient packages. Products (a priced
package for most ingredients and every material) come from three
suppliers with aisles; an inventory counted on ``as_of`` and a purchase
log after it make the stock. One event, ``big-event``, plans 200
finished goods reaching 100 recipes: the planning benchmark. The same
arguments always give the same files.
"""

from __future__ import annotations

import argparse
import random
import subprocess
from pathlib import Path

WORDS = ("almond butter caramel cherry chocolate cinnamon citrus coconut cranberry espresso fig ginger hazelnut "
         "honey lemon maple molasses nutmeg orange peanut pecan peppermint pistachio pumpkin raspberry "
         "rum salted sesame spice toffee vanilla walnut").split()  # fmt: skip
BAKES = ("cookie bar brownie blondie biscotti shortbread truffle fudge bark cake loaf muffin scone roll "
         "tart macaron snap crinkle").split()  # fmt: skip
#: Each ingredient is used in one family of units, as a kitchen does: with a
#: density, mass and volume mix; without, only its own dimension.
MIXED = ("cup", "tbsp", "tsp", "g", "oz", "lb", "fl oz", "ml", "kg")
FAMILIES = (MIXED, ("g", "oz", "lb", "kg"), ("cup", "tbsp", "tsp", "fl oz", "ml"), MIXED, ("g", "oz", "lb"), ("each",))
#: A package per family, as (quantity, unit).
PACKAGES = ({"quantity": 5, "unit": "lb"}, {"quantity": 2, "unit": "lb"}, {"quantity": 32, "unit": "fl oz"},
            {"quantity": 80, "unit": "oz"}, {"quantity": 1, "unit": "lb"}, {"quantity": 12, "unit": "each"})  # fmt: skip
SUPPLIERS = {"costco": ("Costco", ["produce", "dairy", "baking", "pantry", "candy"]),
             "grocer": ("Corner Grocer", ["pantry", "baking", "dairy", "produce"]),
             "craft-store": ("Craft Store", ["crafts", "party", "baking"])}  # fmt: skip
N_RIBBONS = 5


def _yaml_line(mapping: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


class Corpus:
    def __init__(self, root: Path, files: int, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.n_ingredients = max(40, files // 12)
        self.n_recipes = max(100, files * 26 // 100)
        self.n_units = self.n_recipes
        self.n_materials = max(10, files // 100)
        self.n_goods = max(200, files * 194 // 1000)
        self.n_recipients = max(10, files // 50)
        self.n_packages = max(5, files // 100)
        used = (self.n_ingredients + self.n_recipes + self.n_units + self.n_materials + self.n_goods
                + self.n_recipients + self.n_packages + 1 + 200
                + N_RIBBONS + len(SUPPLIERS) + 1)  # fmt: skip
        self.files = files
        self.n_events = max(2, files - used)  # less the products, once the recipes say which ingredients are used

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def name(self, index: int, kind: str) -> str:
        first = WORDS[index % len(WORDS)]
        second = WORDS[(index // len(WORDS)) % len(WORDS)]
        return f"{first.title()} {second} {kind} {index}"

    def build(self) -> None:
        rng = self.rng
        self.write("plansync.yaml", "version: 1\nwaste_threshold: 0.15\n")
        self.write(".gitignore", ".plansync/\n")
        for i in range(self.n_ingredients):
            density = f"\ndensity: {{volume: 1 cup, mass: {rng.randint(30, 90) / 10} oz}}" if i % 3 == 0 else ""
            self.write(f"catalog/ingredients/ing-{i}.yaml",
                       f"kind: ingredient\nslug: ing-{i}\nname: {self.name(i, 'ingredient')}\ncategory: pantry{density}\n")  # fmt: skip
        self.big_ingredients: set[int] = set()
        for i in range(self.n_recipes):
            lines = []
            for k in range(rng.randint(8, 20)):
                ingredient = rng.randrange(self.n_ingredients)
                if i < 100:
                    self.big_ingredients.add(ingredient)
                line = {"ingredient": f"ing-{ingredient}",
                        "quantity": rng.choice([0.25, 0.5, 0.75, 1, 1.5, 2, 2.25, 3, 100, 250]),
                        "unit": rng.choice(FAMILIES[ingredient % len(FAMILIES)])}  # fmt: skip
                if k % 5 == 0:
                    line["note"] = "room temperature"
                lines.append(f"  - {_yaml_line(line)}\n")
            sub = ""
            if i >= 10 and i % 7 == 0:
                child = rng.randrange(i - 10, i)
                child -= 1 if child % 7 == 0 else 0  # a sub-recipe without its own: no chains, no cycles
                sub = f"components:\n  - {{recipe: rec-{child}, batches: 0.5}}\n"
            self.write(f"catalog/recipes/rec-{i}.yaml",
                       f"kind: recipe\nslug: rec-{i}\nname: {self.name(i, rng.choice(BAKES))}\ncategory: "
                       f"{rng.choice(BAKES)}s\nsource: family card {i}\nnotes: Chill the dough overnight.\n"
                       f"ingredients:\n{''.join(lines)}{sub}")  # fmt: skip
        for i in range(self.n_units):
            if i % 10 == 9:
                spec = f"  mode: batch_portion\n  batch_percentage: {rng.choice([25, 50, 100])}\n  portion: loaf\n"
            else:
                base = rng.choice([12, 18, 24, 36, 48])
                options = [f"    - {{per_batch: {base}}}\n"]
                if i % 2 == 0:
                    options.append(f"    - {{per_batch: {base * 2}, batch_multiplier: 2}}\n")
                if i % 4 == 0:
                    options.append(f"    - {{per_batch: {base // 2}, batch_multiplier: 0.5}}\n")
                spec = f"  mode: discrete_count\n  unit: piece\n  options:\n{''.join(options)}"
            self.write(f"catalog/finished-units/fu-{i}.yaml",
                       f"kind: finished_unit\nslug: fu-{i}\nname: {self.name(i, 'piece')}\nrecipe: rec-{i}\nyield:\n{spec}")  # fmt: skip
        for i in range(self.n_materials):
            self.write(f"catalog/material-units/mat-{i}.yaml",
                       f"kind: material_unit\nslug: mat-{i}\nname: Ribbon {i}\nmaterial: ribbon-{i % N_RIBBONS}\n"
                       f"quantity_per_unit: 6\nunit: inch\n")  # fmt: skip
        for i in range(self.n_goods):
            comps = [f"  - {{finished_unit: fu-{rng.randrange(self.n_units)}, quantity: {rng.choice([1, 2, 3, 6, 1.5])}}}\n"
                     for _ in range(rng.randint(1, 4))]  # fmt: skip
            if i >= 20 and i % 5 == 0:
                comps.append(f"  - {{finished_good: fg-{rng.randrange(0, 20)}, quantity: 1}}\n")
            comps.append(f"  - {{material_unit: mat-{rng.randrange(self.n_materials)}, quantity: 1}}\n")
            self.write(f"catalog/finished-goods/fg-{i}.yaml",
                       f"kind: finished_good\nslug: fg-{i}\nname: {self.name(i, 'gift bag')}\nassembly_type: bundle\n"
                       f"components:\n{''.join(comps)}")  # fmt: skip
        for i in range(self.n_recipients):
            self.write(f"catalog/recipients/rcp-{i}.yaml",
                       f"kind: recipient\nslug: rcp-{i}\nname: Neighbour {i}\nhousehold: House {i // 2}\n")  # fmt: skip
        for i in range(self.n_packages):
            self.write(f"catalog/packages/pkg-{i}.yaml",
                       f"kind: package\nslug: pkg-{i}\nname: Tin {i}\ncontents:\n"
                       f"  - {{finished_good: fg-{rng.randrange(self.n_goods)}, quantity: 2}}\n")  # fmt: skip
        self.write("inventory.yaml", "kind: inventory\nas_of: 2026-11-28\nitems:\n" + "".join(
            f"  - {{ingredient: ing-{i}, quantity: {rng.randint(1, 20)}, unit: {FAMILIES[i % len(FAMILIES)][0]}"
            + (f", unit_cost: {rng.randint(5, 90) / 100:.2f}}}\n" if i % 8 == 0 else "}\n")
            for i in range(0, self.n_ingredients, 4)))
        self._supplies()
        self._big_event()
        for i in range(self.n_events - 1):
            goods = rng.sample(range(self.n_goods), 20)
            lines = "".join(f"  - {{finished_good: fg-{g}, quantity: {rng.randint(5, 60)}}}\n" for g in goods)
            recipients = "".join(
                f"  - {{recipient: rcp-{r}, package: pkg-{rng.randrange(self.n_packages)}, quantity: 1, status: pending}}\n"
                for r in rng.sample(range(self.n_recipients), 3))  # fmt: skip
            self.write(f"events/event-{i}/event.yaml",
                       f"kind: event\nslug: event-{i}\nname: Event {i}\ndate: 2026-12-{(i % 28) + 1:02d}\n"
                       f"output_mode: bundled\nplan_state: draft\nfinished_goods:\n{lines}recipients:\n{recipients}")  # fmt: skip

    def _supplies(self) -> None:
        """Ribbon materials, suppliers, a product for most ingredients (every
        one the big event's recipes use, so its cost is known) and each
        material, the inventory's ``as_of`` and purchases after it."""
        rng = random.Random(11)
        for slug, (name, aisles) in SUPPLIERS.items():
            self.write(f"catalog/suppliers/{slug}.yaml",
                       f"kind: supplier\nslug: {slug}\nname: {name}\naisles: [{', '.join(aisles)}]\n")  # fmt: skip
        products = []
        for i in range(N_RIBBONS):
            self.write(f"catalog/materials/ribbon-{i}.yaml",
                       f"kind: material\nslug: ribbon-{i}\nname: Ribbon {i}\nunit: inch\naisle: crafts\n")  # fmt: skip
            products.append({"slug": f"ribbon-{i}-50yd", "name": f"Ribbon {i}, 50 yd spool", "material": f"ribbon-{i}",
                             "package": "{quantity: 1800, unit: inch}", "supplier": "craft-store",
                             "price": f"{rng.randint(600, 1200) / 100:.2f}", "aisle": "crafts"})  # fmt: skip
        for i in range(self.n_ingredients):
            if i % 10 == 9 and i not in self.big_ingredients:
                continue  # most, not all: a few ingredients have no product
            package = PACKAGES[i % len(PACKAGES)]
            supplier = "costco" if i % 3 else "grocer"
            products.append({"slug": f"ing-{i}-pack", "name": f"{self.name(i, 'ingredient')}, "
                             f"{package['quantity']} {package['unit']}", "ingredient": f"ing-{i}",
                             "package": _yaml_line(package), "supplier": supplier,
                             "price": f"{rng.randint(150, 1500) / 100:.2f}",
                             "aisle": rng.choice(SUPPLIERS[supplier][1])})  # fmt: skip
        for product in products:
            self.write(f"catalog/products/{product['slug']}.yaml", "kind: product\n" + "".join(
                f"{key}: {value}\n" for key, value in product.items()))
        lines = []
        for seq, product in enumerate(rng.sample(products, min(len(products), 60)), start=1):
            packages = rng.randint(1, 3)
            at = f"2026-12-{1 + seq // 20:02d}T{8 + seq % 10:02d}:{seq % 60:02d}:00Z"
            lines.append(f"  - {{seq: {seq}, at: '{at}', product: {product['slug']}, packages: {packages}, "
                         f"price: {packages * float(product['price']):.2f}, supplier: {product['supplier']}}}\n")  # fmt: skip
        self.write("purchases.yaml", "kind: purchases\npurchases:\n" + "".join(lines))
        self.n_events = max(2, self.n_events - len(products))

    def _big_event(self) -> None:
        """200 finished goods whose finished units come from 100 recipes."""
        rng = random.Random(7)
        for i in range(200):
            units = [rng.randrange(100) for _ in range(2)]
            self.write(f"catalog/finished-goods/big-{i}.yaml",
                       f"kind: finished_good\nslug: big-{i}\nname: Big {i}\nassembly_type: bundle\ncomponents:\n"
                       + "".join(f"  - {{finished_unit: fu-{u}, quantity: {rng.choice([1, 2, 6])}}}\n" for u in units)
                       + f"  - {{material_unit: mat-{i % self.n_materials}, quantity: 1}}\n")  # fmt: skip
        lines = "".join(f"  - {{finished_good: big-{i}, quantity: {rng.randint(5, 40)}}}\n" for i in range(200))
        self.write("events/big-event/event.yaml",
                   "kind: event\nslug: big-event\nname: Big Event\ndate: 2026-12-20\noutput_mode: bundled\n"
                   f"plan_state: draft\nfinished_goods:\n{lines}")  # fmt: skip


def generate(root: Path, files: int, seed: int = 1, git: bool = False) -> Path:
    Corpus(root, files, seed).build()
    if git:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
        subprocess.run(["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                        "commit", "-q", "-m", "corpus"], check=True)  # fmt: skip
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--git", action="store_true", help="also git init and commit")
    args = parser.parse_args()
    generate(args.out, args.files, args.seed, args.git)
    count = sum(1 for p in args.out.rglob("*.yaml") if ".git" not in p.parts)
    print(f"{count} YAML files in {args.out}")


if __name__ == "__main__":
    main()

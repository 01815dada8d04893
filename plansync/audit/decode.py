"""What a change to one plan file means, from the two versions of its data.

Commands write what happened as files (design.md), so a commit's meaning
can be read back from what changed in them:

- ``event``: a ``plan_state`` change is a state transition; a recipient's
  ``status`` change is a fulfillment step; ``shopping_completed_at`` set is
  shopping marked done; an entry of a plan list (finished goods, finished
  units, batch decisions) added, removed or changed is named by what it
  plans, not by its position in the list.
- ``amendments``: each entry with a new ``seq`` is an amendment added.
- ``runs``: each new ``production`` / ``assembly`` entry is a run recorded.
- ``purchases``: each new line is a purchase (``purchase 3: 2 x flour-5lb, 9.98``).
- ``snapshot``: a new ``content_sha256`` is a snapshot written.

Whatever those do not explain is reported as the file added, removed or
changed (with the fields that changed). A version that does not parse is
reported as the file changed, never an error: history shows what is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from plansync.audit.fielddiff import field_changes, show

#: A record: {"path", "kind", "change", ...details, "summary"}.
Record = dict[str, Any]
#: Which dotted fields the records of a decoder account for.
Explained = Callable[[str], bool]

#: At most this many field names are listed in a "changed" summary (JSON lists all).
MAX_SUMMARY_FIELDS = 6


@dataclass(frozen=True)
class Version:
    """One version of a file: its parsed data, or why it did not parse."""

    data: Any = None
    error: str | None = None
    #: Not a plan file (no format reads its extension): its content is not looked at.
    opaque: bool = False

    @property
    def mapping(self) -> dict[str, Any] | None:
        return self.data if self.error is None and isinstance(self.data, dict) else None

    @property
    def kind(self) -> str | None:
        kind = self.mapping.get("kind") if self.mapping else None
        return kind if isinstance(kind, str) else None

    @property
    def slug(self) -> str | None:
        slug = self.mapping.get("slug") if self.mapping else None
        return slug if isinstance(slug, str) else None


def decode(path: str, old: Version | None, new: Version | None) -> list[Record]:
    """The records for one file change (``old`` None: added; ``new`` None: removed)."""
    if new is None:
        assert old is not None
        return [_file(path, old, "removed", f"removed {_label(old)}".rstrip())]
    if old is None:
        if new.mapping is not None and new.kind in DECODERS:
            records, _ = DECODERS[new.kind](path, {}, new.mapping)
            if records:
                return records
        return [_file(path, new, "added", f"added {_label(new)}".rstrip())]
    if old.opaque or new.opaque:
        return [_file(path, new, "changed", "changed")]
    if new.error is not None or old.error is not None:
        if new.error is not None:
            note, shown = f"does not parse: {new.error}", old
        else:
            note, shown = f"parses again (did not parse before: {old.error})", new
        return [{**_file(path, shown, "changed", f"changed; {note}"), "parse_error": new.error}]
    if old.mapping is None or new.mapping is None or old.kind != new.kind:
        return [_changed(path, new, [c.field for c in field_changes(old.data, new.data)])]
    records: list[Record] = []
    explained: Explained = lambda _field: False  # noqa: E731
    if new.kind in DECODERS:
        records, explained = DECODERS[new.kind](path, old.mapping, new.mapping)
    rest = [c.field for c in field_changes(old.mapping, new.mapping) if not explained(c.field)]
    if rest or not records:
        records.append(_changed(path, new, rest))
    return records


def _label(version: Version) -> str:
    if version.mapping is None:
        return "(does not parse)" if version.error is not None else ""
    return " ".join(part for part in (version.kind, version.slug) if part)


def _file(path: str, version: Version, change: str, summary: str) -> Record:
    record: Record = {"path": path, "kind": version.kind, "change": change}
    if version.slug is not None:
        record["slug"] = version.slug
    record["summary"] = summary
    return record


def _changed(path: str, new: Version, fields: list[str]) -> Record:
    if not fields:
        summary = "changed (comments or layout only)"
    else:
        listed = ", ".join(fields[:MAX_SUMMARY_FIELDS])
        more = len(fields) - MAX_SUMMARY_FIELDS
        summary = f"changed {listed}" + (f" and {more} more field(s)" if more > 0 else "")
    record = _file(path, new, "changed", summary)
    record["fields"] = fields
    return record


def _record(path: str, kind: str, change: str, event: Any, summary: str, **details: Any) -> Record:
    return {"path": path, "kind": kind, "change": change, "event": event, **details, "summary": summary}


def _event(path: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Record], Explained]:
    slug = new.get("slug")
    records: list[Record] = []
    explained: set[str] = set()
    before, after = old.get("plan_state"), new.get("plan_state")
    if old and before != after and after is not None:
        summary = f"plan_state {before or '(none)'} -> {after}"
        records.append(_record(path, "event", "state", slug, summary, **{"from": before, "to": after}))
        explained.add("plan_state")
    done = new.get("shopping_completed_at")
    if old and done and done != old.get("shopping_completed_at"):
        records.append(_record(path, "event", "shopping_done", slug, f"shopping marked done at {done}", at=done))
        explained.add("shopping_completed_at")
    old_recipients = old.get("recipients") if isinstance(old.get("recipients"), list) else []
    new_recipients = new.get("recipients") if isinstance(new.get("recipients"), list) else []
    by_key = {_recipient_key(item): (index, item) for index, item in enumerate(old_recipients) if isinstance(item, dict)}
    for index, item in enumerate(new_recipients):
        if not isinstance(item, dict) or _recipient_key(item) not in by_key:
            continue
        old_index, old_item = by_key[_recipient_key(item)]
        status_before, status_after = old_item.get("status", "pending"), item.get("status", "pending")
        if status_before == status_after:
            continue
        recipient, package = item.get("recipient"), item.get("package")
        summary = f"recipient {recipient} ({package}): {status_before} -> {status_after}"
        details = {"recipient": recipient, "package": package, "from": status_before, "to": status_after}
        records.append(_record(path, "event", "fulfillment", slug, summary, **details))
        if old_index == index:
            explained.add(f"recipients.{index}.status")
    lists = _plan_lists(path, slug, old, new, records) if old else set()
    return records, lambda field: field in explained or field.split(".", 1)[0] in lists


#: Plan lists: the field naming an entry, and what an entry is called.
_PLAN_LISTS = {
    "finished_goods": ("finished_good", "finished good"),
    "finished_units": ("finished_unit", "finished unit"),
    "batch_decisions": ("finished_unit", "batch decision"),
}


def _plan_lists(path: str, slug: Any, old: dict[str, Any], new: dict[str, Any], records: list[Record]) -> set[str]:
    """Records for the entries of each plan list added, removed or changed,
    matched by what they name; returns the lists they fully account for (a
    list whose entries do not name distinct things is left to the fields)."""
    explained = set()
    for key, (field, label) in _PLAN_LISTS.items():
        before, after = _named(old.get(key, []), field), _named(new.get(key, []), field)
        if before is None or after is None:
            continue
        for name, entry in after.items():
            if name not in before:
                summary = f"{label} {name} added" + _rest(entry, field)
            elif entry != before[name]:
                summary = f"{label} {name}: " + "; ".join(c.line() for c in field_changes(before[name], entry))
            else:
                continue
            records.append(_record(path, "event", "plan", slug, summary, list=key, item=name,
                                   **{"from": before.get(name), "to": entry}))  # fmt: skip
        for name, entry in before.items():
            if name not in after:
                records.append(_record(path, "event", "plan", slug, f"{label} {name} removed", list=key, item=name,
                                       **{"from": entry, "to": None}))  # fmt: skip
        explained.add(key)
    return explained


def _named(entries: Any, field: str) -> dict[str, dict[str, Any]] | None:
    """A plan list's entries by the slug they name, in order; None unless
    every entry is a mapping naming a distinct slug."""
    if not isinstance(entries, list):
        return None
    named = {entry.get(field): entry for entry in entries if isinstance(entry, dict) and isinstance(entry.get(field), str)}
    return named if len(named) == len(entries) else None


def _rest(entry: dict[str, Any], field: str) -> str:
    rest = ", ".join(f"{key} {show(value)}" for key, value in entry.items() if key != field)
    return f" ({rest})" if rest else ""


def _recipient_key(item: dict[str, Any]) -> tuple[Any, Any]:
    return item.get("recipient"), item.get("package")


def _appended(old: dict[str, Any], new: dict[str, Any], key: str) -> tuple[list[dict[str, Any]], set[str]]:
    """Entries of ``new[key]`` with a ``seq`` not in ``old[key]``, and the fields they account for."""
    old_items = old.get(key) if isinstance(old.get(key), list) else []
    new_items = new.get(key) if isinstance(new.get(key), list) else []
    seen = {item.get("seq") for item in old_items if isinstance(item, dict)}
    added, explained = [], set()
    for index, item in enumerate(new_items):
        if isinstance(item, dict) and item.get("seq") not in seen:
            added.append(item)
            if index >= len(old_items):
                explained.add(f"{key}.{index}")
    if new_items and added and key not in old:
        explained.add(key)
    return added, explained


def _amendments(path: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Record], Explained]:
    added, explained = _appended(old, new, "amendments")
    records = []
    for item in added:
        data = item.get("data") if isinstance(item.get("data"), dict) else {}
        listed = ", ".join(_brief(key, value) for key, value in data.items()) or "no data"
        summary = f"amendment {item.get('seq')} {item.get('type')}: {listed}; reason: {show(item.get('reason'))}"
        details = {"seq": item.get("seq"), "type": item.get("type"), "data": data, "reason": item.get("reason"), "at": item.get("at")}
        records.append(_record(path, "amendments", "amendment", new.get("event"), summary, **details))
    return records, explained.__contains__


def _brief(key: str, value: Any) -> str:
    """``quantity 10``; nested data (an add_fg's frozen definitions) only named: ``definitions (2)``."""
    return f"{key} ({len(value)})" if isinstance(value, (dict, list)) else f"{key} {show(value)}"


def _runs(path: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Record], Explained]:
    records = []
    production, explained = _appended(old, new, "production")
    for run in production:
        loss = "" if run.get("loss_status") in (None, "complete") else f" ({run.get('loss_status')})"
        records.append(
            _record(path, "runs", "production_run", new.get("event"),
                    f"production run {run.get('seq')}: {run.get('finished_unit')}, {show(run.get('batches'))} batch(es), "
                    f"yield {show(run.get('actual_yield'))} of {show(run.get('expected_yield'))}{loss}",
                    seq=run.get("seq"), finished_unit=run.get("finished_unit"), recipe=run.get("recipe"),
                    batches=run.get("batches"), expected_yield=run.get("expected_yield"),
                    actual_yield=run.get("actual_yield"), loss_status=run.get("loss_status"), at=run.get("at"))
        )  # fmt: skip
    assembly, more = _appended(old, new, "assembly")
    for run in assembly:
        records.append(
            _record(path, "runs", "assembly_run", new.get("event"),
                    f"assembly run {run.get('seq')}: {run.get('finished_good')}, quantity {show(run.get('quantity'))}",
                    seq=run.get("seq"), finished_good=run.get("finished_good"), quantity=run.get("quantity"),
                    at=run.get("at"))
        )  # fmt: skip
    return records, (explained | more).__contains__


def _purchases(path: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Record], Explained]:
    added, explained = _appended(old, new, "purchases")
    records = []
    for line in added:
        price = "" if line.get("price") is None else f", {_money(line.get('price'))}"
        summary = f"purchase {line.get('seq')}: {show(line.get('packages'))} x {line.get('product')}{price}"
        details = {key: line.get(key) for key in ("seq", "at", "product", "packages", "price", "supplier")}
        records.append(_record(path, "purchases", "purchase", None, summary, **details))
    return records, explained.__contains__


def _money(value: Any) -> str:
    """A price as the receipt shows it (``9.98``, ``12.00``)."""
    return f"{value:.2f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else show(value)


def _snapshot(path: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Record], Explained]:
    digest = new.get("content_sha256")
    if not isinstance(digest, str) or digest == old.get("content_sha256"):
        return [], lambda _field: False
    kind = new.get("snapshot_type")
    record = _record(path, "snapshot", "snapshot", new.get("event"), f"{kind} snapshot written ({digest[:8]})",
                     snapshot_type=kind, content_sha256=digest, hash8=digest[:8], created_at=new.get("created_at"))  # fmt: skip
    return [record], lambda _field: True


DECODERS: dict[str, Callable[[str, dict[str, Any], dict[str, Any]], tuple[list[Record], Explained]]] = {
    "event": _event,
    "amendments": _amendments,
    "runs": _runs,
    "purchases": _purchases,
    "snapshot": _snapshot,
}


def appended(kind: str, old: Any, new: Any) -> list[str]:
    """What was appended to a purchase log between two versions, one line
    each (``purchase 3: 2 x flour-5lb, 9.98``): how ``diff`` explains it."""
    if kind != "purchases" or not isinstance(new, dict):
        return []
    records, _explained = _purchases("", old if isinstance(old, dict) else {}, new)
    return [record["summary"] for record in records]

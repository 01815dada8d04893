"""Loading plan files: bytes -> text -> data -> schema-checked documents.

The pipeline of one file, each step able to stop with a located problem:
size limit, UTF-8 decoding (a BOM is fine), parsing by the format the
extension names, a mapping with a known ``kind``, the kind's JSON Schema.
Problems are returned as values; nothing here raises for a bad file.
"""

from __future__ import annotations

import hashlib
import re
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from plansync.errors import LoadError, Pointer, Problem
from plansync.formats.format import Format, FormatTable, format_for
from plansync.load.sources import Source
from plansync.repo import schemas


@dataclass(eq=False)
class Document:
    """One parsed plan file.

    Documents from the load cache come lazily: ``text`` is read from
    ``source`` and ``data`` decoded from its cached JSON the first time
    something needs them (a command planning one event touches a few
    hundred documents of a repository of thousands); their kind and slug
    are known without either.
    """

    path: str
    _text: str | None
    _data: Any
    format: Format
    sha256: str
    #: False when the file broke its schema: rules that trust shapes skip it.
    valid: bool = True
    source: Source | None = field(default=None, repr=False)
    #: Made on the first lookup: most documents are never asked where a value is.
    _locations: dict[tuple[Pointer, bool], tuple[int, int] | None] | None = field(default=None, repr=False)
    #: The cached data as JSON text, decoded into ``data`` on first use.
    _json: str | None = field(default=None, repr=False)
    _kind_slug: tuple[str | None, str | None] | None = field(default=None, repr=False)
    _dumped: str | None = field(default=None, repr=False)

    @property
    def data(self) -> Any:
        if self._json is not None:
            try:
                self._data = json.loads(self._json)
            except ValueError:  # a damaged load cache entry: read the file itself
                self._data = self.format.read(self.text)
            self._json = None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._json, self._dumped = value, None, None

    def json_text(self) -> str:
        """The data as compact JSON (the cached text when it was never decoded)."""
        if self._json is not None:
            return self._json
        if self._dumped is None:
            self._dumped = json.dumps(self._data, ensure_ascii=False, separators=(",", ":"))
        return self._dumped

    @property
    def text(self) -> str:
        if self._text is None:
            assert self.source is not None, "a document without text needs its source"
            self._text = _decode(self.source.read(self.path, 1 << 62))
        return self._text

    # kind and slug are asked ~15 times per document in a full validation:
    # the cached pair is read without a second property call.
    @property
    def kind(self) -> str | None:
        known = self._kind_slug
        return known[0] if known is not None else self.kind_slug[0]

    @property
    def slug(self) -> str | None:
        known = self._kind_slug
        return known[1] if known is not None else self.kind_slug[1]

    @property
    def kind_slug(self) -> tuple[str | None, str | None]:
        """(kind, slug), each None when the data names none as text."""
        if self._kind_slug is not None:
            return self._kind_slug
        data = self.data
        if not isinstance(data, dict):
            return None, None
        kind, slug = data.get("kind"), data.get("slug")
        return (kind if isinstance(kind, str) else None), (slug if isinstance(slug, str) else None)

    def locate(self, pointer: Pointer, at_key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``pointer`` (1, 1 when unknown)."""
        key = (pointer, at_key)
        if self._locations is None:
            self._locations = {}
        if key not in self._locations:
            found = self.format.locate(self.text, pointer, at_key) if self.format.locate else None
            self._locations[key] = found
        return self._locations[key] or (1, 1)

    def problem(self, pointer: Pointer, code: str, message: str, severity: str = "error", at_key: bool = False) -> Problem:
        line, column = self.locate(pointer, at_key)
        return Problem(self.path, code, message, severity, line, column)  # type: ignore[arg-type]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from plansync.formats.yamlread import position_of  # ruamel.yaml: only for a file that is not UTF-8

        # Everything before the bad byte decoded: count characters, as an
        # editor does (a BOM at the start is not one it shows).
        before = raw[: exc.start].decode("utf-8-sig")
        line, column = position_of(before, len(before))
        raise LoadError(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded (save the file as UTF-8)",
            line=line,
            column=column,
            code="encoding",
        ) from None


_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F][0-9a-fA-F]{2}")


_CONFLICT = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)


def parse_bytes(path: str, raw: bytes, fmt: Format) -> Document:
    """Decode and parse one file; raises LoadError with a location."""
    text = _decode(raw)
    if not text.strip():
        raise LoadError("the file is empty", line=1, column=1, code="empty-file")
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        # Named as what it is: a YAML or JSON syntax error here would send
        # the baker looking for a typo.
        line = text.count("\n", 0, conflict.start()) + 1
        raise LoadError(
            "git merge conflict markers (<<<<<<<, =======, >>>>>>>): resolve the conflict, keep one version, "
            "and remove the markers",
            line=line,
            column=1,
            code="merge-conflict",
        )
    data = fmt.read(text)
    doc = Document(path, text, data, fmt, hashlib.sha256(raw).hexdigest())
    unencodable = schemas.encoding_findings(data)
    if unencodable:
        # Not a document at all: text no UTF-8 file, database or JSON output
        # can hold would break sync, query and export for the whole repository.
        first = unencodable[0]
        # The escape itself trips a locator that parses the text again:
        # locate in a copy where it is a harmless escape of the same length.
        harmless = _SURROGATE_ESCAPE.sub(lambda m: m.group()[:2] + "0041", text)
        line, column = Document(path, harmless, data, fmt, doc.sha256).locate(first.pointer, first.at_key)
        raise LoadError(first.message, line=line, column=column, code=first.code)
    return doc


def check_document(doc: Document) -> list[Problem]:
    """The kind and schema problems of a parsed document."""
    if not isinstance(doc.data, dict):
        doc.valid = False
        return [doc.problem((), "wrong-type", "a plan file must hold a mapping (key: value lines) at the top")]
    kind = doc.data.get("kind")
    if kind is None:
        doc.valid = False
        return [doc.problem((), "missing-kind", f"missing 'kind' (one of: {', '.join(schemas.KINDS)})")]
    if kind not in schemas.KINDS:
        doc.valid = False
        shown = repr(kind) if isinstance(kind, str) else json.dumps(kind, ensure_ascii=False)[:60]
        return [doc.problem(("kind",), "unknown-kind", f"unknown kind {shown}; known kinds: {', '.join(schemas.KINDS)}")]
    findings = schemas.check(kind, doc.data)
    if findings:
        doc.valid = False
    return [doc.problem(f.pointer, f.code, f.message, at_key=f.at_key) for f in findings]


@dataclass
class LoadResult:
    documents: list[Document]
    problems: list[Problem]
    files: int


@dataclass
class Loaded:
    """One file through the load path: its document (None when it did not
    parse), its problems, and the sha256 of its bytes (None when unreadable)."""

    document: Document | None
    problems: list[Problem]
    sha256: str | None


def load_file(path: str, fmt: Format | None, read: Callable[[], bytes]) -> Loaded:
    """The one load path of a plan file, from wherever ``read`` takes its
    bytes (the work tree, a git revision): read, decode, parse, check kind
    and schema. Every failure is a located problem, never an exception."""
    if fmt is None:
        return Loaded(None, [Problem(path, "unknown-format", "no format plugin reads this file's extension")], None)
    try:
        raw = read()
    except LoadError as exc:
        return Loaded(None, [Problem(path, exc.code or "unreadable", exc.message, "error", exc.line, exc.column)], None)
    except OSError as exc:
        return Loaded(None, [Problem(path, "unreadable", f"cannot read file: {exc.strerror}")], None)
    try:
        doc = parse_bytes(path, raw, fmt)
    except LoadError as exc:
        problem = Problem(path, exc.code or "unreadable", exc.message, "error", exc.line, exc.column)
        return Loaded(None, [problem], hashlib.sha256(raw).hexdigest())
    return Loaded(doc, check_document(doc), doc.sha256)


def load_paths(source: Source, paths: Iterable[str], formats: FormatTable, max_file_bytes: int) -> LoadResult:
    """Every path of ``source`` through :func:`load_file`, without the cache."""
    documents: list[Document] = []
    problems: list[Problem] = []
    count = 0
    for path in paths:
        count += 1
        loaded = load_file(path, format_for(path, formats), lambda path=path: source.read(path, max_file_bytes))
        problems.extend(loaded.problems)
        if loaded.document is not None:
            documents.append(loaded.document)
    return LoadResult(documents, problems, count)

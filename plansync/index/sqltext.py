"""Reading the text of a query before the database runs it.

The database is what enforces read-only (:mod:`plansync.index.readonly`);
this module only refuses, early and with a clear message, what must never
reach it: a second statement (it could end the read-only transaction and
start a writable one), and on PostgreSQL a statement that is not a query
or that names a function able to undo the privileges the query runs with.
Quotes, dollar quotes and comments are skipped the way the databases skip
them, so a ``;`` inside a string is not a statement end, and one outside
every string always is.
"""

from __future__ import annotations

import re

from plansync.errors import RefusedError

_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*)?\$")

#: PostgreSQL statements that only read.
PG_QUERIES = frozenset({"select", "with", "values", "table", "show", "explain"})

#: Functions that could change the role a PostgreSQL query runs as, or run
#: SQL text built at run time (which could call the first kind): refused by
#: name wherever they appear, even inside a string.
PG_REFUSED_NAMES = (
    "set_config", "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml",
    "cursor_to_xmlschema", "ts_stat", "ts_rewrite", "dblink",
)  # fmt: skip


def _skip(sql: str, index: int) -> int | None:
    """If a string, quoted name or comment starts at ``index``, the index just
    past it (the end of ``sql`` when it is never closed); else None."""
    char = sql[index]
    if char in "'\"":
        escaped = char == "'" and index > 0 and sql[index - 1] in "eE" and not _word_char(sql, index - 2)
        position = index + 1
        while position < len(sql):
            if escaped and sql[position] == "\\":
                position += 2
                continue
            if sql[position] == char:
                if sql.startswith(char, position + 1):  # a doubled quote stays inside
                    position += 2
                    continue
                return position + 1
            position += 1
        return len(sql)
    if sql.startswith("--", index):
        newline = sql.find("\n", index)
        return len(sql) if newline < 0 else newline + 1
    if sql.startswith("/*", index):
        closing = sql.find("*/", index + 2)
        return len(sql) if closing < 0 else closing + 2
    if char == "$" and not _word_char(sql, index - 1):
        match = _DOLLAR_TAG.match(sql, index)
        if match:
            closing = sql.find(match.group(), match.end())
            return len(sql) if closing < 0 else closing + len(match.group())
    return None


def _word_char(sql: str, index: int) -> bool:
    return 0 <= index < len(sql) and (sql[index].isalnum() or sql[index] in "_$")


def code_parts(sql: str) -> list[str]:
    """The pieces of ``sql`` outside strings, quoted names and comments."""
    parts: list[str] = []
    start = index = 0
    while index < len(sql):
        end = _skip(sql, index)
        if end is None:
            index += 1
            continue
        parts.append(sql[start:index])
        parts.append(" ")
        start = index = end
    parts.append(sql[start:])
    return parts


def single_statement(sql: str) -> str:
    """``sql`` without a trailing ``;``; refuses a second statement."""
    index = 0
    while index < len(sql):
        end = _skip(sql, index)
        if end is not None:
            index = end
            continue
        if sql[index] == ";":
            if "".join(code_parts(sql[index + 1 :])).replace(";", "").strip():
                raise RefusedError("query runs one statement at a time; remove what follows the ';'")
            sql = sql[:index]
            break
        index += 1
    if not "".join(code_parts(sql)).strip():
        raise RefusedError("the query is empty")
    return sql


def check_postgres_query(statement: str) -> None:
    """Refuse what is not a query, and names that could escape its privileges."""
    code = "".join(code_parts(statement)).lower()
    words = re.findall(r"[a-z_]+", code.replace("(", " "))
    first = words[0] if words else ""
    if first not in PG_QUERIES:
        raise RefusedError(
            f"query refused: only reading statements run ({', '.join(sorted(w.upper() for w in PG_QUERIES))}), "
            f"not {first.upper() or 'this'}"
        )
    if re.search(r"(?<![a-z0-9_$])u&['\"]", statement.lower()):
        raise RefusedError("query refused: U&'...' escapes are not allowed; write names and strings plainly")
    anywhere = statement.lower().replace('"', "")
    for name in PG_REFUSED_NAMES:
        if re.search(rf"(?<![a-z0-9_]){name}(?![a-z0-9_])", anywhere):
            raise RefusedError(f"query refused: {name}() is not allowed (it could run other SQL or change the role the query runs as)")

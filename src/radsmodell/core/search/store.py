"""The index on disk, by vendor: an FTS5 table of stemmed text on SQLite, tsvector columns with GIN
indexes on PostgreSQL (both made by core migration 0006). Everything above this module is the same
on both. `match` returns (id, score, facet keys) for every document the terms match, best first; the
caller filters and counts (so the facet counts cover the whole match set) and cuts the page."""
import base64
import json
from datetime import date

from django.db import connection, transaction

from .text import FIELD_BREAK, Term, stemmed

FTS = "core_search_fts"
MATCH_INDEX = "core_searchdocument_match"
# bm25 weights per FTS column (title, public text, private text, facet columns): the title counts most.
TITLE_WEIGHT = 10.0


def facet_token(key: str) -> str:
    """A facet "body=nuit" as one index token of letters and digits, matched by no word of the text."""
    return "zf" + base64.b32encode(key.encode()).decode().rstrip("=").lower()


def _fields(texts: list[str], stem=None) -> str:
    """The texts of several fields as one column, a break token between them (see text.FIELD_BREAK)."""
    return f" {FIELD_BREAK} ".join(stem(text) if stem else text for text in texts)


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


# --- Writing --------------------------------------------------------------------------------

def write(rows: list[tuple]) -> None:
    """Index documents: (id, title, public field texts, private field texts, facet keys, public facet
    keys, public)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if is_sqlite():
            cursor.executemany(f"DELETE FROM {FTS} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, title, public_text, private_text, facet_tokens, public_facet_tokens)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                [(pk, stemmed(title), _fields(public_texts, stemmed), _fields(private_texts, stemmed),
                  " ".join(map(facet_token, keys)), " ".join(map(facet_token, public_keys)))
                 for pk, title, public_texts, private_texts, keys, public_keys, _public in rows])
        else:
            cursor.executemany(
                "UPDATE core_searchdocument SET"
                " vector_all = setweight(to_tsvector('norwegian', %s), 'A')"
                " || to_tsvector('norwegian', %s) || to_tsvector('norwegian', %s),"
                " vector_public = setweight(to_tsvector('norwegian', %s), 'A') || to_tsvector('norwegian', %s),"
                " vector_facets = to_tsvector('simple', %s), vector_public_facets = to_tsvector('simple', %s)"
                " WHERE id = %s",
                [(title, _fields([""] + public_texts), _fields([""] + private_texts), title if public else "",
                  _fields([""] + public_texts) if public else "",
                  " ".join(map(facet_token, keys)), " ".join(map(facet_token, public_keys)), pk)
                 for pk, title, public_texts, private_texts, keys, public_keys, public in rows])


def forget(ids: list[int]) -> None:
    if ids and is_sqlite():
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS} WHERE rowid = %s", [(pk,) for pk in ids])


def clear() -> None:
    if is_sqlite():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS}")


# --- Reading --------------------------------------------------------------------------------

def _fts_string(term: Term) -> str:
    """A term in FTS5 syntax; stems hold only letters and digits, so quoting them is safe."""
    stems = term.stems
    if not term.prefix:
        return '"' + " ".join(stems) + '"'
    # A prefix is matched against stems: "legemid*" as typed, and "kjernejournalen*" by its stem too.
    head = [" ".join(stems[:-1])] if len(stems) > 1 else []
    variants = dict.fromkeys([term.words[-1], stems[-1]])
    return "(" + " OR ".join('"' + " ".join(head + [last]) + '" *' for last in variants) + ")"


def _tokens_match(column: str, filters: dict[str, list[str]]) -> str:
    """Facet filters as FTS5 syntax: AND across facets, OR within one."""
    groups = [" OR ".join(f'"{facet_token(f"{name}={value}")}"' for value in values)
              for name, values in filters.items()]
    return f"{{{column}}} : (" + " AND ".join(f"({group})" for group in groups) + ")"


def match(terms: list[Term], *, drafts: bool, filters: dict[str, list[str]] | None = None):
    """Every document matching all terms (and, given, all filters) the reader may find, best first
    (newest first on equal scores): [(id, score, facet keys "name=value\\n…")]."""
    if is_sqlite():
        return _match_sqlite(terms, drafts, filters)
    return _match_postgresql(terms, drafts, filters)


def _match_sqlite(terms, drafts, filters):
    parts = []
    if terms:
        columns = "title public_text private_text" if drafts else "title public_text"
        parts.append(f"{{{columns}}} : (" + " AND ".join(_fts_string(t) for t in terms) + ")")
    if filters:
        parts.append(_tokens_match("facet_tokens" if drafts else "public_facet_tokens", filters))
    expression = " AND ".join(parts)
    weights = f"{TITLE_WEIGHT}, 1.0, {1.0 if drafts else 0.0}, 0.0, 0.0"
    keys = "d.facet_keys" if drafts else "d.public_facet_keys"
    # The facets and the date come from the covering index of core migration 0007, named because
    # SQLite would otherwise read them from the long table rows (see the migration).
    sql = (f"SELECT d.id, -bm25({FTS}, {weights}) AS score, {keys} FROM {FTS}"
           f" JOIN core_searchdocument d INDEXED BY {MATCH_INDEX} ON d.id = {FTS}.rowid WHERE {FTS} MATCH %s")
    if not drafts:
        sql += " AND d.public"
    sql += " ORDER BY score DESC, d.date DESC"  # a missing date sorts last
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression])
        return cursor.fetchall()


def _tsquery(terms: list[Term]) -> tuple[str, list[str]]:
    """The terms as one tsquery, built by PostgreSQL from the words (never parsed from user text)."""
    parts, params = [], []
    for term in terms:
        if term.prefix:
            # Each word stemmed by the configuration, in a row; the last one a prefix. Words hold only
            # letters and digits, so to_tsquery reads each as one lexeme.
            parts.append("(" + " <-> ".join(["to_tsquery('norwegian', %s)"] * len(term.words)) + ")")
            params.extend(term.words[:-1])
            params.append(term.words[-1] + ":*")
        elif len(term.words) > 1:
            parts.append("phraseto_tsquery('norwegian', %s)")
            params.append(" ".join(term.words))
        else:
            parts.append("plainto_tsquery('norwegian', %s)")
            params.append(term.words[0])
    return " && ".join(parts), params


def _match_postgresql(terms, drafts, filters):
    vector = "vector_all" if drafts else "vector_public"
    keys = "facet_keys" if drafts else "public_facet_keys"
    where, params = [], []
    score = "0"
    if terms:
        query, query_params = _tsquery(terms)
        score = f"ts_rank({vector}, {query})"
        where.append(f"{vector} @@ ({query})")
        params = query_params + query_params
    if filters:
        facet_vector = "vector_facets" if drafts else "vector_public_facets"
        groups = [" | ".join(facet_token(f"{name}={value}") for value in values) for name, values in filters.items()]
        where.append(f"{facet_vector} @@ to_tsquery('simple', %s)")
        params.append(" & ".join(f"({group})" for group in groups))
    if not drafts:
        where.append("public")
    sql = (f"SELECT id, {score} AS score, {keys} FROM core_searchdocument WHERE " + " AND ".join(where)
           + " ORDER BY score DESC, date DESC NULLS LAST")
    # In a savepoint, so that a query PostgreSQL refuses leaves the caller's transaction usable.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def documents(ids: list[int]) -> dict[int, tuple]:
    """A page of hits as the reader sees them, by id: (kind, ref, title, url, date, meta, fields).
    Read with one plain query, as every search reads them (the ORM's queryset took longer than the
    reading); both vendors hand the JSON over as text."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, kind, ref, title, url, date, meta, fields FROM core_searchdocument"
                       f" WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)
        rows = cursor.fetchall()
    return {pk: (kind, ref, title, url, day if day is None or isinstance(day, date) else date.fromisoformat(day),
                 meta, json.loads(fields))
            for pk, kind, ref, title, url, day, meta, fields in rows}

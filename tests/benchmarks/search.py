"""Benchmark 1: the front desk's search on the large demo.

Measured: ``CustomerService.search``, the whole service call (permission
check, parsing, unit of work, query, mapping to ``CustomerHit``).
Floor: the same query written by hand as parameterised SQL, executed on a raw
DB-API connection to the same database (stdlib ``sqlite3`` with the app's
PRAGMAs, or psycopg 3), already open and in autocommit mode, and fetched. The
floor is the query alone, fetched as tuples: the service also checks a pooled
connection out and wraps the query in BEGIN ... COMMIT. Before any timing, every query's floor is checked to return exactly
the customers and vehicles the service returns, in the same order.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

from app.domain.permissions import Actor
from app.domain.search import SearchTerms, parse_search
from app.services.customers.records import SEARCH_LIMIT, CustomerService

from .backends import RawConnection
from .timing import Result, Samples, interleaved, result

GOAL_RATIO = 1.5
GOAL_MS = 20.0
PHONE_FORMATS = ("({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "{a} {b} {c}", "{a}{b}{c}")


class BenchmarkError(RuntimeError):
    """The benchmark cannot be trusted (a floor that does not match, bad data)."""


def sample_queries(
    raw: RawConnection, shop_id: uuid.UUID, per_kind: int, rng: random.Random
) -> dict[str, list[str]]:
    """Texts a front desk types, drawn from the data so that most of them find someone."""
    p = raw.placeholder
    people = raw.fetchall(
        f"SELECT first_name, last_name, phone FROM customers WHERE shop_id = {p}", [raw.uuid(shop_id)]
    )
    vehicles = raw.fetchall(f"SELECT plate, vin FROM vehicles WHERE shop_id = {p}", [raw.uuid(shop_id)])
    people.sort()
    vehicles.sort()
    if not people or not vehicles:
        raise BenchmarkError("the demo shop has no customers or vehicles")

    def phone(row: Any) -> str:
        digits = "".join(ch for ch in row[2] if ch.isdigit())
        a, b, c = digits[:3], digits[3:6], digits[6:]
        return rng.choice(PHONE_FORMATS).format(a=a, b=b, c=c)

    makers: dict[str, Callable[[], str]] = {
        "name prefix (3 letters)": lambda: rng.choice(rng.choice(people)[:2])[:3],
        "first last": lambda: " ".join(rng.choice(people)[:2]),
        "phone last 4": lambda: "".join(ch for ch in rng.choice(people)[2] if ch.isdigit())[-4:],
        "phone 10 digits": lambda: phone(rng.choice(people)),
        "plate prefix": lambda: rng.choice(vehicles)[0][: rng.choice((3, 4))],
        "VIN last 6": lambda: rng.choice(vehicles)[1][-6:],
        "VIN last 8": lambda: rng.choice(vehicles)[1][-8:],
    }
    return {kind: [make() for _ in range(per_kind)] for kind, make in makers.items()}


def search_sql(
    raw: RawConnection, shop_id: uuid.UUID, terms: SearchTerms, limit: int
) -> tuple[str, list[Any]]:
    """app.repositories.customers.search_statement, written by hand.

    The same union of index range scans, each cut at ``limit`` rows, joined
    back to customers and vehicles (later words of a name may also start any
    word inside a key: ``LIKE '% word%'``); parameters wherever the service's
    statement has them, so that both are parsed and planned alike.
    """
    p = raw.placeholder
    shop = raw.uuid(shop_id)
    no_vehicle = "CAST(NULL AS UUID)" if raw.pg else "CAST(NULL AS CHAR(32))"
    pct = "%%" if raw.pg else "%"  # a literal % beside psycopg's %s placeholders
    branches: list[str] = []
    params: list[Any] = []

    def prefix(column: str, key: str) -> str:
        params.extend([key, key[:-1] + chr(ord(key[-1]) + 1)])
        return f"{column} >= {p} AND {column} < {p}"

    def customers_where(column: str, key: str, rest: tuple[str, ...] = ()) -> None:
        params.append(shop)
        condition = prefix(column, key)
        for token in rest:
            keys = ("first_key", "last_key", "company_key")
            starts = [prefix(k, token) for k in keys]
            inside = [f"{k} LIKE '{pct}' || {p} || '{pct}' ESCAPE '/'" for k in keys]
            params.extend([_like_escaped(" " + token)] * len(keys))
            condition += f" AND ({' OR '.join(starts + inside)})"
        params.append(limit)
        branches.append(
            f"SELECT cid, vid, rank FROM (SELECT id AS cid, {no_vehicle} AS vid, 1 AS rank FROM customers"
            f" WHERE shop_id = {p} AND deleted_at IS NULL AND {condition}"
            f" ORDER BY {column} LIMIT {p}) AS b{len(branches)}"
        )

    if terms.name_tokens:
        first, rest = terms.name_tokens[0], terms.name_tokens[1:]
        for column in ("last_key", "first_key", "company_key"):
            customers_where(column, first, rest)
    if terms.email_prefix:
        customers_where("email_key", terms.email_prefix)
    if terms.phone_digits:
        rev = terms.phone_digits[::-1]
        for column, key in (
            ("phone_digits", terms.phone_digits),
            ("phone_rev", rev),
            ("alt_phone_digits", terms.phone_digits),
            ("alt_phone_rev", rev),
        ):
            customers_where(column, key)
    for column, key in (("plate_key", terms.plate_prefix), ("vin_rev", terms.vin_tail_reversed)):
        if key:
            params.append(shop)
            condition = prefix(column, key)
            params.append(limit)
            branches.append(
                "SELECT cid, vid, rank FROM (SELECT customer_id AS cid, id AS vid, 0 AS rank FROM vehicles"
                f" WHERE shop_id = {p} AND deleted_at IS NULL AND {condition}"
                f" ORDER BY {column} LIMIT {p}) AS b{len(branches)}"
            )
    if not branches:
        raise BenchmarkError("a benchmark query that searches nothing")
    params.append(limit * 2)
    sql = (
        "SELECT c.id, c.kind, c.first_name, c.last_name, c.company_name, c.phone, c.email, c.city,"
        " hits.vid AS vehicle_id, v.year, v.make, v.model, v.plate, v.vin"
        f" FROM ({' UNION ALL '.join(branches)}) AS hits"
        " JOIN customers AS c ON c.id = hits.cid"
        " LEFT OUTER JOIN vehicles AS v ON v.id = hits.vid"
        " WHERE c.deleted_at IS NULL"
        f" ORDER BY hits.rank, c.last_key, c.first_key, c.company_key LIMIT {p}"
    )
    return sql, params


def _like_escaped(text: str) -> str:
    """``text`` matched literally by LIKE ... ESCAPE '/'."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _first_hits(raw: RawConnection, rows: list[Any], limit: int) -> list[tuple[Any, Any]]:
    """The (customer, vehicle) pairs the service keeps of these rows (its de-duplication)."""
    seen: set[tuple[Any, Any]] = set()
    plain: set[Any] = set()
    out: list[tuple[Any, Any]] = []
    for row in rows:
        key = (raw.to_uuid(row[0]), raw.to_uuid(row[8]))
        if key in seen or (key[1] is None and key[0] in plain):
            continue
        seen.add(key)
        if key[1] is None:
            plain.add(key[0])
        out.append(key)
        if len(out) == limit:
            break
    return out


def search_benchmarks(
    backend: str,
    raw: RawConnection,
    service: CustomerService,
    actor: Actor,
    per_kind: int,
    rounds: int,
    rng: random.Random,
) -> list[Result]:
    queries = sample_queries(raw, actor.shop_id, per_kind, rng)
    results: list[Result] = []
    everything = Samples()
    found = 0
    for kind, texts in queries.items():
        pairs = []
        for text in texts:
            sql, params = search_sql(raw, actor.shop_id, parse_search(text), SEARCH_LIMIT)
            hits = service.search(actor, text)
            expected = [(h.customer_id, h.vehicle_id) for h in hits]
            got = _first_hits(raw, raw.fetchall(sql, params), SEARCH_LIMIT)
            if got != expected:
                raise BenchmarkError(
                    f"the raw SQL for {text!r} ({kind}) found {len(got)} rows, the service {len(expected)}"
                )
            found += bool(hits)
            pairs.append(
                (
                    lambda text=text: service.search(actor, text),
                    lambda sql=sql, params=params: raw.fetchall(sql, params),
                )
            )
        samples = interleaved(pairs, rounds, rng)
        everything.extend(samples)
        results.append(result(f"search: {kind}", backend, samples, GOAL_RATIO, GOAL_MS))
    note = f"{found} of {sum(map(len, queries.values()))} queries find someone"
    results.append(result("search: all kinds", backend, everything, GOAL_RATIO, GOAL_MS, note))
    return results

"""The hot reads' statements: built once in SQLAlchemy Core, compiled once per dialect to the
driver's SQL text, and run on the driver's cursor of the caller's pooled connection.

A search as the person types, a scan, opening a work order: SQLAlchemy's own execution of a
statement (its cache key walked on every call, an execution context, a result object) cost
several times the query itself on SQLite. Here a call binds its values through the bound
parameters' own bind processors, runs the compiled text on the DB-API connection and converts
each result column through its type's result processor, as SQLAlchemy would: the same values
come back (UUIDs, aware UTC datetimes, Decimal money), as named tuples.

``fetch`` runs several statements as one snapshot: inside the transaction the connection has
open (a write reading back what it wrote), else in a read transaction of its own that ends with
COMMIT (psycopg throws its prepared statements away on ROLLBACK). On PostgreSQL they go out in
one pipeline: BEGIN, every statement and COMMIT in one round trip.

It runs on a SQLAlchemy ``Connection`` (a unit of work's), or on a ``PlainConnection``: a pooled
driver connection checked out without SQLAlchemy's ``Connection`` around it (``plain_connection``),
which costs less than the search it serves. Either way a driver error is raised as SQLAlchemy
raises it (a ``DBAPIError``; a dropped connection thrown away with the rest of the pool), so the
caller's retry on a lost connection works as for any statement.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any, NoReturn

from sqlalchemy import Connection, Engine, Select, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any]
# A read of an own snapshot on PostgreSQL: what the engine's read transactions use (app/db/engine.py).
_PG_BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ"
_PG_IDLE = 0  # psycopg.pq.TransactionStatus.IDLE


class PlainSelect:
    """A SELECT built once, with bound parameters only (no expanding IN lists)."""

    def __init__(self, statement: Select[Any] | Any) -> None:
        self.statement = statement
        self._compiled: dict[Dialect, _Compiled] = {}

    def compiled(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect)
        if found is None:
            if len(self._compiled) > 8:  # engines come and go in tests: keep a few
                self._compiled.clear()
            found = self._compiled[dialect] = _Compiled(self.statement, dialect)
        return found


Query = tuple[PlainSelect, Mapping[str, Any]]


class _Compiled:
    """One statement's text for one dialect, a function binding its parameters, and one making its rows.

    Both functions are generated once per statement (``_function``): a call then costs a line of
    Python per value, no loop over the columns and no test of which ones need converting.
    """

    __slots__ = ("convert", "parameters", "row_type", "sql", "types")

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.post_compile_params or compiled.literal_execute_params or compiled.escaped_bind_names:
            raise ValueError("a plain statement takes plain bound values (no expanding IN, no odd names)")
        self.sql = compiled.string
        positional = bool(compiled.positional)
        names = list(compiled.positiontup or ()) if positional else list(compiled.bind_names.values())
        self.parameters = _binder(compiled, dialect, names, positional)
        columns = list(statement.selected_columns)
        keys = [str(column.key) for column in columns]
        if len(set(keys)) != len(keys) or not all(k.isidentifier() for k in keys):
            raise ValueError(f"a plain statement's columns need distinct names: {keys}")
        self.types = [column.type.dialect_impl(dialect) for column in columns]
        self.row_type: Any = namedtuple("PlainRow", keys)  # type: ignore[misc]
        self.convert: Callable[[Sequence[Any]], Any] | None = None  # known at the first result

    def rows(self, fetched: Sequence[Any], description: Any, dialect: Dialect) -> list[Any]:
        convert = self.convert
        if convert is None:
            convert = self.convert = self._converter(description, dialect)
        return list(map(convert, fetched))

    def _converter(self, description: Any, dialect: Dialect) -> Callable[[Sequence[Any]], Any]:
        """The function making a row of the driver's tuple, each column through its type's processor."""
        processors: dict[str, Any] = {}
        items = []
        for index, type_ in enumerate(self.types):
            process = type_.result_processor(dialect, description[index][1])
            if process is None:
                items.append(f"row[{index}]")
                continue
            # SQLite keeps UUIDs as text: the few ids a screen shows again and again are made once
            processors[f"p{index}"] = _Remembered(process).__getitem__ if isinstance(type_, Uuid) else process
            items.append(f"p{index}(row[{index}])")
        if not processors:
            return partial(tuple.__new__, self.row_type)
        body = f"return new(Row, ({', '.join(items)},))"
        return _function("row", body, {"new": tuple.__new__, "Row": self.row_type, **processors})


def _binder(
    compiled: Any, dialect: Dialect, names: list[str], positional: bool
) -> Callable[[Mapping[str, Any]], Any]:
    """The function making the driver's parameters of the values given by name: each through its
    bound parameter's processor, with its default for the statement's own (a literal, a limit)."""
    namespace: dict[str, Any] = {}
    lines = []
    local: dict[str, str] = {}
    for index, name in enumerate(dict.fromkeys(names)):
        param = compiled.binds[name]
        value = f"given[{name!r}]" if param.required else f"given.get({name!r}, d{index})"
        namespace[f"d{index}"] = param.value
        process = param.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            namespace[f"p{index}"] = process
            value = f"p{index}({value})"
        lines.append(f"a{index} = {value}")
        local[name] = f"a{index}"
    if positional:
        result = f"[{', '.join(local[name] for name in names)}]"
    else:
        result = "{" + ", ".join(f"{name!r}: {local[name]}" for name in names) + "}"
    return _function("given", "; ".join([*lines, f"return {result}"]), namespace)


def _function(argument: str, body: str, namespace: dict[str, Any]) -> Callable[[Any], Any]:
    """A one-line function of ``argument`` generated from ``body`` (its names from ``namespace``)."""
    exec(f"def generated({argument}): {body}", namespace)  # text made here of column and parameter names
    return namespace["generated"]  # type: ignore[no-any-return]


class _Remembered(dict[Any, Any]):
    """A processor's results by value, made once each (for immutable values only)."""

    def __init__(self, process: Processor, most: int = 4096) -> None:
        super().__init__()
        self.process = process
        self.most = most

    def __missing__(self, value: Any) -> Any:
        if len(self) >= self.most:
            self.clear()
        made = self[value] = self.process(value)
        return made


class PlainConnection:
    """A pooled driver connection, outside any transaction, for reads that take their own snapshot."""

    __slots__ = ("dbapi", "dialect", "engine")

    def __init__(self, engine: Engine, dbapi: Any) -> None:
        self.engine = engine
        self.dialect = engine.dialect
        self.dbapi = dbapi


Reads = Connection | PlainConnection


@contextmanager
def plain_connection(engine: Engine) -> Iterator[PlainConnection]:
    """A connection of ``engine``'s pool (its checkout events run: the shop scope on PostgreSQL),
    given back when the block ends; psycopg in autocommit meanwhile (each ``fetch`` takes its own
    snapshot), pysqlite is in autocommit already (the engine issues BEGIN itself)."""
    pooled = engine.raw_connection()
    dbapi: Any = pooled.dbapi_connection
    postgresql = engine.dialect.name == "postgresql"
    try:
        if postgresql:
            dbapi.autocommit = True
        yield PlainConnection(engine, dbapi)
    finally:
        if postgresql and pooled.is_valid:
            _as_the_pool_hands_out(pooled, dbapi)
        pooled.close()


def _as_the_pool_hands_out(pooled: Any, dbapi: Any) -> None:
    """psycopg out of autocommit and of any transaction an error left open; a connection that
    cannot be brought back (the server dropped it) is thrown away."""
    try:
        if dbapi.info.transaction_status != _PG_IDLE:
            dbapi.rollback()
        dbapi.autocommit = False
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the connection is not reused
        pooled.invalidate(exc)


def fetch(connection: Reads, *queries: Query) -> list[list[Any]]:
    """The rows of each query, all read in one snapshot (see the module's docstring)."""
    dialect = connection.dialect
    compiled = [plain.compiled(dialect) for plain, _ in queries]
    params = [c.parameters(given) for c, (_, given) in zip(compiled, queries, strict=True)]
    if isinstance(connection, PlainConnection):
        dbapi = connection.dbapi
    else:
        dbapi = connection.connection.dbapi_connection
    try:
        if dialect.name == "postgresql":
            results = _on_postgresql(dbapi, compiled, params)
        else:
            results = _on_sqlite(dbapi, compiled, params)
    except dialect.loaded_dbapi.Error as exc:
        _raise(connection, exc, compiled, params)
    return [
        c.rows(rows, description, dialect) for c, (rows, description) in zip(compiled, results, strict=True)
    ]


def fetch_one(connection: Reads, plain: PlainSelect, params: Mapping[str, Any]) -> list[Any]:
    """The rows of one query."""
    return fetch(connection, (plain, params))[0]


def _on_sqlite(dbapi: Any, compiled: list[_Compiled], params: list[Any]) -> list[tuple[list[Any], Any]]:
    # pysqlite runs in autocommit (the engine issues BEGIN itself): a read of several statements
    # outside a transaction takes one of its own.
    own = len(compiled) > 1 and not dbapi.in_transaction
    if own:
        dbapi.execute("BEGIN")
    try:
        out = []
        for c, p in zip(compiled, params, strict=True):
            cursor = dbapi.execute(c.sql, p)
            out.append((cursor.fetchall(), cursor.description))
        if own:
            dbapi.execute("COMMIT")
        return out
    except BaseException:
        if own and dbapi.in_transaction:
            dbapi.rollback()
        raise


def _on_postgresql(dbapi: Any, compiled: list[_Compiled], params: list[Any]) -> list[tuple[list[Any], Any]]:
    # In autocommit (the read kind without a transaction) one statement is its own snapshot;
    # several take a read transaction of their own. Otherwise the caller's transaction is open.
    own = dbapi.autocommit
    if len(compiled) == 1:
        cursor = dbapi.execute(compiled[0].sql, params[0])
        return [(cursor.fetchall(), cursor.description)]
    with dbapi.pipeline():
        if own:
            dbapi.execute(_PG_BEGIN)
        cursors = [dbapi.execute(c.sql, p) for c, p in zip(compiled, params, strict=True)]
        if own:
            dbapi.execute("COMMIT")
    return [(cursor.fetchall(), cursor.description) for cursor in cursors]


def _raise(connection: Reads, exc: Exception, compiled: list[_Compiled], params: list[Any]) -> NoReturn:
    """The driver's error as SQLAlchemy raises it from any statement: wrapped in a DBAPIError,
    and a dropped connection thrown away with the rest of the pool."""
    sql = "; ".join(c.sql for c in compiled)
    shown = params[0] if len(params) == 1 else params
    if isinstance(connection, Connection):
        connection._handle_dbapi_exception(exc, sql, shown, None, None)
    dialect = connection.dialect
    lost = dialect.is_disconnect(exc, connection.dbapi, None)  # type: ignore[arg-type]
    if lost:
        # as SQLAlchemy does on a disconnect: no connection the pool holds now is used again
        # (a server restart dropped them all)
        connection.engine.dispose()
    raise DBAPIError.instance(
        sql, shown, exc, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
    ) from exc

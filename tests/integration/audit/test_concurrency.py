"""Four terminals writing at once: one unbroken audit chain, and no lock error reaches anyone."""

from __future__ import annotations

import multiprocessing
import queue
import uuid
from dataclasses import replace

from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.container import Services
from tests.integration.integration_support import audit_rows, audit_seqs, concurrent_writer, count_rows

WORKERS = 4
OPERATIONS = 25  # per worker: 13 creates and 12 edits, each one audited write
JOIN_TIMEOUT_S = 150


def test_four_processes_writing_at_once_make_one_unbroken_chain(
    services: Services, desk: Actor, db: Database
) -> None:
    terminals = [services.setup.register_terminal(desk.shop_id, f"Bay terminal {i}") for i in range(WORKERS)]
    actors = [replace(desk, terminal_id=t) for t in terminals]
    before = len(audit_seqs(db))
    url = db.url.render_as_string(hide_password=False)

    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=concurrent_writer, args=(url, actors[i], i, OPERATIONS, start, results), daemon=True
        )
        for i in range(WORKERS)
    ]
    for process in processes:
        process.start()
    reports = []
    try:
        for _ in range(WORKERS):
            reports.append(results.get(timeout=JOIN_TIMEOUT_S))
    except queue.Empty:
        pass
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)

    errors = [text for _worker, status, text in reports if status == "error"]
    assert errors == [], "an error reached a terminal:\n" + "\n".join(errors)
    assert sorted((worker, done) for worker, _status, done in reports) == [
        (i, OPERATIONS) for i in range(WORKERS)
    ]
    assert [p.exitcode for p in processes] == [0] * WORKERS

    seqs = audit_seqs(db)
    assert seqs == list(range(1, before + WORKERS * OPERATIONS + 1))  # no gap, no duplicate
    new_entries = audit_rows(db, before)
    assert {uuid.UUID(str(r["user_id"])) for r in new_entries} == {desk.user_id}
    assert {uuid.UUID(str(r["terminal_id"])) for r in new_entries} == set(terminals)  # all four took part
    assert sorted(r["action"] for r in new_entries).count("update") == WORKERS * (OPERATIONS // 2)
    assert count_rows(db, "customers") == WORKERS * (OPERATIONS - OPERATIONS // 2)

    reports_after = services.audit.verify()
    assert [(r.ok, r.checked) for r in reports_after] == [(True, len(seqs))]

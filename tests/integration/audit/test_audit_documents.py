"""The chain covers the money: a tamper matrix over the entries, the head and the documents.

A day of business (a counter sale invoiced, paid by card, the day closed) is
written through the services; then each case changes the database behind
BayDesk's back, as someone holding the database itself would, and
``audit verify`` must name what was done. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.customers import CustomerInput
from app.domain.errors import AuditChainBrokenError, ValidationError
from app.domain.permissions import Actor
from app.domain.pricing import ShopPricing
from app.services.audit import checks
from app.services.audit.checks import HeadMark, verify_since
from app.services.container import Services
from app.services.customers.dto import AuditChainReport
from app.services.parts.counter import SaleInput, SaleLine
from app.services.uow import UnitOfWork
from tests.integration.audit.test_audit import run_cli
from tests.integration.integration_support import tamper
from tests.integration.invoicing_helpers import card
from tests.integration.stock_helpers import add_part

D = Decimal


@dataclass(frozen=True)
class Books:
    invoice_id: str
    number: int
    payment_id: str
    last_seq: int
    close_seq: int  # the chain head the day close kept


@pytest.fixture
def books(services: Services, db: Database, owner: Actor, desk: Actor) -> Books:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.08")))
    pads = add_part(services, owner, "BRK-4471", "10", cost="20.00", price="45.00", taxable=True)
    wipers = add_part(services, owner, "WB-22", "5", cost="4.00", price="12.50", taxable=True)
    ticket = services.counter.post_sale(
        desk, SaleInput((SaleLine(pads, "2"), SaleLine(wipers, "1")), "Wanda")
    )
    invoice = services.invoicing.post_from_counter_ticket(desk, ticket.id)
    assert invoice.totals.total == D("110.70")
    paid = services.payments.take(desk, invoice.id, [card("110.70")])
    day = services.day_close.today(owner)
    closed = services.day_close.close(owner, day)
    with db.engine.connect() as conn:
        last = int(conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one())
    return Books(str(invoice.id), invoice.number, str(paid.payment_ids[0]), last, closed.audit_seq)


def problems(services: Services, against: str | None = None) -> list[str]:
    reports = services.audit.verify(against)
    assert len(reports) == 1
    report = reports[0]
    assert report.ok == (not report.problems)
    return list(report.problems)


def uid(db: Database, value: str) -> str:
    """An id as the database stores it (SQLite keeps UUIDs as 32 hex digits)."""
    return value.replace("-", "") if db.is_sqlite else value


def test_a_day_of_business_verifies_and_its_documents_are_hashed(
    services: Services, db: Database, books: Books
) -> None:
    assert problems(services) == []
    with db.engine.connect() as conn:
        hashed = conn.execute(
            text("SELECT table_name, action FROM audit_log WHERE document_hash IS NOT NULL ORDER BY seq")
        ).all()
    assert [tuple(r) for r in hashed] == [
        ("invoices", "post"),
        ("payments", "create"),
        ("day_closes", "close"),
    ]


def test_a_changed_invoice_total_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "UPDATE invoices SET total = 1 WHERE id = :id", id=uid(db, books.invoice_id))
    found = problems(services)
    assert len(found) == 1
    assert f"invoice {books.number} was changed after entry" in found[0]
    assert "total 110.70 → 0.01" in found[0]


def test_a_changed_line_price_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(
        db,
        "UPDATE invoice_lines SET unit_price = 450 WHERE invoice_id = :id AND part_number = 'BRK-4471'",
        id=uid(db, books.invoice_id),
    )
    (problem,) = problems(services)
    assert f"invoice {books.number}" in problem and "(BRK-4471) unit_price 45.00 → 4.50" in problem


def test_a_removed_line_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "DELETE FROM invoice_lines WHERE part_number = 'WB-22'")
    (problem,) = problems(services)
    assert "(WB-22) removed" in problem


def test_a_changed_payment_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "UPDATE payments SET amount = 100 WHERE id = :id", id=uid(db, books.payment_id))
    (problem,) = problems(services)
    assert problem.startswith("payment of 110.70 (card)") and "amount 110.70 → 1.00" in problem


def test_a_deleted_payment_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "DELETE FROM payments WHERE id = :id", id=uid(db, books.payment_id))
    (problem,) = problems(services)
    assert problem.startswith("payment of 110.70 (card)") and problem.endswith("is missing")


def test_documents_read_back_a_few_at_a_time_are_each_named(
    services: Services, db: Database, books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long chain's documents are read back in batches as the walk goes: the batch edges lose nothing."""
    monkeypatch.setattr(checks, "DOCUMENTS_AT_ONCE", 1)
    assert problems(services) == []
    tamper(db, "UPDATE invoices SET total = 1 WHERE id = :id", id=uid(db, books.invoice_id))
    tamper(db, "DELETE FROM payments WHERE id = :id", id=uid(db, books.payment_id))
    tamper(db, "UPDATE day_closes SET gross_sales = 0")
    invoice, payment, close = problems(services)
    assert f"invoice {books.number} was changed after entry" in invoice
    assert payment.startswith("payment of 110.70 (card)") and payment.endswith("is missing")
    assert close.startswith("day close of")


def test_a_changed_day_close_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "UPDATE day_closes SET gross_sales = 0")
    (problem,) = problems(services)
    assert problem.startswith("day close of") and "gross_sales 110.70 → 0.00" in problem


def test_an_edited_entry_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "UPDATE audit_log SET diff = '{}' WHERE seq = 3")
    assert problems(services)[0] == "entry 3 was altered after it was written"


def test_an_edited_recorded_document_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(
        db,
        "UPDATE audit_log SET document = replace(document, '110.70', '0.01') WHERE table_name = 'payments'",
    )
    assert problems(services)[0].endswith("was altered after it was written")


def test_a_deleted_entry_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "DELETE FROM audit_log WHERE seq = 4")
    assert problems(services)[0].startswith("entry 4 is missing")


def test_swapped_entries_are_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "UPDATE audit_log SET seq = -1 WHERE seq = 3")
    tamper(db, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
    tamper(db, "UPDATE audit_log SET seq = 4 WHERE seq = -1")
    assert "removed or reordered" in problems(services)[0]


def test_an_inserted_entry_is_named(services: Services, db: Database, books: Books) -> None:
    tamper(
        db,
        "INSERT INTO audit_log (id, shop_id, seq, at, user_id, terminal_id, table_name, record_id, action, "
        "diff, prev_hash, hash) SELECT :new_id, shop_id, seq + 1, at, user_id, terminal_id, table_name, "
        "record_id, 'view', diff, hash, hash FROM audit_log WHERE seq = :last",
        new_id=uid(db, "00000000-0000-4000-8000-000000000001"),
        last=books.last_seq,
    )
    assert problems(services)[0] == f"entry {books.last_seq + 1} was altered after it was written"


def test_a_deleted_last_entry_and_head_are_named(services: Services, db: Database, books: Books) -> None:
    tamper(db, "DELETE FROM audit_log WHERE seq = :last", last=books.last_seq)
    tamper(db, "DELETE FROM audit_heads")
    found = problems(services)
    assert found[0] == f"the chain head is missing ({books.last_seq - 1} entries remain)"


def _cut_back(db: Database, to_seq: int) -> None:
    """Remove every entry after ``to_seq`` and move the head back onto it: a chain consistent in itself."""
    tamper(db, "DELETE FROM audit_log WHERE seq > :s", s=to_seq)
    tamper(
        db, "UPDATE audit_heads SET seq = :s, hash = (SELECT hash FROM audit_log WHERE seq = :s)", s=to_seq
    )


def test_a_chain_cut_back_is_named_by_the_day_close(services: Services, db: Database, books: Books) -> None:
    _cut_back(db, books.close_seq - 2)
    found = problems(services)
    assert (
        found[0].startswith("the chain was cut back: the day close of ")
        and (f"kept entry {books.close_seq} " in found[0])
        and found[0].endswith(f"the chain ends at entry {books.close_seq - 2}")
    )


def test_a_chain_cut_back_past_the_close_is_named_by_the_head_file(
    services: Services, db: Database, books: Books, tmp_path: Path
) -> None:
    heads = tmp_path / "heads.json"
    heads.write_text(services.audit.export_heads(), encoding="utf-8")
    assert problems(services, heads.read_text(encoding="utf-8")) == []
    _cut_back(db, books.close_seq - 2)
    tamper(db, "DELETE FROM day_closes")  # and the close that kept the head goes with it
    assert problems(services) == []  # nothing left in the database to tell
    found = problems(services, heads.read_text(encoding="utf-8"))
    assert found[0].startswith("the chain was cut back: the head file exported ")
    assert f"kept entry {books.last_seq} " in found[0]


def test_a_head_file_that_is_not_one_is_refused(services: Services, books: Books) -> None:
    with pytest.raises(ValidationError, match="not a head file"):
        services.audit.verify('{"heads": []}')


def test_a_head_file_is_read_whatever_digits_its_hashes_hold(services: Services, books: Books) -> None:
    exported = json.loads(services.audit.export_heads())
    real = exported["heads"][0]["hash"]
    # A SHA-256 in hex can hold a run of digits a card check takes for a Visa number.
    exported["heads"][0]["hash"] = "4111111111111111f" + real[17:]
    when = exported["exported_at"][:19].replace("T", " ")
    found = problems(services, json.dumps(exported))
    assert found == [
        f"entry {books.last_seq} is not the one the head file exported {when} kept (hash 411111111111…)"
    ]


def test_the_commands_export_the_head_and_verify_against_it(
    db: Database, services: Services, books: Books, tmp_path: Path
) -> None:
    heads = tmp_path / "heads.json"
    exported = run_cli(db, "audit", "export-head", str(heads))
    assert exported.returncode == 0, exported.stderr
    intact = run_cli(db, "audit", "verify", "--against", str(heads))
    assert intact.returncode == 0 and "audit chain intact" in intact.stdout, intact.stdout + intact.stderr
    tamper(db, "UPDATE invoices SET total = 1")
    broken = run_cli(db, "audit", "verify", "--against", str(heads))
    assert broken.returncode == 1
    assert f"invoice {books.number} was changed after entry" in broken.stdout


@pytest.mark.parametrize("broken", ["head deleted", "last entry deleted"])
def test_a_write_after_a_broken_head_stops_with_a_message(
    services: Services, db: Database, desk: Actor, books: Books, broken: str
) -> None:
    if broken == "head deleted":
        tamper(db, "DELETE FROM audit_heads")
    else:
        tamper(db, "DELETE FROM audit_log WHERE seq = :last", last=books.last_seq)
    with pytest.raises(AuditChainBrokenError, match=r"audit chain head .*nothing can be saved"):
        services.customers.create_customer(desk, CustomerInput(first_name="After", last_name="Break"))
    with db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM customers WHERE first_name = 'After'")).scalar_one() == 0
        )


def test_the_head_the_audit_viewer_saved_is_read_by_verify_against(
    services: Services, db: Database, owner: Actor, books: Books
) -> None:
    saved = services.audit.head(owner).as_text()
    assert problems(services, saved) == []
    _cut_back(db, books.close_seq - 2)
    tamper(db, "DELETE FROM day_closes")
    found = problems(services, saved)
    assert found[0].startswith("the chain was cut back: the chain head saved ")
    assert f"kept entry {books.last_seq} " in found[0]


def since(services: Services, owner: Actor, mark: HeadMark) -> AuditChainReport:
    def work(uow: UnitOfWork) -> AuditChainReport:
        shop = uow.shops.get(owner.shop_id)
        assert shop is not None
        return verify_since(uow, shop, mark)

    return services.audit._read(work)


def test_a_check_since_a_kept_head_reads_the_entries_after_it_and_their_documents(
    services: Services, db: Database, books: Books, owner: Actor, desk: Actor
) -> None:
    head = services.audit.head(owner)
    mark = HeadMark("the head before the second sale", head.seq, head.hash)
    oil = add_part(services, owner, "OF-100", "4", cost="4.00", price="9.99", taxable=True)
    ticket = services.counter.post_sale(desk, SaleInput((SaleLine(oil, "1"),), "Omar"))
    second = services.invoicing.post_from_counter_ticket(desk, ticket.id)
    written = services.audit.head(owner).seq - head.seq
    assert written >= 3  # the part, the sale, the invoice
    report = since(services, owner, mark)
    assert (report.ok, report.checked) == (True, written)

    # an entry before the mark is not read again (the full check names it)...
    tamper(db, "UPDATE audit_log SET diff = '{}' WHERE seq = 3")
    assert since(services, owner, mark).ok
    assert problems(services)[0] == "entry 3 was altered after it was written"
    # ...but the invoice posted after it is, with its document
    tamper(db, "UPDATE invoices SET total = 1 WHERE id = :id", id=uid(db, str(second.id)))
    report = since(services, owner, mark)
    assert not report.ok and f"invoice {second.number} was changed after entry" in report.problems[0]
    # and so is the link to the kept head
    wrong = HeadMark("a head of another chain", head.seq, "f" * 64)
    assert (
        since(services, owner, wrong).problem
        == f"entry {head.seq + 1} does not follow entry {head.seq} (removed or reordered)"
    )

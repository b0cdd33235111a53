"""Invoice benchmarks.

- ``invoice PDF``: ``app.reports.invoice.invoice_pdf`` for an invoice posted on the
  demo shop, against a bare ReportLab document with the same tables (the same
  rows and figures as plain strings in the same embedded font, one Table per
  block, no styles beyond the font). Goal ≤ 1.5×.
- ``post invoice``: ``InvoicingService.post_from_work_order`` (permission, day gate,
  locked work order, snapshot, totals, locked counter, invoice, its jobs and
  lines, the work order's status, two audit entries, and the invoice read back
  for the screen), against the raw SQL doing the same reads and writes in one
  transaction on a DB-API connection (same gate, same locks, same rows, the
  audit chain extended the same way). Goal ≤ 2×. Before timing, an invoice the
  floor wrote is checked to match one the service wrote for the same work.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine
from app.domain.audit_chain import ChainEntry, canonical_json, entry_hash
from app.domain.customers import display_name
from app.domain.errors import ValidationError
from app.domain.invoices import SourceLine, build_invoice
from app.domain.money import from_cents, from_thousandths, rate_from_millionths, to_thousandths
from app.domain.permissions import Actor
from app.domain.pricing import fee_rule_from_json
from app.domain.totals import LineKind, PricingRules, RoundingMode
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.customers.dto import describe_vehicle
from app.services.uow import audit_diff
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput

from .audit_check import chain_mark, check_shop_chain
from .backends import Backend, RawConnection
from .search import BenchmarkError
from .timing import Result, interleaved, result

PDF_GOAL = 1.5
POST_GOAL = 2.0


def invoice_benchmarks(
    backend: Backend, raw: RawConnection, plan: dict[str, int], rng: random.Random
) -> Iterator[Result]:
    services = Services.build(backend.db)
    from app.demo.shop import DEMO_PASSWORD

    desk = services.setup.sign_in("desk", DEMO_PASSWORD, "Invoice benchmark")
    posts = max(4, plan["open_orders"] // 2)
    orders = _completed_orders(services, desk, raw, 2 * posts + 2)
    yield _post_benchmark(backend.name, raw, services, desk, orders, posts, rng)
    view = services.invoicing.get(desk, services.invoicing.recent(desk, limit=1)[0].id)
    yield _pdf_benchmark(backend.name, view, plan["list_rounds"], rng)


# --- posting ------------------------------------------------------------------------------


def _completed_orders(services: Services, desk: Actor, raw: RawConnection, count: int) -> list[uuid.UUID]:
    """Fresh completed work orders: one job of labor and two parts, each a typical repair."""
    p = raw.placeholder
    shop = raw.uuid(desk.shop_id)
    vehicles = [
        raw.to_uuid(r[0])
        for r in raw.fetchall(
            f"SELECT id FROM vehicles WHERE shop_id = {p} AND deleted_at IS NULL LIMIT 200", (shop,)
        )
    ]
    technicians = services.work_orders.technicians(desk)
    if not vehicles or not technicians:
        raise BenchmarkError("the demo shop has no vehicles or technicians to invoice")
    out = []
    for i in range(count):
        vehicle_id = vehicles[i % len(vehicles)]
        assert vehicle_id is not None
        view = services.work_orders.create(desk, vehicle_id)
        view = services.estimates.add_job(
            desk,
            view.id,
            JobInput(
                "Front brakes", "Grinding when braking", technician_id=technicians[i % len(technicians)].id
            ),
            view.version,
        )
        # the job just added (a new order can open with the vehicle's declined work on it already,
        # which the customer declines again)
        job = max(view.jobs, key=lambda j: j.position).id
        for line in (
            LineInput(LineKind.LABOR, "Replace front pads and rotors", "1.8", ""),
            LineInput(
                LineKind.PART, "Ceramic brake pads", "1", "64.99", part_number="BRK-4471", condition="new"
            ),
            LineInput(LineKind.PART, "Front rotor", "2", "89.50", part_number="RTR-2210", condition="oem"),
        ):
            view = services.estimates.add_line(desk, view.id, job, line, view.version)
        view = services.work_orders.authorize(
            desk,
            view.id,
            AuthorizationInput(
                {j.id: "approve" if j.id == job else "decline" for j in view.jobs}, "Customer", "in_person"
            ),
            view.version,
        )
        view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
        try:
            view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
        except ValidationError:
            view = services.work_orders.change_status(
                desk, view.id, Status.COMPLETED, view.version, odometer_out=9_000_000 + i
            )
        out.append(view.id)
    return out


class RawPost:
    """Posting one work order's invoice in hand-written SQL, one transaction."""

    def __init__(self, raw: RawConnection, actor: Actor) -> None:
        self.raw, self.actor = raw, actor
        self.p = raw.placeholder
        self.lock = " FOR UPDATE" if raw.pg else ""
        self.share = " FOR SHARE" if raw.pg else ""
        self.invoice_columns = [c.name for c in Invoice.__table__.columns]
        self.job_columns = [c.name for c in InvoiceJob.__table__.columns]
        self.line_columns = [c.name for c in InvoiceLine.__table__.columns]

    def _insert(self, table: str, columns: list[str]) -> str:
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([self.p] * len(columns))})"

    def post(self, work_order_id: uuid.UUID) -> int:
        raw, p, u = self.raw, self.p, self.raw.uuid
        shop = u(self.actor.shop_id)
        raw.execute("BEGIN" if raw.pg else "BEGIN IMMEDIATE")
        try:
            tz = raw.fetchall(f"SELECT timezone FROM shops WHERE id = {p}", (shop,))[0][0]
            now = datetime.now(UTC)
            day = now.astimezone(ZoneInfo(tz)).date()
            raw.execute(
                f"SELECT value FROM counters WHERE shop_id = {p} AND name = {p}{self.share}",
                (shop, "business_day"),
            ).fetchall()
            if raw.fetchall(
                f"SELECT id FROM day_closes WHERE shop_id = {p} AND business_date = {p}", (shop, day)
            ):
                raise BenchmarkError("the day is closed")
            order = raw.fetchall(
                "SELECT id, number, status, customer_id, vehicle_id, odometer_in, odometer_out, tax_rate, rounding,"
                f" fee_rule, labor_rate, tax_exempt_number, version FROM work_orders WHERE id = {p} AND shop_id = {p}"
                + self.lock,
                (u(work_order_id), shop),
            )[0]
            if order[2] != "completed":
                raise BenchmarkError("not completed")
            jobs = raw.fetchall(
                "SELECT id, title, concern, cause, correction, technician_id FROM jobs"
                f" WHERE work_order_id = {p} AND removed = {p} AND decision = {p} ORDER BY position",
                (u(work_order_id), False, "approved"),
            )
            lines = raw.fetchall(
                "SELECT id, job_id, kind, description, part_number, condition, quantity, unit_price, unit_cost,"
                " taxable, discount_percent, core_charge, vendor FROM work_order_lines"
                f" WHERE work_order_id = {p} ORDER BY job_id, position",
                (u(work_order_id),),
            )
            tech_ids = list({j[5] for j in jobs if j[5] is not None})
            names = (
                dict(
                    raw.fetchall(
                        f"SELECT id, display_name FROM users WHERE id IN ({', '.join([p] * len(tech_ids))})",
                        tech_ids,
                    )
                )
                if tech_ids
                else {}
            )
            setting = raw.fetchall(
                f"SELECT value FROM settings WHERE shop_id = {p} AND key = {p}", (shop, "invoicing")
            )
            step = (
                Decimal(json.loads(setting[0][0]).get("cash_rounding_step", "0")) if setting else Decimal("0")
            )
            customer = raw.fetchall(
                "SELECT first_name, last_name, company_name, kind, address_line1, address_line2, city, region,"
                f" postal_code, phone, email FROM customers WHERE id = {p}",
                (order[3],),
            )[0]
            vehicle = raw.fetchall(
                f"SELECT year, make, model, vin, plate FROM vehicles WHERE id = {p}", (order[4],)
            )[0]
            index = {j[0]: i for i, j in enumerate(jobs)}
            sources = [
                SourceLine(
                    kind=LineKind(ln[2]),
                    description=ln[3],
                    quantity=from_thousandths(ln[6]),
                    unit_price=from_cents(ln[7]),
                    taxable=bool(ln[9]),
                    unit_cost=from_cents(ln[8]),
                    discount_percent=rate_from_millionths(ln[10]) * 100,
                    core_charge=from_cents(ln[11]),
                    part_number=ln[4],
                    condition=ln[5],
                    vendor=ln[12],
                    job=index[ln[1]],
                    technician_id=raw.to_uuid(jobs[index[ln[1]]][5]) if ln[2] == "labor" else None,
                    source_id=raw.to_uuid(ln[0]),
                )
                for job in jobs
                for ln in lines
                if ln[1] == job[0]
            ]
            rate = rate_from_millionths(order[7])
            rules = PricingRules(rate, RoundingMode(order[8]), fee_rule_from_json(order[9]))
            exempt = bool(order[11])
            draft = build_invoice(sources, rules, tax_exempt=exempt, cash_step=step)
            raw.execute(
                f"INSERT INTO counters (shop_id, name, value) VALUES ({p}, {p}, 0) ON CONFLICT DO NOTHING",
                (shop, "invoice"),
            )
            number = raw.fetchall(
                f"UPDATE counters SET value = value + 1 WHERE shop_id = {p} AND name = {p} RETURNING value",
                (shop, "invoice"),
            )[0][0]
            invoice_id = uuid.uuid4()
            t = draft.totals
            cents = {
                "labor": t.labor,
                "parts": t.parts,
                "fees": t.fees,
                "shop_supplies": t.shop_supplies,
                "sublet": t.sublet,
                "cores": t.cores,
                "discount": t.discount,
                "taxable_base": t.taxable_base,
                "tax": t.tax,
                "cash_rounding": t.cash_rounding,
                "total": t.total,
                "parts_cost": t.parts_cost,
                "labor_cost": t.labor_cost,
                "sublet_cost": t.sublet_cost,
            }
            stamp = raw.timestamp(now)
            values: dict[str, Any] = {name: int(amount * 100) for name, amount in cents.items()}
            values.update(
                id=u(invoice_id),
                shop_id=shop,
                kind="invoice",
                number=number,
                work_order_id=u(work_order_id),
                counter_ticket_id=None,
                credited_invoice_id=None,
                customer_id=order[3],
                vehicle_id=order[4],
                customer_name=display_name(customer[0], customer[1], customer[2], customer[3]),
                customer_address=", ".join(x for x in customer[4:9] if x),
                customer_phone=customer[9],
                customer_email=customer[10],
                vehicle_description=describe_vehicle(*vehicle[:3]) or "Vehicle",
                vin=vehicle[3] or "",
                plate=vehicle[4],
                odometer_in=order[5],
                odometer_out=order[6],
                tax_exempt_number=order[11],
                business_date=day,
                posted_at=stamp,
                posted_by=u(self.actor.user_id),
                terminal_id=u(self.actor.terminal_id) if self.actor.terminal_id else None,
                tax_rate=order[7],
                rounding=order[8],
                decimals=2,
                fee_rule=order[9],
                labor_rate=order[10],
                cash_rounding_step=int(step * 100),
                billed_hours=to_thousandths(t.billed_hours),
                on_account=False,
                terms_days=None,
                due_date=None,
                note="",
                status="posted",
                void_reason="",
                voided_by=None,
                voided_at=None,
                void_business_date=None,
                void_restocked=False,
                print_count=0,
                receipt_count=0,
                currency="USD",  # the demo shop's
            )
            raw.execute(
                self._insert("invoices", self.invoice_columns), [values[c] for c in self.invoice_columns]
            )
            job_ids = []
            for position, job in enumerate(jobs, start=1):
                job_id = uuid.uuid4()
                job_ids.append(job_id)
                row = {
                    "id": u(job_id),
                    "shop_id": shop,
                    "invoice_id": u(invoice_id),
                    "position": position,
                    "title": job[1],
                    "concern": job[2],
                    "cause": job[3],
                    "correction": job[4],
                    "technician_id": job[5],
                    "technician_name": names.get(job[5], ""),
                    "source_job_id": job[0],
                }
                raw.execute(
                    self._insert("invoice_jobs", self.job_columns), [row[c] for c in self.job_columns]
                )
            line_rate = 0 if exempt else order[7]
            rows = []
            for position, ln in enumerate(draft.lines, start=1):
                row = {
                    "id": u(uuid.uuid4()),
                    "shop_id": shop,
                    "invoice_id": u(invoice_id),
                    "invoice_job_id": u(job_ids[ln.job]) if ln.job is not None else None,
                    "position": position,
                    "category": ln.category,
                    "description": ln.description,
                    "part_id": None,
                    "part_number": ln.part_number,
                    "condition": ln.condition,
                    "quantity": to_thousandths(ln.quantity),
                    "unit_price": int(ln.unit_price * 100),
                    "unit_cost": int(ln.unit_cost * 100),
                    "discount_percent": int(ln.discount_percent * 10_000),
                    "discount_amount": int(ln.discount_amount * 100),
                    "core_charge": int(ln.core_charge * 100),
                    "core_amount": int(ln.core_amount * 100),
                    "amount": int(ln.amount * 100),
                    "cost_amount": int(ln.cost_amount * 100),
                    "taxable": ln.taxable,
                    "tax_rate": line_rate if ln.taxable else 0,
                    "tax": int(ln.tax * 100),
                    "fee_rule": "",
                    "rounding": order[8],
                    "technician_id": u(ln.technician_id) if ln.technician_id else None,
                    "billed_hours": to_thousandths(ln.billed_hours),
                    "vendor": ln.vendor,
                    "source_line_id": u(ln.source_id) if ln.source_id else None,
                    "credited_line_id": None,
                }
                rows.append([row[c] for c in self.line_columns])
            raw.conn.cursor().executemany(self._insert("invoice_lines", self.line_columns), rows)
            raw.execute(
                f"UPDATE work_orders SET status = {p}, version = version + 1, updated_at = {p}, updated_by = {p}"
                f" WHERE id = {p}",
                ("invoiced", stamp, u(self.actor.user_id), u(work_order_id)),
            )
            head = raw.fetchall(f"SELECT seq, hash FROM audit_heads WHERE shop_id = {p}{self.lock}", (shop,))[
                0
            ]
            seq, prev = head[0], head[1]
            entries = [
                (
                    "invoices",
                    str(invoice_id),
                    "post",
                    audit_diff(
                        None,
                        {
                            "number": number,
                            "work_order": order[1],
                            "total": t.total,
                            "tax": t.tax,
                            "business_date": day,
                            "on_account": False,
                        },
                    ),
                ),
                (
                    "work_orders",
                    str(work_order_id),
                    "status",
                    audit_diff({"status": "completed"}, {"status": "invoiced"}),
                ),
            ]
            for table, record, action, diff in entries:
                seq += 1
                at = datetime.now(UTC)
                chain = ChainEntry(
                    str(self.actor.shop_id),
                    seq,
                    at.isoformat(),
                    str(self.actor.user_id),
                    str(self.actor.terminal_id) if self.actor.terminal_id else None,
                    table,
                    record,
                    action,
                    canonical_json(diff),
                )
                digest = entry_hash(prev, chain)
                raw.execute(
                    "INSERT INTO audit_log (id, shop_id, seq, at, user_id, terminal_id, table_name, record_id,"
                    f" action, diff, prev_hash, hash) VALUES ({', '.join([p] * 12)})",
                    (
                        u(uuid.uuid4()),
                        shop,
                        seq,
                        raw.timestamp(at),
                        u(self.actor.user_id),
                        u(self.actor.terminal_id) if self.actor.terminal_id else None,
                        table,
                        record,
                        action,
                        chain.diff,
                        prev,
                        digest,
                    ),
                )
                prev = digest
            raw.execute(
                f"UPDATE audit_heads SET seq = {p}, hash = {p} WHERE shop_id = {p}", (seq, prev, shop)
            )
            raw.execute("COMMIT")
            return int(number)
        except BaseException:
            raw.execute("ROLLBACK")
            raise


def _post_benchmark(
    backend: str,
    raw: RawConnection,
    services: Services,
    desk: Actor,
    orders: list[uuid.UUID],
    posts: int,
    rng: random.Random,
) -> Result:
    mark = chain_mark(services.audit, desk)
    floor = RawPost(raw, desk)
    # check first: the floor writes what the service writes
    by_service = services.invoicing.post_from_work_order(desk, orders[0])
    number = floor.post(orders[1])
    by_floor = services.invoicing.get(desk, services.invoicing.find_number(desk, number) or uuid.uuid4())
    if number != by_service.number + 1:
        raise BenchmarkError(f"the floor took number {number} after {by_service.number}")
    same = (
        by_floor.totals == by_service.totals
        and [(ln.category, ln.amount, ln.quantity) for ln in by_floor.lines]
        == [(ln.category, ln.amount, ln.quantity) for ln in by_service.lines]
        and [j.title for j in by_floor.jobs] == [j.title for j in by_service.jobs]
        and services.work_orders.get(desk, orders[1]).status == "invoiced"
    )
    if not same:
        raise BenchmarkError("the raw posting floor does not write what the service writes")
    check_shop_chain(services.audit, desk, mark, "after the raw posting floor's first invoice")
    left = orders[2:]
    pairs = []
    for i in range(posts):
        service_order, floor_order = left[2 * i], left[2 * i + 1]
        pairs.append(
            (
                lambda wid=service_order: services.invoicing.post_from_work_order(desk, wid),
                lambda wid=floor_order: floor.post(wid),
            )
        )
    samples = interleaved(pairs, 1, rng)
    check_shop_chain(services.audit, desk, mark, "after the postings")
    return result(
        "post invoice (service vs raw SQL)", backend, samples, POST_GOAL, note=f"{posts} posts each"
    )


# --- the PDF -----------------------------------------------------------------------------


def bare_invoice_pdf(view: Any) -> bytes:
    """The same tables in a bare ReportLab document: plain strings, the same embedded font."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from app.reports.fonts import REGULAR, register_fonts

    register_fonts()
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("FONTSIZE", (0, 0), (-1, -1), 8.5)])
    t = view.totals
    blocks: list[list[list[str]]] = [
        [
            [view.shop_name, f"INVOICE {view.number}"],
            [view.shop_address, str(view.posted_at.date())],
            [view.shop_phone, ""],
        ],
        [
            ["Customer", view.customer_name, "Vehicle", view.vehicle_description],
            ["Phone", view.customer_phone, "VIN", view.vin],
            ["Address", view.customer_address, "Plate", view.plate],
            ["", "", "Odometer", f"{view.odometer_in} / {view.odometer_out}"],
        ],
    ]
    for job in view.jobs:
        rows = [
            [f"{job.position}. {job.title}", "", "", "", "", "", ""],
            [f"Concern: {job.concern}", "", "", "", "", "", ""],
        ]
        rows.append(["Type", "Description", "Part no.", "Condition", "Qty", "Unit price", "Amount"])
        own = [ln for ln in view.lines if ln.job_position == job.position]
        for ln in own:
            rows.append(
                [
                    ln.category,
                    ln.description,
                    ln.part_number,
                    ln.condition,
                    str(ln.quantity),
                    f"{ln.unit_price:,.2f}",
                    f"{ln.amount:,.2f}",
                ]
            )
            if ln.core_amount:
                rows.append(
                    [
                        "Core",
                        "Core deposit",
                        "",
                        "",
                        str(ln.quantity),
                        f"{ln.core_charge:,.2f}",
                        f"{ln.core_amount:,.2f}",
                    ]
                )
        rows.append(
            [f"Job {job.position} subtotal", "", "", "", "", "", f"{sum(ln.printed for ln in own):,.2f}"]
        )
        blocks.append(rows)
    loose = [ln for ln in view.lines if ln.job_position is None]
    if loose:
        blocks.append(
            [
                [
                    ln.category,
                    ln.description,
                    "",
                    "",
                    str(ln.quantity),
                    f"{ln.unit_price:,.2f}",
                    f"{ln.amount:,.2f}",
                ]
                for ln in loose
            ]
        )
    blocks.append(
        [
            ["Labor", f"{t.labor:,.2f}"],
            ["Parts", f"{t.parts:,.2f}"],
            ["Fees", f"{t.fees - t.shop_supplies:,.2f}"],
            ["Sublet", f"{t.sublet:,.2f}"],
            ["Shop supplies", f"{t.shop_supplies:,.2f}"],
            ["Subtotal", f"{t.subtotal:,.2f}"],
            ["Tax", f"{t.tax:,.2f}"],
            ["TOTAL", f"${t.total:,.2f}"],
        ]
    )
    blocks.append(
        [["Date", "Method", "Detail", "Amount"]]
        + [[str(pm.business_date), pm.method_label, pm.detail, f"{pm.amount:,.2f}"] for pm in view.payments]
    )
    blocks.append([["Paid", f"{view.paid:,.2f}"], ["BALANCE DUE", f"${view.balance_due:,.2f}"]])
    if view.authorizations:
        blocks.append(
            [["Date", "Authorized by", "Method", "Phone", "Amount", "Difference"]]
            + [
                [
                    str(a.at.date()),
                    a.authorized_by,
                    a.method,
                    a.phone_called,
                    f"{a.amount:,.2f}",
                    f"{a.difference:,.2f}",
                ]
                for a in view.authorizations
            ]
        )
    blocks.append([[view.footer]])
    story = []
    for rows in blocks:
        table = Table(rows)
        table.setStyle(style)
        story.append(table)
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER, title=f"Invoice {view.number}").build(story)
    return buffer.getvalue()


def _pdf_benchmark(backend: str, view: Any, rounds: int, rng: random.Random) -> Result:
    from app.reports.invoice import invoice_pdf

    invoice_pdf(view)  # fonts registered, modules loaded: neither side pays for them
    bare_invoice_pdf(view)
    samples = interleaved([(lambda: invoice_pdf(view), lambda: bare_invoice_pdf(view))], max(3, rounds), rng)
    return result(
        "invoice PDF (vs bare ReportLab)", backend, samples, PDF_GOAL, note=f"{len(view.lines)} lines"
    )

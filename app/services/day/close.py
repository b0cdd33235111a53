"""Closing the business day: freeze its figures and carry the perpetual grand total forward.

After a close nothing can be posted, paid or voided into that day (see the
gate in app/repositories/day.py): new work goes to the next business day at
once. A day closes only when every drawer opened on it is counted and closed,
only once, and in order: never before a later day that is closed, never while
an earlier day with business is still open. The shop's first close starts the
sequence (days before it that were never closed stay as they are).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.db.models import AuditHead, Counter, Shop
from app.db.models_day import DayClose
from app.db.types import now_utc
from app.domain.end_of_day import DayFigures, figures_from_json, figures_to_json, kpis
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.locale import ShopLocale
from app.domain.permissions import Action, Actor, require
from app.repositories.day import DayRepository, next_business_day
from app.services.base import Service
from app.services.customers.reminders import shop_today
from app.services.day.dto import BusinessDay, DayCloseRow, EndOfDayView
from app.services.day.end_of_day import build_figures, shop_zone
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork


class DayCloseService(Service):
    def today(self, actor: Actor) -> date:
        """The business day new work goes to now: the shop's local date, or the day after the latest close."""
        return self.business_day(actor).business_date

    def business_day(self, actor: Actor) -> BusinessDay:
        """The business day new work goes to, the shop's calendar date, and the latest day closed."""

        def work(uow: UnitOfWork) -> BusinessDay:
            last = DayRepository(uow.session).last_closed(actor.shop_id)
            calendar = shop_today(uow, actor)
            return BusinessDay(next_business_day(last, calendar), calendar, last)

        return self._read(work)

    def figures(self, actor: Actor, business_date: date) -> EndOfDayView:
        """The day's figures: frozen if it is closed, as they stand now if not."""
        require(actor, Action.VIEW_OWNER_REPORTS)
        return self._report(lambda uow: end_of_day_view(uow, actor, business_date))

    def close(self, actor: Actor, business_date: date) -> EndOfDayView:
        """Freeze the day. Refused for a future day, a closed one, or one with a drawer still open."""
        require(actor, Action.CLOSE_DAY)

        def work(uow: UnitOfWork) -> None:
            shop = _shop(uow, actor)
            repo = DayRepository(uow.session)
            gate = _lock_closable_day(repo, actor, business_date, shop_today(uow, actor), shop_locale(shop))
            figures = build_figures(uow, actor.shop_id, business_date, shop_zone(shop.timezone))
            before = repo.grand_total(actor.shop_id)
            after = before + figures.invoices.total
            head = uow.audit.lock_head(actor.shop_id)  # the chain head as the day closes
            row = _day_close(actor, business_date, figures, before, after, head)
            repo.add_close(row)
            gate.value += 1  # days closed so far
            uow.session.flush()
            uow.record(
                actor,
                actor.shop_id,
                "day_closes",
                row.id,
                "close",
                None,
                {
                    "business_date": business_date,
                    "gross_sales": figures.invoices.total,
                    "net_sales": figures.net.subtotal,
                    "tax": figures.net.tax,
                    "grand_total_after": after,
                },
            )
            uow.commit()

        self._write(work)
        return self._read(lambda uow: end_of_day_view(uow, actor, business_date))

    def recent(self, actor: Actor, limit: int = 60) -> list[DayCloseRow]:
        require(actor, Action.VIEW_OWNER_REPORTS)

        def work(uow: UnitOfWork) -> list[DayCloseRow]:
            repo = DayRepository(uow.session)
            rows = repo.recent_closes(actor.shop_id, limit)
            names = repo.user_names({r.closed_by for r in rows})
            return [
                DayCloseRow(
                    r.business_date,
                    r.closed_at,
                    names.get(r.closed_by, ""),
                    r.invoice_count,
                    r.net_sales,
                    r.tax,
                    r.payments_total,
                    r.grand_total_after,
                )
                for r in rows
            ]

        return self._report(work)


def _lock_closable_day(
    repo: DayRepository, actor: Actor, business_date: date, today: date, words: ShopLocale
) -> Counter:
    """Lock the shop's business-day gate, once the day is known to be the one to close now."""
    # The gate first: posts into the day wait for this close, then see the day closed.
    gate = repo.lock_gate(actor.shop_id, exclusive=True)
    last = repo.last_closed(actor.shop_id)
    if business_date > next_business_day(last, today):
        raise ValidationError({"business_date": "is in the future; a day closes once it has happened"})
    if repo.is_closed(actor.shop_id, business_date):
        raise ConflictError(f"{words.weekday_day(business_date, True)} is closed already.")
    _check_in_order(repo, actor, business_date, last, words)
    unclosed = repo.unclosed_drawers(actor.shop_id, business_date)
    if unclosed:
        raise ValidationError(
            {"drawers": "count and close the cash drawer on " + ", ".join(unclosed) + " first"}
        )
    return gate


def _check_in_order(
    repo: DayRepository, actor: Actor, business_date: date, last: date | None, words: ShopLocale
) -> None:
    """Days close in order: none before the latest close, none past an earlier day with business."""
    if last is None:
        return  # the shop's first close starts the sequence
    if business_date < last:
        raise ConflictError(
            f"{words.weekday_day(business_date, True)} cannot be closed: "
            f"{words.weekday_day(last, True)} is closed already, "
            "and days close in order."
        )
    earlier = repo.first_open_business(actor.shop_id, last, business_date)
    if earlier is not None:
        raise ValidationError(
            {
                "business_date": f"{words.weekday_day(earlier, True)} had business and is still open; "
                f"close {words.weekday_day(earlier, True)} first"
            }
        )


def _day_close(
    actor: Actor, business_date: date, figures: DayFigures, before: Decimal, after: Decimal, head: AuditHead
) -> DayClose:
    """The frozen day: its figures, the grand total carried forward, the audit chain head it ends on."""
    return DayClose(
        shop_id=actor.shop_id,
        business_date=business_date,
        closed_by=actor.user_id,
        closed_at=now_utc(),
        invoice_count=figures.invoices.count,
        gross_sales=figures.invoices.total,
        net_sales=figures.net.subtotal,
        tax=figures.net.tax,
        payments_total=figures.payments_total,
        grand_total_before=before,
        grand_total_after=after,
        audit_seq=head.seq,
        audit_hash=head.hash,
        figures=figures_to_json(figures),
    )


def end_of_day_view(uow: UnitOfWork, actor: Actor, business_date: date) -> EndOfDayView:
    shop = _shop(uow, actor)
    repo = DayRepository(uow.session)
    row = repo.close_of(actor.shop_id, business_date)
    if row is not None:
        return _view(uow, shop, business_date, figures_from_json(row.figures), row)
    figures = build_figures(uow, actor.shop_id, business_date, shop_zone(shop.timezone))
    return _view(uow, shop, business_date, figures, None)


def _view(
    uow: UnitOfWork, shop: Shop, business_date: date, figures: DayFigures, row: DayClose | None
) -> EndOfDayView:
    repo = DayRepository(uow.session)
    if row is not None:
        closed_by = repo.user_names({row.closed_by}).get(row.closed_by, "")
        before, after = row.grand_total_before, row.grand_total_after
        seq, digest = row.audit_seq, row.audit_hash
    else:
        closed_by = ""
        before = repo.grand_total(shop.id)
        after = before + figures.invoices.total
        head = uow.audit.head(shop.id)
        seq, digest = (head.seq, head.hash) if head is not None else (0, "")
    return EndOfDayView(
        shop_name=shop.name,
        shop_address=shop.address,
        shop_phone=shop.phone,
        timezone=shop.timezone,
        business_date=business_date,
        figures=figures,
        kpis=kpis(figures),
        closed=row is not None,
        closed_by=closed_by,
        closed_at=row.closed_at if row is not None else None,
        grand_total_before=before,
        grand_total_after=after,
        audit_seq=seq,
        audit_hash=digest,
        unclosed_drawers=()
        if row is not None
        else tuple(d.terminal for d in figures.drawers if d.status != "closed"),
    )


def _shop(uow: UnitOfWork, actor: Actor) -> Shop:
    shop = uow.shops.get(actor.shop_id)
    if shop is None:
        raise NotFoundError("This shop no longer exists.")
    return shop

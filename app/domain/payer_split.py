"""Splitting a finished invoice between the customer and a second payer.

An insurer or a warranty company (the *payer*) pays for the jobs or lines it
covers, less the customer's deductible, up to the amount it approved; the
customer pays the rest. The split is a layer after the totals: it takes the
invoice's printed lines and its tax as they were computed and only divides
them, so however a total is reached, customer part + payer part = total, to
the cent.

- Tax follows the taxable amount: the covered lines carry the share of the
  invoice's tax their taxable amounts bear (rounded half up to the cent; the
  customer's part keeps the remainder, so nothing is lost or made).
- The deductible comes off what the payer covers and is the customer's to pay;
  a deductible larger than the covered amount leaves the payer nothing.
- Above the approval amount the excess moves to the customer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class SplitLine:
    """One printed line as the split sees it: what it adds, what of it is taxed, and whether it is covered."""

    printed: Decimal  # amount + core deposit
    taxable: Decimal  # the part of it tax was charged on (0 when not taxable)
    covered: bool


@dataclass(frozen=True)
class Coverage:
    """What the payer agreed to: the customer's deductible and the payer's approval (None: no cap)."""

    deductible: Decimal = ZERO
    approval: Decimal | None = None


@dataclass(frozen=True)
class Split:
    """The two parts of one document, with how the payer's part was reached."""

    total: Decimal
    covered: Decimal  # covered lines with their tax
    covered_tax: Decimal
    deductible: Decimal  # the deductible as it applied (never more than was covered)
    over_approval: Decimal  # covered less deductible, above the approval: the customer's
    payer: Decimal
    customer: Decimal


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def covered_tax(lines: Iterable[SplitLine], tax: Decimal) -> Decimal:
    """The covered lines' share of the invoice's tax, by their taxable amounts."""
    rows = list(lines)
    base = sum((ln.taxable for ln in rows), ZERO)
    if base == 0 or tax == 0:
        return ZERO
    covered_base = sum((ln.taxable for ln in rows if ln.covered), ZERO)
    return _cents(tax * covered_base / base)


def split_amounts(total: Decimal, covered: Decimal, covered_tax_part: Decimal, coverage: Coverage) -> Split:
    """Divide ``total`` given what the payer covers (with its tax) and the coverage terms.

    The payer's part is never negative, never more than the total and never
    more than the approval; the customer's part is the rest.
    """
    if coverage.deductible < 0:
        raise ValueError("a deductible is not negative")
    if coverage.approval is not None and coverage.approval < 0:
        raise ValueError("an approval amount is not negative")
    covered = max(covered, ZERO)
    deductible = min(coverage.deductible, covered)
    asked = covered - deductible
    approved = asked if coverage.approval is None else min(asked, coverage.approval)
    payer = max(min(approved, total), ZERO)
    return Split(
        total=total,
        covered=covered,
        covered_tax=covered_tax_part,
        deductible=deductible,
        over_approval=asked - approved,
        payer=payer,
        customer=total - payer,
    )


def split_invoice(lines: Iterable[SplitLine], tax: Decimal, total: Decimal, coverage: Coverage) -> Split:
    """The customer's and the payer's parts of an invoice of these lines, this tax and this total."""
    rows = list(lines)
    tax_part = covered_tax(rows, tax)
    covered = sum((ln.printed for ln in rows if ln.covered), ZERO) + tax_part
    return split_amounts(total, covered, tax_part, coverage)


def credit_split(
    payer_before: Decimal, payer_after: Decimal, credit_total: Decimal
) -> tuple[Decimal, Decimal]:
    """(payer part, customer part) of a credit note, both negative or zero, summing to its total.

    ``payer_before`` is the payer's part of what was invoiced before this credit
    (the invoice less earlier credits), ``payer_after`` the payer's part of what
    is left after it, both split the same way the invoice was: the payer is
    credited what its part went down by, never more than the credit itself.
    """
    down_by = min(max(payer_before - payer_after, ZERO), max(-credit_total, ZERO))
    payer = ZERO - down_by
    return payer, credit_total - payer

"""The price sheet as the owner types it: rows of text per table, and back and forth to ``PriceSheet``.

Each table is a list of rows of cell text; empty rows are skipped. Reading
collects every problem at once, keyed by the table (``labor_rates``,
``taxes``...) and naming the row, so the dialog shows them all. Choices are
typed as words ("percent" or "flat", "per tire", "per invoice", "yes").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.price_sheet import (
    CapScope,
    FeeBase,
    FeeMethod,
    FeeRule,
    LaborRate,
    PriceLevel,
    PriceSheet,
    TaxComponent,
)
from app.ui.formatting import money_input_text, number_input_text, parse_money, parse_number

Rows = list[list[str]]
LIMIT_ROLES = (("front_desk", "Service writer"), ("parts", "Parts"), ("technician", "Technician"))
RATE_COLUMNS = ("Code", "Name", "Rate an hour")
JOB_TYPE_COLUMNS = ("Job type", "Labor rate code")
LEVEL_COLUMNS = ("Code", "Name", "Parts markup %", "Labor rate code")
TAX_COLUMNS = ("Code", "Name", "Rate %", "Taxes", "Cap", "Cap amount", "Single-article cap")
FEE_COLUMNS = (
    "Code", "Name", "Percent or flat", "Base", "Amount", "Minimum", "Maximum",
    "Taxable", "Itemise", "Unit category", "Rim brackets",
)  # fmt: skip
_BASES = {
    "labor": FeeBase.LABOR,
    "parts": FeeBase.PARTS,
    "both": FeeBase.BOTH,
    "labor and parts": FeeBase.BOTH,
    "per tire": FeeBase.PER_TIRE,
    "per unit": FeeBase.PER_UNIT,
}
_CAPS = {
    "": CapScope.NONE,
    "none": CapScope.NONE,
    "per line": CapScope.PER_LINE,
    "per invoice": CapScope.PER_INVOICE,
}
_YES = {"yes": True, "y": True, "x": True, "no": False, "n": False, "": False}


@dataclass(frozen=True)
class SheetText:
    """Every table and field of the sheet exactly as the owner sees it."""

    labor_rates: Rows = field(default_factory=list)
    job_types: Rows = field(default_factory=list)
    levels: Rows = field(default_factory=list)
    taxes: Rows = field(default_factory=list)
    fees: Rows = field(default_factory=list)
    default_rate: str = "general"
    limits: dict[str, str] = field(default_factory=dict)
    minimum_margin: str = ""
    per_line: bool = False
    combined_label: str = "Shop fees"


def _money(value: Decimal | None) -> str:
    return money_input_text(value)


def _num(value: Decimal | None) -> str:
    return number_input_text(value)


def sheet_text(sheet: PriceSheet) -> SheetText:
    """How a saved sheet is shown."""
    return SheetText(
        labor_rates=[[r.code, r.name, _money(r.rate)] for r in sheet.labor_rates],
        job_types=[[a, b] for a, b in sheet.job_type_rates],
        levels=[[lv.code, lv.name, _num(lv.parts_markup), lv.labor_rate] for lv in sheet.price_levels],
        taxes=[
            [
                t.code,
                t.name,
                _num(t.rate),
                ", ".join(t.categories),
                t.cap_scope.value.replace("_", " "),
                _money(t.cap),
                _money(t.item_cap),
            ]
            for t in sheet.taxes
        ],
        fees=[_fee_row(f) for f in sheet.fees],
        default_rate=sheet.default_labor_rate,
        limits={role: _num(limit) for role, limit in sheet.discount_limits},
        minimum_margin=_num(sheet.minimum_margin),
        per_line=sheet.per_line_rounding,
        combined_label=sheet.combined_fee_label,
    )


def _fee_row(f: FeeRule) -> list[str]:
    amount = _num(f.amount) if f.method == FeeMethod.PERCENT else _money(f.amount)
    base = next(word for word, b in _BASES.items() if b == f.base)
    brackets = "; ".join(f"{_num(rim)}: {_money(amount)}" for rim, amount in f.rim_brackets)
    return [
        f.code, f.name, f.method.value, base, amount, _money(f.minimum), _money(f.maximum),
        "yes" if f.taxable else "no", "yes" if f.itemise else "no", f.unit_category, brackets,
    ]  # fmt: skip


def _filled(rows: Rows) -> list[tuple[int, list[str]]]:
    return [(i + 1, [c.strip() for c in row]) for i, row in enumerate(rows) if any(c.strip() for c in row)]


def _opt_money(text: str, name: str) -> Decimal | None:
    return parse_money(text, name) if text else None


def parse_sheet(text: SheetText) -> PriceSheet:
    """The typed sheet, or a ValidationError naming every table's first problem and its row."""
    errors: dict[str, str] = {}

    def each(name: str, rows: Rows, make: object) -> tuple:  # type: ignore[type-arg]
        out = []
        for number, cells in _filled(rows):
            try:
                out.append(make(cells))  # type: ignore[operator]
            except (ValidationError, ValueError, KeyError, IndexError) as exc:
                errors.setdefault(name, f"row {number}: {_problem(exc)}")
        return tuple(out)

    sheet = PriceSheet(
        labor_rates=each("labor_rates", text.labor_rates, _rate),
        default_labor_rate=text.default_rate.strip() or "general",
        job_type_rates=each("job_type_rates", text.job_types, lambda c: (c[0], c[1])),
        price_levels=each("price_levels", text.levels, _level),
        taxes=each("taxes", text.taxes, _tax),
        fees=each("fees", text.fees, _fee),
        discount_limits=each(
            "discount_limits", [[r, v] for r, v in text.limits.items() if v.strip()], _limit
        ),
        minimum_margin=_margin(text.minimum_margin, errors),
        per_line_rounding=text.per_line,
        combined_fee_label=text.combined_label.strip() or "Shop fees",
    )
    if errors:
        raise ValidationError(errors)
    return sheet


def _problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in exc.errors.items())
    if isinstance(exc, KeyError):
        return f"{exc.args[0]!r} is not one of the choices"
    return "a cell is missing"


def _rate(c: list[str]) -> LaborRate:
    return LaborRate(c[0], c[1] or c[0].title(), parse_money(c[2], "rate"))


def _level(c: list[str]) -> PriceLevel:
    c = [*c, "", ""][:4]
    markup = parse_number(c[2], "markup", 4) if c[2] else None
    return PriceLevel(c[0], c[1] or c[0].title(), markup, c[3])


def _tax(c: list[str]) -> TaxComponent:
    c = [*c, "", "", "", ""][:7]
    categories = tuple(w.strip().casefold() for w in c[3].replace(";", ",").split(",") if w.strip()) or (
        "part",
    )
    return TaxComponent(
        c[0], c[1] or c[0].title(), parse_number(c[2], "rate", 4), categories,
        _CAPS[c[4].casefold()], _opt_money(c[5], "cap"), _opt_money(c[6], "single-article cap"),
    )  # fmt: skip


def _fee(c: list[str]) -> FeeRule:
    c = [*c, *[""] * 11][:11]
    method = FeeMethod(c[2].casefold() or "flat")
    amount = (
        parse_number(c[4] or "0", "amount", 4)
        if method == FeeMethod.PERCENT
        else parse_money(c[4] or "0", "amount")
    )
    return FeeRule(
        code=c[0],
        name=c[1] or c[0].title(),
        method=method,
        base=_BASES[c[3].casefold() or "both"],
        amount=amount,
        minimum=_opt_money(c[5], "minimum"),
        maximum=_opt_money(c[6], "maximum"),
        taxable=_YES[c[7].casefold()],
        itemise=_YES[c[8].casefold() or "yes"],
        unit_category=c[9].casefold(),
        rim_brackets=_brackets(c[10]),
    )


def _brackets(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """ "16: 1.50; 20: 2.50" → ((16, 1.50), (20, 2.50)): up to each rim diameter, that fee a tire."""
    out = []
    for part in (p for p in text.split(";") if p.strip()):
        rim, _, amount = part.partition(":")
        out.append((parse_number(rim.strip(), "rim", 1), parse_money(amount.strip(), "fee")))
    return tuple(sorted(out))


def _limit(c: list[str]) -> tuple[str, Decimal]:
    return c[0], parse_number(c[1] or "0", "limit", 2)


def _margin(text: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_number(text.strip(), "margin", 2) if text.strip() else None
    except ValidationError as exc:
        errors["minimum_margin"] = _problem(exc)
        return None

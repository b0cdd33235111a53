"""Column presets: the column names common shop-system and spreadsheet exports use, per kind.

A preset maps column names (compared without case, spaces or punctuation,
app/domain/imports.header_key) to BayDesk fields. A file matches a preset when
the preset knows every one of its columns it can use and the file gives the
kind's required fields; then it imports without a hand-made mapping. The
presets are listed in docs/import.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.imports import FIELDS, REQUIRED, ImportKind, header_key


@dataclass(frozen=True)
class Preset:
    name: str
    kind: ImportKind
    columns: dict[str, str]  # header_key(column name) -> field


def _preset(name: str, kind: ImportKind, spellings: dict[str, tuple[str, ...]]) -> Preset:
    columns = {header_key(s): field for field, names in spellings.items() for s in names}
    return Preset(name, kind, columns)


def _own(kind: ImportKind) -> Preset:
    """BayDesk's own field names (what ``baydesk import`` documents and the samples use)."""
    return Preset("BayDesk columns", kind, {header_key(f): f for f in FIELDS[kind]})


_CUSTOMERS = {
    "source_id": ("Customer ID", "Customer No", "Customer Number", "Cust ID", "Cust No", "Account", "ID"),
    "name": ("Name", "Customer", "Customer Name", "Full Name", "Display Name"),
    "first_name": ("First Name", "First", "Given Name"),
    "last_name": ("Last Name", "Last", "Surname", "Family Name"),
    "company_name": ("Company", "Company Name", "Business", "Business Name", "Fleet"),
    "phone": ("Phone", "Phone Number", "Main Phone", "Home Phone", "Telephone", "Tel", "Mobile", "Cell"),
    "alt_phone": ("Alt Phone", "Work Phone", "Other Phone", "Phone 2", "Mobile Phone", "Cell Phone"),
    "email": ("Email", "E-mail", "Email Address", "Main Email"),
    "address_line1": ("Address", "Address 1", "Address Line 1", "Street", "Street1", "Billing Address"),
    "address_line2": ("Address 2", "Address Line 2", "Street2", "Suite"),
    "city": ("City", "Town"),
    "region": ("State", "Province", "Region", "County"),
    "postal_code": ("Zip", "Zip Code", "ZIP", "Postal Code", "Postcode"),
    "country": ("Country",),
    "tax_exempt_number": ("Tax Exempt", "Tax Exempt Number", "Resale Number", "Tax ID"),
    "notes": ("Notes", "Note", "Comments", "Memo"),
}
_VEHICLES = {
    "source_id": ("Vehicle ID", "Vehicle No", "Unit ID"),
    "customer_id": ("Customer ID", "Customer No", "Customer Number", "Cust ID", "Cust No", "Owner ID"),
    "customer_phone": ("Customer Phone", "Owner Phone", "Phone"),
    "customer_email": ("Customer Email", "Owner Email", "Email"),
    "vin": ("VIN", "VIN Number", "Vehicle Identification Number", "Serial"),
    "year": ("Year", "Model Year", "Yr"),
    "make": ("Make", "Manufacturer"),
    "model": ("Model",),
    "trim": ("Trim", "Submodel", "Sub Model"),
    "engine": ("Engine", "Engine Size"),
    "color": ("Color", "Colour"),
    "plate": ("Plate", "License", "License Plate", "Licence Plate", "Tag", "Registration"),
    "plate_region": ("Plate State", "License State", "Tag State"),
    "unit_number": ("Unit", "Unit Number", "Fleet Number"),
    "odometer": ("Odometer", "Mileage", "Miles", "Current Mileage", "Km"),
    "notes": ("Notes", "Note", "Comments"),
}
_PARTS = {
    "sku": ("Part Number", "Part No", "Part #", "Item", "Item Number", "SKU", "Stock Number"),
    "name": ("Description", "Name", "Part Name", "Item Name", "Item Description"),
    "cost": ("Cost", "Unit Cost", "Average Cost", "Last Cost"),
    "price": ("Price", "Retail", "Sell Price", "List Price", "Sales Price", "Unit Price"),
    "brand": ("Brand", "Manufacturer", "Line", "Vendor"),
    "category": ("Category", "Type", "Group", "Class"),
    "description": ("Long Description", "Details", "Notes"),
    "barcode": ("Barcode", "UPC", "EAN", "UPC Code"),
    "bin_location": ("Bin", "Location", "Bin Location", "Shelf"),
    "reorder_point": ("Reorder Point", "Min", "Minimum", "Min Qty"),
    "reorder_quantity": ("Reorder Quantity", "Reorder Qty", "Order Qty", "Max"),
    "on_hand": ("On Hand", "Qty On Hand", "Quantity", "Qty", "Stock", "QOH"),
    "taxable": ("Taxable", "Tax"),
}
_HISTORY = {
    "source_id": (
        "RO",
        "RO Number",
        "RO #",
        "Repair Order",
        "Invoice",
        "Invoice Number",
        "Invoice #",
        "Ticket",
    ),
    "date": ("Date", "Invoice Date", "RO Date", "Date Closed", "Closed", "Service Date"),
    "vehicle_id": ("Vehicle ID", "Vehicle No", "Unit ID"),
    "vin": ("VIN",),
    "plate": ("Plate", "License", "License Plate", "Tag"),
    "odometer": ("Odometer", "Mileage", "Miles", "Mileage In", "Odometer In"),
    "description": ("Description", "Work Performed", "Services", "Job", "Complaint", "Notes"),
    "labor": ("Labor", "Labor Total", "Labour"),
    "parts": ("Parts", "Parts Total"),
    "tax": ("Tax", "Sales Tax", "Tax Total"),
    "total": ("Total", "Invoice Total", "Grand Total", "Amount"),
}

PRESETS: tuple[Preset, ...] = (
    *(_own(kind) for kind in ImportKind),
    _preset("Common export columns", ImportKind.CUSTOMERS, _CUSTOMERS),
    _preset("Common export columns", ImportKind.VEHICLES, _VEHICLES),
    _preset("Common export columns", ImportKind.PARTS, _PARTS),
    _preset("Common export columns", ImportKind.HISTORY, _HISTORY),
)


def preset_mapping(preset: Preset, headers: tuple[str, ...]) -> dict[str, str]:
    """file column -> field for the columns ``preset`` knows (the first column wins a field)."""
    out: dict[str, str] = {}
    for header in headers:
        field = preset.columns.get(header_key(header))
        if field and field not in out.values():
            out[header] = field
    return out


def matching_preset(kind: ImportKind, headers: tuple[str, ...]) -> tuple[Preset, dict[str, str]] | None:
    """The first preset that maps enough of ``headers`` to import them, with its mapping."""
    best: tuple[Preset, dict[str, str]] | None = None
    for preset in PRESETS:
        if preset.kind != kind:
            continue
        mapping = preset_mapping(preset, headers)
        fields = set(mapping.values())
        if all(set(group) & fields for group in REQUIRED[kind]) and (
            best is None or len(mapping) > len(best[1])
        ):
            best = (preset, mapping)
    return best


def presets_for(kind: ImportKind) -> tuple[Preset, ...]:
    return tuple(p for p in PRESETS if p.kind == kind)

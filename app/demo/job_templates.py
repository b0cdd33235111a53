"""The jobs the demo shop does most, as templates: the story on the paper and the lines to charge.

Each template is what a service writer would type for a common repair: the
concern, cause and correction, one labor line priced at the shop's rate, and
the parts, fees and sublet work in the order they are added. Quantities and
prices are written as on the counter; ``job_catalog`` prices them once.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.totals import LineKind


@dataclass(frozen=True)
class Item:
    """A line template: quantities and prices as typed."""

    kind: LineKind
    description: str
    quantity: str
    price: str = "0"
    cost: str = "0"
    part_number: str = ""
    condition: str = ""
    core: str = "0"


@dataclass(frozen=True)
class Template:
    """A job as the writer types it: the three Cs, its labor and what it usually needs."""

    title: str
    concern: str
    cause: str
    correction: str
    labor: Item  # price "0": the work order's labor rate
    extras: tuple[Item, ...]  # parts, fees and sublet, in the order they are added
    reminder: tuple[int, int] | None = None  # (months, miles)


def _part(desc: str, qty: str, price: str, cost: str, number: str, cond: str, core: str = "0") -> Item:
    return Item(LineKind.PART, desc, qty, price, cost, number, cond, core)


def _fee(desc: str, qty: str, price: str) -> Item:
    return Item(LineKind.FEE, desc, qty, price)


def _labor(desc: str, hours: str) -> Item:
    return Item(LineKind.LABOR, desc, hours)


TEMPLATES = (
    Template(
        "Oil and filter change",
        "Due for an oil change",
        "Scheduled maintenance",
        "Changed oil and filter, reset the maintenance light",
        _labor("Change oil and filter", "0.5"),
        (
            _part("Full synthetic oil 0W-20, quart", "5", "9.50", "4.80", "MOB-0W20-QT", "new"),
            _part("Oil filter", "1", "14.99", "6.20", "PH7317", "aftermarket"),
            _fee("Used oil and filter disposal", "1", "4.50"),
        ),
        (6, 5_000),
    ),
    Template(
        "Front brake pads and rotors",
        "Grinding noise when braking",
        "Front pads worn to 2 mm, rotors scored",
        "Replaced front pads and rotors, bedded in the pads",
        _labor("Replace front pads and rotors", "1.8"),
        (
            _part("Front brake pad set, ceramic", "1", "89.99", "42.00", "D1210", "aftermarket"),
            _part("Front brake rotor", "2", "74.50", "35.10", "BR53042", "aftermarket"),
            _part("Brake hardware kit", "1", "18.99", "7.40", "H5894", "aftermarket"),
        ),
    ),
    Template(
        "Battery replacement",
        "Slow crank, battery light on",
        "Battery failed load test (310 of 640 CCA)",
        "Replaced battery, cleaned terminals, tested charging system",
        _labor("Replace battery and test charging system", "0.4"),
        (
            _part("Battery group 35, 640 CCA", "1", "189.99", "105.00", "BAT35-640", "new", "22.00"),
            _fee("California lead-acid battery fee", "1", "2.00"),
            _part("Terminal protector spray", "1", "6.99", "2.10", "TP-11", "new"),
        ),
    ),
    Template(
        "Check engine light diagnosis",
        "Check engine light on",
        "Code P0420, upstream O2 sensor slow to switch",
        "Replaced upstream O2 sensor, cleared codes, road tested",
        _labor("Diagnose check engine light", "1.0"),
        (
            _part("Upstream oxygen sensor", "1", "129.00", "71.50", "234-9119", "oem"),
            Item(LineKind.SUBLET, "Smog check (Star station)", "1", "59.95", "45.00"),
            _fee("Hazardous waste disposal", "1", "3.00"),
        ),
    ),
    Template(
        "Coolant flush",
        "Coolant looks dirty",
        "Coolant past its service interval",
        "Flushed the cooling system, refilled with OAT coolant",
        _labor("Flush and refill cooling system", "1.0"),
        (
            _part("Coolant 50/50 premix, gallon", "2", "24.99", "11.00", "COOL-OAT-1G", "new"),
            _part("Radiator cap", "1", "19.99", "8.25", "RC-16", "aftermarket"),
            _fee("Coolant disposal", "1", "5.00"),
        ),
        (24, 30_000),
    ),
    Template(
        "Serpentine belt and tensioner",
        "Squeal on start-up",
        "Belt cracked, tensioner weak",
        "Replaced belt, tensioner and idler pulley",
        _labor("Replace serpentine belt and tensioner", "1.2"),
        (
            _part("Serpentine belt", "1", "42.99", "18.40", "K060841", "aftermarket"),
            _part("Belt tensioner", "1", "96.50", "44.00", "38159", "aftermarket"),
            _part("Idler pulley", "1", "38.75", "16.90", "89161", "aftermarket"),
        ),
    ),
    Template(
        "Alternator replacement",
        "Battery light on while driving",
        "Alternator output 12.1 V at idle",
        "Replaced alternator with a remanufactured unit",
        _labor("Replace alternator", "1.6"),
        (
            _part("Alternator, remanufactured", "1", "289.00", "160.00", "ALT-11550", "rebuilt", "45.00"),
            _part("Serpentine belt", "1", "42.99", "18.40", "K060841", "aftermarket"),
            _part("Battery terminal end", "1", "12.49", "4.60", "BT-2", "aftermarket"),
        ),
    ),
    Template(
        "A/C recharge",
        "A/C blowing warm",
        "Low refrigerant, no leak found with dye",
        "Evacuated and recharged with R-1234yf, added dye",
        _labor("Evacuate and recharge A/C", "1.0"),
        (
            _part("R-1234yf refrigerant, lb", "1.5", "85.00", "40.00", "R1234YF", "new"),
            _part("UV leak dye", "1", "12.00", "3.90", "UV-1", "new"),
            _fee("Refrigerant recovery fee", "1", "8.00"),
        ),
    ),
    Template(
        "Four-wheel alignment",
        "Pulls to the right",
        "Toe out of specification",
        "Replaced outer tie rod end, aligned to specification",
        _labor("Inspect steering and suspension", "0.5"),
        (
            Item(LineKind.SUBLET, "Four-wheel alignment (Bay Tire)", "1", "119.95", "85.00"),
            _part("Outer tie rod end", "1", "48.50", "21.30", "ES80941", "aftermarket"),
            _part("Camber bolt kit", "1", "24.00", "9.80", "81250", "aftermarket"),
        ),
    ),
    Template(
        "Tire rotation and balance",
        "Due for a rotation",
        "Scheduled maintenance",
        "Rotated and balanced four tires, set pressures",
        _labor("Rotate and balance four tires", "0.8"),
        (
            _part("Wheel weights", "8", "0.75", "0.20", "WW-025", "new"),
            _part("TPMS service kit", "4", "6.50", "2.40", "TPMS-SK", "aftermarket"),
            _part("Valve stem", "4", "3.50", "0.90", "TR413", "new"),
        ),
        (6, 6_000),
    ),
    Template(
        "Spark plugs and coil",
        "Rough idle, flashing check engine light",
        "Misfire cylinder 3, plugs worn",
        "Replaced spark plugs and cylinder 3 coil",
        _labor("Replace spark plugs and ignition coil", "1.5"),
        (
            _part("Iridium spark plug", "4", "14.99", "6.80", "ILKAR7B11", "oem"),
            _part("Ignition coil", "1", "79.99", "38.00", "UF-247", "aftermarket"),
            _part("Dielectric grease", "1", "4.99", "1.50", "DG-3", "new"),
        ),
    ),
    Template(
        "Transmission fluid service",
        "Shifts late when cold",
        "Fluid dark, past its interval",
        "Drained and refilled automatic transmission fluid",
        _labor("Drain and fill transmission fluid", "0.8"),
        (
            _part("ATF, quart", "4", "11.49", "5.10", "ATF-DW1", "oem"),
            _part("Drain plug gasket", "1", "2.99", "0.60", "DPG-14", "oem"),
            _fee("Fluid disposal", "1", "5.00"),
        ),
        (36, 60_000),
    ),
    Template(
        "Four new tires",
        "Tires worn",
        "Tread at 3/32 in, below safe depth",
        "Mounted and balanced four new tires",
        _labor("Mount and balance four tires", "1.0"),
        (
            _part("All-season tire 215/55R17", "4", "142.00", "98.00", "AS-2155517", "new"),
            _part("Valve stem", "4", "3.50", "0.90", "TR413", "new"),
            _fee("California tire fee", "4", "1.75"),
        ),
    ),
    Template(
        "Wiper blades",
        "Wipers streaking",
        "Blades hardened and split",
        "Replaced both front wiper blades, topped up washer fluid",
        _labor("Replace wiper blades", "0.2"),
        (
            _part("Wiper blade 24 in", "1", "21.99", "8.90", "WB-24", "aftermarket"),
            _part("Wiper blade 18 in", "1", "18.99", "7.60", "WB-18", "aftermarket"),
            _part("Washer fluid, gallon", "1", "4.99", "1.80", "WF-1G", "new"),
        ),
    ),
)

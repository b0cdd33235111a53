"""Read models of vehicle readings: a reading, an import's outcome, a code turned into work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class CodeView:
    code: str
    description: str


@dataclass(frozen=True)
class ReadingView:
    id: uuid.UUID
    vehicle_id: uuid.UUID
    vehicle: str  # "2019 Ford Transit · unit 12 · 7ABC123"
    taken_at: datetime
    odometer: int | None
    battery_volts: Decimal | None
    fuel_percent: Decimal | None
    coolant_celsius: Decimal | None
    codes_read: bool
    codes: tuple[CodeView, ...]
    source: str
    file_name: str
    mileage_recorded: bool


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file: forced column names and units, date order, one vehicle for the whole file."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> column name in the file
    units: dict[str, str] = field(default_factory=dict)  # field -> km/mi, C/F
    date_order: str = ""  # "mdy" or "dmy" for slashed dates that could be either
    vehicle_id: uuid.UUID | None = None  # a scan-tool log of one car (chosen in the dialog)
    vin: str = ""  # the same from the command line: every line is this vehicle's
    source: str = ""  # "scan tool" or "telematics"; empty: guessed from the file


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    file_format: str
    columns: dict[str, str]  # field -> the column it was read from
    rows: int
    added: int
    already_there: int
    vehicles: int
    mileage_updated: int  # vehicles whose odometer went up (and their reminders with it)
    codes: tuple[str, ...]  # trouble codes among the readings added
    problems: tuple[str, ...] = ()  # lines skipped, and why

    @property
    def summary(self) -> str:
        text = (
            f"{self.file_name}: {self.added:,} reading{'s' if self.added != 1 else ''} added"
            f", {self.already_there:,} already there, for {self.vehicles:,} "
            f"vehicle{'s' if self.vehicles != 1 else ''}"
        )
        if self.mileage_updated:
            text += f"; odometer updated on {self.mileage_updated:,}"
        if self.problems:
            text += f"; {len(self.problems):,} line{'s' if len(self.problems) != 1 else ''} skipped"
        return text + "."


@dataclass(frozen=True)
class RecommendResult:
    """Where a trouble code's recommended job went."""

    code: str
    title: str
    work_order_number: int | None  # None: waiting for the vehicle's next work order
    job_id: uuid.UUID | None

    @property
    def message(self) -> str:
        if self.work_order_number is None:
            return f"{self.title}: kept for the vehicle's next work order."
        return f"{self.title}: added to work order {self.work_order_number}, awaiting the customer's authorization."

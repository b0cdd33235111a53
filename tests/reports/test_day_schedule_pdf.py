"""The printed day schedule, from the schedule service on both databases: what the desk booked, in order."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

from pypdf import PdfReader

from app.domain.permissions import Actor, Role
from app.reports.day_schedule import day_schedule_pdf
from app.reports.page import PAGE_SIZES
from app.services.bays.board import BayInput
from app.services.container import Services
from tests.integration.schedule_support import at, book, next_weekday
from tests.integration.work_order_helpers import add_car
from tests.reports.report_support import pdf_text


def test_the_day_prints_each_car_in_time_order_with_the_load_and_what_went_over(
    services: Services, owner: Actor, desk: Actor
) -> None:
    bay = services.bays.save_bay(owner, BayInput("Bay 1"))
    ken = services.setup.add_user(owner, "ken", "Ken Nakamura", Role.TECHNICIAN, "tech password 12")
    day = next_weekday(4)
    ruiz = add_car(services, desk, last_name="Ruiz", plate="5XYZ789")
    chen = add_car(services, desk, last_name="Chen", plate="8CHN123")
    book(services, desk, chen.vehicle_id, at(day, 14), "1.5", bay_id=bay.id, concern="A/C blows warm")
    book(
        services,
        desk,
        ruiz.vehicle_id,
        at(day, 8),
        "6",
        bay_id=bay.id,
        technician_id=ken,
        concern="Timing belt",
    )
    cancelled = book(services, desk, ruiz.vehicle_id, at(day, 16), "1", concern="Wipers")
    services.appointments.cancel(desk, cancelled.id, "Changed their mind")
    book(services, desk, chen.vehicle_id, at(day, 15, 30), "2", bay_id=bay.id, reason="Fleet rush")

    sheet = services.schedule.day_sheet(desk, day)
    text = pdf_text(day_schedule_pdf(sheet))

    assert f"{day:%A}, {day:%B} {day.day}, {day.year}" in text
    rows = [line.split()[:2] for line in text.splitlines() if line.strip()[:1].isdigit()]
    assert rows[:3] == [["8:00", "AM"], ["2:00", "PM"], ["3:30", "PM"]]  # drop-off times, in order
    assert "to 2:00 PM" in text and "to 5:30 PM" in text
    for printed in (
        "Maria Ruiz",
        "2016 Honda Civic",
        "5XYZ789",
        "Timing belt",
        "Ken Nakamura",
        "A/C blows warm",
    ):
        assert printed in text
    assert "Wipers" not in text  # a cancelled appointment is not on the day's sheet
    assert "Over capacity: Fleet rush" in text
    assert "Booked 9.5 h of 9 h" in text and "OVER CAPACITY" in text
    assert "Open 8:00 AM–5:00 PM" in text


def test_the_sheet_comes_on_the_shops_paper(services: Services, owner: Actor) -> None:
    day = next_weekday(4)
    sheet = services.schedule.day_sheet(owner, day)
    assert sheet.page_size == "letter"
    services.settings.update_locale(owner, replace(services.settings.locale(owner), paper="a4"))
    sheet = services.schedule.day_sheet(owner, day)
    for pdf, size in ((day_schedule_pdf(sheet), "a4"), (day_schedule_pdf(sheet, "letter"), "letter")):
        box = PdfReader(BytesIO(pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == tuple(
            round(v) for v in PAGE_SIZES[size]
        )
    assert "No appointments." in pdf_text(day_schedule_pdf(sheet))

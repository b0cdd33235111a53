"""On a laptop screen the front desk sees a page of customers, not four rows."""

from __future__ import annotations

from app.ui.customers.view import CustomersView


def test_results_get_a_fair_share_of_a_768_pixel_screen(qtbot) -> None:
    view = CustomersView()
    qtbot.addWidget(view)
    view.resize(1046, 700)  # the area's part of a 1,366x768 window
    view.show()
    qtbot.waitExposed(view)
    rows = view.results_table.viewport().height() // view.results_table.verticalHeader().defaultSectionSize()
    assert rows >= 8
    # the customer and vehicle panels below keep the rest, enough for their forms
    assert view.lower_splitter.height() >= view.lower_splitter.minimumSizeHint().height()

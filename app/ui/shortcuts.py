"""Every keyboard shortcut of BayDesk in one map: the key, what it does, and where it works.

The same key means the same kind of thing in every area:

=================  ==========================================================
Ctrl+N             new (customer, work order, part, bay, user...) in this area
Ctrl+F             find: the cursor to this area's search or scan box
F2                 edit what is selected
Del / Ctrl+Del     remove what is selected
Ctrl+S             save (settings, notes, a PDF)
Ctrl+P             print this area's document
Ctrl+Shift+P       preview this area's document
F5                 look again now
Ctrl+Return        post, show or confirm what the area is about
Esc                back (out of an editor, or cancel a dialog)
F1 · F12           this sheet · switch user (everywhere)
=================  ==========================================================

An area's keys work while the area is shown: entering an area puts the
cursor in it (its search box, scan field or ticket), and its actions are
bound to the area (``Qt.WidgetWithChildrenShortcut``), so two areas may use
one key for their own "new" and a key is never taken twice in one area or
by an area and the window at once (tests/ui/test_shortcuts.py).

Controllers take their keys from here by area and action name (the QAction's
object name); the F1 sheet (app/ui/shortcut_sheet.py) lists this map.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class Shortcut:
    area: str  # a key of AREAS
    name: str  # the QAction's object name
    keys: str  # QKeySequence text, portable format
    does: str  # what it does, as the sheet says it


# Where a shortcut works, as the sheet heads it, in the sheet's order.
AREAS: dict[str, str] = {
    "window": "Everywhere",
    "dialog": "In every dialog",
    "customers": "Customers & vehicles",
    "work_orders.list": "Work orders: the list",
    "work_orders.editor": "Work orders: an open work order",
    "bays.board": "Bay board",
    "bays.technician": "Bay board: my jobs (technicians)",
    "bays.report": "Bay board: technician report",
    "bays.corrections": "Bay board: clock corrections (owner)",
    "bays.settings": "Bay board: bays and hours",
    "parts.counter": "Parts counter",
    "parts.requests": "Parts counter: technicians' requests",
    "parts.receiving": "Parts counter: receiving",
    "parts.count": "Parts counter: count",
    "parts.settings": "Parts counter: stock settings",
    "parts.returns": "Parts counter: returns to vendors",
    "parts.return_dialog": "Parts counter: the return to vendor dialog",
    "invoicing": "Invoicing",
    "reminders": "Reminders",
    "owner": "Cash & end of day",
    "audit": "Audit log",
    "users": "Users & terminals",
    "settings": "Settings",
    "schedule": "Schedule",
    "schedule.hours": "Schedule: who works when",
    "alerts": "Alerts",
    "readings": "Vehicle readings",
    "settings.canned_jobs": "Settings: canned jobs",
    "canned_job_dialog": "Canned job dialog",
}

GO_KEYS = 9  # Ctrl+1 ... Ctrl+9: the first nine areas of the list on the left
BAY_KEYS = 9  # Alt+1 ... Alt+9: the selected car into bay 1 ... 9
STATUS_CHIPS = 6  # Alt+0 ... Alt+5: the work order list's status filters


def _s(area: str, *rows: tuple[str, str, str]) -> tuple[Shortcut, ...]:
    return tuple(Shortcut(area, name, keys, does) for name, keys, does in rows)


SHORTCUTS: tuple[Shortcut, ...] = (
    *_s(
        "window",
        ("shortcut_sheet", "F1", "Show this list of shortcuts"),
        ("switch_user", "F12", "Switch user: the next person signs in"),
        ("lock", "Ctrl+F12", "Lock the window until you sign in again"),
        ("quit", "Ctrl+Q", "Quit BayDesk"),
    ),
    *(
        Shortcut("window", f"go_{n}", f"Ctrl+{n}", f"Go to area {n} of the list on the left")
        for n in range(1, GO_KEYS + 1)
    ),
    *_s(
        "dialog",
        ("save", "Return", "Save (in a box of several lines: a new line)"),
        ("save_from_text", "Ctrl+Return", "Save, also from a box of several lines"),
        ("cancel", "Esc", "Cancel: close without saving"),
    ),
    *_s(
        "customers",
        ("find", "Ctrl+F", "Find a customer or vehicle: name, phone, plate, end of VIN"),
        ("new_customer", "Ctrl+N", "New customer"),
        ("edit_customer", "F2", "Edit the customer"),
        ("delete_customer", "Ctrl+Del", "Delete the customer"),
        ("new_vehicle", "Ctrl+Shift+N", "Add a vehicle to the customer"),
        ("edit_vehicle", "Shift+F2", "Edit the vehicle"),
        ("record_odometer", "Ctrl+Shift+O", "Record the vehicle's odometer"),
        ("delete_vehicle", "Ctrl+Shift+Del", "Delete the vehicle"),
        ("new_work_order", "Ctrl+Shift+W", "Open a work order for the vehicle"),
        (
            "customer_pricing",
            "Ctrl+Shift+L",
            "The customer's price level, labor rate and tax-exempt certificates",
        ),
    ),
    *_s(
        "work_orders.list",
        ("find", "Ctrl+F", "Find a work order: number, name, plate"),
        ("new_work_order", "Ctrl+N", "New work order"),
        ("refresh", "F5", "Look again now"),
    ),
    *(
        Shortcut("work_orders.list", f"chip_{n}", f"Alt+{n}", f"Status filter {n} (Alt+0: all open)")
        for n in range(STATUS_CHIPS)
    ),
    *_s(
        "work_orders.editor",
        ("add_job", "Ctrl+J", "Add a job"),
        ("add_labor", "Ctrl+L", "Add labor to the job"),
        ("add_part", "Ctrl+T", "Add a part to the job"),
        ("add_fee", "Ctrl+Shift+F", "Add a fee"),
        ("add_sublet", "Ctrl+Shift+U", "Add sublet work"),
        ("canned_job", "Ctrl+K", "Add a canned job"),
        ("declined_work", "Ctrl+Shift+D", "The vehicle's declined work"),
        ("job_type", "Ctrl+Shift+J", "Choose the selected job's type (it sets the job's labor rate)"),
        ("allocate_from_stock", "Ctrl+Shift+K", "Take a part off the shelf for the job"),
        ("edit_item", "F2", "Edit the selected job or line"),
        ("remove_item", "Del", "Remove the selected job or line"),
        ("authorize", "Ctrl+A", "Record the customer's authorization"),
        ("mark_approved", "Ctrl+Shift+A", "Mark approved"),
        ("start_work", "Ctrl+Shift+I", "Start work"),
        ("put_on_hold", "Ctrl+Shift+H", "Put on hold"),
        ("complete", "Ctrl+Shift+C", "Complete the work order"),
        ("cancel_order", "Ctrl+Shift+X", "Cancel the work order"),
        ("print_estimate", "Ctrl+P", "Preview the estimate, to print or save it"),
        ("print_work_sheet", "Ctrl+Shift+T", "Preview the technician's work sheet, to print or save it"),
        ("second_payer", "Ctrl+Shift+Y", "An insurer or warranty company pays part: set or clear it"),
        ("job_discount", "Ctrl+D", "Discount on the selected job: percent or amount, with the reason"),
        (
            "ticket_discount",
            "Ctrl+Shift+O",
            "Discount on the whole ticket: percent or amount, with the reason",
        ),
        ("back_to_list", "Esc", "Back to the list"),
    ),
    *_s(
        "bays.board",
        ("move_to_bay", "Ctrl+M", "Put the selected car into a bay (pick it)"),
        ("back_to_waiting", "Alt+0", "Take the selected car out of its bay"),
        ("large_type", "Ctrl+Shift+L", "Large type, for a wall screen"),
        ("compact_board", "Ctrl+Shift+N", "Narrow columns, to see every bay at once"),
        ("refresh_board", "F5", "Look again now"),
        ("add_bay", "Ctrl+N", "Add a service bay"),
        ("bay_maintenance", "Ctrl+Shift+T", "The selected car's bay out of use, or back"),
    ),
    *(
        Shortcut("bays.board", f"to_bay_{n}", f"Alt+{n}", f"Put the selected car into bay {n}")
        for n in range(1, BAY_KEYS + 1)
    ),
    *_s(
        "bays.technician",
        ("clock_shift", "F2", "Clock the shift in or out"),
        ("start_job", "F6", "Start or resume the job's clock"),
        ("pause_job", "F7", "Pause the job"),
        ("switch_job", "F8", "Switch to this job"),
        ("finish_job", "F9", "Finish the job"),
        ("save_findings", "Ctrl+S", "Save cause and correction"),
        ("add_inspection", "Ctrl+I", "Add an inspection finding"),
        ("recommend", "Ctrl+R", "Recommend work"),
        ("request_part", "Ctrl+T", "Ask for a part"),
        ("refresh_jobs", "F5", "Look again now"),
    ),
    *_s(
        "bays.report",
        ("show_report", "Ctrl+Return", "Show the report"),
        ("report_pdf", "Ctrl+P", "Preview the report, to print or save it"),
    ),
    *_s("bays.corrections", ("correct_clock", "Ctrl+K", "Correct the chosen clock entry")),
    *_s(
        "bays.settings",
        ("bays_add", "Ctrl+N", "New bay"),
        ("bays_edit", "F2", "Change the bay"),
        ("bays_status", "Ctrl+Shift+S", "The bay's status"),
        ("bays_save", "Ctrl+S", "Save the rules"),
    ),
    *_s(
        "parts.counter",
        ("focus_part_search", "Ctrl+F", "To the look-up and scan box"),
        ("post_ticket", "F9", "Post the ticket: sell, or allocate to the work order"),
        ("ticket_plus", "Ctrl+=", "One more of the ticket line"),
        ("ticket_minus", "Ctrl+-", "One less of the ticket line"),
        ("ticket_remove", "Ctrl+Del", "Remove the ticket line"),
        ("attach_barcode", "Ctrl+B", "Attach the unknown code to the selected part"),
        ("new_part", "Ctrl+N", "New part (with the unknown code)"),
        ("print_shelf_label", "Ctrl+P", "Preview the selected part's shelf label, to print or save it"),
        ("core_from_customer", "Ctrl+Shift+C", "A core came back from the customer"),
        ("cores_to_vendor", "Ctrl+Shift+V", "Cores sent back to the vendor"),
        ("find_customer", "Ctrl+Shift+L", "Find the sale's customer (their price level prices the parts)"),
    ),
    *_s("parts.requests", ("fill_request", "F9", "Fill the selected request")),
    *_s("parts.receiving", ("create_orders", "Ctrl+N", "New purchase orders from the reorder list")),
    *_s("parts.count", ("post_count", "Ctrl+Return", "Post the count")),
    *_s("parts.settings", ("save_stock_settings", "Ctrl+S", "Save the stock settings")),
    *_s(
        "parts.returns",
        ("new_return", "Ctrl+N", "New return to a vendor"),
        ("return_special_order", "Ctrl+R", "Return the selected special order to its vendor"),
        ("keep_special_order", "Ctrl+K", "Keep the selected special order in stock (with the reason)"),
        ("special_order", "Ctrl+O", "Order a part from its vendor for a work order (a special order)"),
        ("print_return", "Ctrl+P", "Preview the selected return, to print or save it"),
        ("refresh_returns", "F5", "Look again now"),
    ),
    *_s(
        "parts.return_dialog",
        ("add_return_line", "Ctrl+L", "Add the part typed to the return"),
        ("remove_return_line", "Ctrl+Shift+L", "Remove the selected line from the return"),
    ),
    *_s(
        "invoicing",
        ("post_invoice", "Ctrl+I", "Post the invoice"),
        ("take_payment", "Ctrl+Y", "Take a payment"),
        ("payer_payment", "Ctrl+Shift+Y", "Take the insurer's or warranty company's payment of its part"),
        ("preview", "Ctrl+Shift+P", "Preview the invoice"),
        ("print", "Ctrl+P", "Print the invoice"),
        ("save_pdf", "Ctrl+S", "Save the invoice as PDF"),
        ("receipt", "Ctrl+E", "The receipt"),
        ("credit_note", "Ctrl+Shift+C", "Issue a credit note"),
        ("refund", "Ctrl+Shift+R", "Refund a credit"),
        ("void", "Ctrl+Shift+V", "Void the invoice"),
        ("statement", "Ctrl+Shift+S", "The account customer's statement"),
        ("account", "Ctrl+Shift+A", "The customer's account"),
        ("account_payment", "Ctrl+Shift+M", "A payment spread over open invoices"),
        ("settings", "Ctrl+Shift+N", "Invoice settings"),
        ("refresh", "F5", "Look again now"),
    ),
    *_s(
        "reminders",
        ("refresh_reminders", "F5", "Look again now"),
        ("book_reminder", "Ctrl+B", "Book the chosen service at the first free time from tomorrow"),
    ),
    *_s(
        "owner",
        ("open_drawer", "Ctrl+Shift+O", "Open the cash drawer"),
        ("paid_in", "Ctrl+Shift+I", "Money paid in"),
        ("paid_out", "Ctrl+Shift+U", "Money paid out"),
        ("count_drawer", "Ctrl+Shift+K", "Count the drawer"),
        ("close_drawer", "Ctrl+Shift+L", "Close the drawer"),
        ("no_sale", "Ctrl+Shift+N", "No sale: open the cash drawer, with the reason"),
        ("previous_day", "Alt+Left", "The day before"),
        ("next_day", "Alt+Right", "The day after"),
        ("refresh_day", "F5", "Look again now"),
        ("save_report", "Ctrl+P", "Preview the end-of-day report, to print or save it"),
        ("export", "Ctrl+Shift+E", "Export the day's figures"),
        ("close_day", "Ctrl+Shift+D", "Close the day"),
        (
            "import_data",
            "Ctrl+Shift+M",
            "Import customers, vehicles, parts and past work from another system",
        ),
        ("refresh_chain", "Ctrl+Shift+G", "Read every shop's figures again (the chain page)"),
        ("chain_report", "Ctrl+Shift+P", "Preview the chain report, to print or save it"),
    ),
    *_s(
        "audit",
        ("refresh_audit", "F5", "Look again now"),
        ("clear_filter", "Ctrl+Shift+L", "Clear the filters"),
        ("verify_chain", "Ctrl+Shift+V", "Verify the chain"),
        ("export_head", "Ctrl+E", "Export the chain head"),
    ),
    *_s(
        "users",
        ("add_user", "Ctrl+N", "Add a user"),
        ("reset_password", "Ctrl+R", "Reset the password"),
        ("change_role", "Ctrl+Shift+R", "Change the role"),
        ("set_labor_cost", "Ctrl+L", "Set the technician's labor cost rate"),
        ("set_pin", "Ctrl+K", "Set the technician's PIN"),
        ("clear_pin", "Ctrl+Shift+K", "Clear the PIN"),
        ("unlock_user", "Ctrl+U", "Unlock after wrong passwords"),
        ("deactivate_user", "Ctrl+D", "Deactivate the user"),
        ("reactivate_user", "Ctrl+Shift+D", "Reactivate the user"),
        ("set_terminal_mode", "Ctrl+M", "Set the terminal's mode"),
        ("save_idle", "Ctrl+S", "Save the idle lock time"),
        ("refresh_users", "F5", "Look again now"),
    ),
    *_s(
        "settings",
        ("save_settings", "Ctrl+S", "Save the settings"),
        ("price_sheet", "Ctrl+Shift+R", "The price sheet: labor rates, levels, taxes, fees, discount limits"),
    ),
    *_s(
        "schedule",
        ("new_appointment", "Ctrl+N", "Book a car in"),
        ("edit_appointment", "F2", "Change the chosen appointment"),
        ("arrived", "Ctrl+Shift+A", "The car is here: open its work order"),
        ("no_show", "Ctrl+Shift+N", "The car did not come"),
        ("cancel_appointment", "Del", "The customer called it off"),
        ("previous", "Alt+Left", "The day (or week) before (or PgUp)"),
        ("today", "Ctrl+T", "Back to today"),
        ("next", "Alt+Right", "The day (or week) after (or PgDown)"),
        ("day_view", "Ctrl+D", "One day, hour by hour"),
        ("week_view", "Ctrl+W", "Monday to Sunday"),
        ("by_bay", "Ctrl+B", "A column per bay"),
        ("by_technician", "Ctrl+K", "A column per technician"),
        ("print_day", "Ctrl+P", "Save the day's schedule as PDF"),
        ("refresh", "F5", "Look again now"),
    ),
    *_s(
        "schedule.hours",
        ("edit_week", "F2", "The technician's working week"),
        ("add_day_off", "Ctrl+Shift+O", "Add days off"),
        ("add_closed_day", "Ctrl+Shift+L", "Add a day the shop is closed"),
    ),
    *_s(
        "alerts",
        ("refresh_alerts", "F5", "Look again now"),
        ("check_now", "Ctrl+Shift+F5", "Check the rules now"),
        ("acknowledge", "Ctrl+K", "Acknowledge the alert"),
        ("resolve", "Ctrl+Shift+K", "Resolve the alert"),
        ("open_subject", "Ctrl+O", "Open what the alert is about"),
        ("recommend_job", "Ctrl+J", "Recommend a job for the trouble code"),
        ("edit_rule", "Ctrl+E", "Edit the alert rule"),
    ),
    *_s(
        "readings",
        ("import_readings", "Ctrl+O", "Import a readings file"),
        ("watch_folder", "Ctrl+Shift+O", "Watch a folder for readings files"),
        ("recommend_code", "Ctrl+J", "Recommend a job for a trouble code"),
        ("refresh_readings", "F5", "Look again now"),
    ),
    *_s(
        "settings.canned_jobs",
        ("new_canned_job", "Ctrl+N", "New canned job"),
        ("remove_canned_job", "Del", "Remove the canned job"),
    ),
    *_s(
        "canned_job_dialog",
        ("add_line", "Ctrl+L", "Add a line"),
        ("remove_line", "Ctrl+Shift+L", "Remove the line"),
    ),
)

_BY_KEY: dict[tuple[str, str], Shortcut] = {(s.area, s.name): s for s in SHORTCUTS}


def keys(area: str, name: str) -> str:
    """The key of ``name`` in ``area`` (KeyError: an action the map does not list)."""
    return _BY_KEY[(area, name)].keys


def sequence(area: str, name: str) -> QKeySequence:
    return QKeySequence(keys(area, name))


def native(area: str, name: str) -> str:
    """The key as the person's keyboard names it (Ctrl+S, or ⌘S on a Mac)."""
    return sequence(area, name).toString(QKeySequence.SequenceFormat.NativeText)


def assign(action: QAction, area: str, tip: str = "") -> QAction:
    """Give ``action`` its key from the map (by its object name); its tooltip says the key.

    ``tip``: what the tooltip says before the key (default: the action's text).
    """
    name = action.objectName()
    action.setShortcut(sequence(area, name))
    shown = tip or action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
    action.setToolTip(f"{shown} ({native(area, name)})")
    return action


def in_area(area: str) -> list[Shortcut]:
    return [s for s in SHORTCUTS if s.area == area]

"""The real window on an X display, driven by real key events (XTEST, as a keyboard and a scanner send them).

Xvfb gives a display (with no window manager, as on a kiosk terminal),
``xdotool`` types: search a customer, open and close the new-customer dialog,
open a work order by its number, take a part off the shelf for its first job (scan, then
the quantity: two prompts, after which the window must have the keyboard back), go to
the parts counter by its shortcut, "scan" a barcode (a
code typed 8 ms a key, ending with Enter) and sell it with F9, switch user
with F12, type a walk-in's name at the counter as the parts clerk and scan
into that box, sell again, quit with Ctrl+Q. Nothing is
clicked. Then the database must hold both sales (the second one the
clerk's), and the app must have ended by itself with exit code 0 and no
"unexpected error" (each is logged to stderr and to baydesk.log as its
dialog opens; a dialog left open would also keep Ctrl+Q from ending it).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.bootstrap import demo_database
from app.demo.shop import DEMO_PASSWORD
from app.domain.terminals import TerminalMode
from app.ui.areas import AREAS
from tests.stress.soak_outside import sale_codes

ROOT = Path(__file__).resolve().parents[2]
TITLE = "BayDesk — Bayview Auto Repair"
TYPING_DELAY_MS = "70"  # a person
SCAN_DELAY_MS = "8"  # a scanner
MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]

pytestmark = pytest.mark.skipif(
    bool(MISSING) or not sys.platform.startswith("linux"),
    reason=f"needs Xvfb and xdotool on Linux (missing: {', '.join(MISSING) or 'Linux'}); .ci/run installs them",
)


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh X display of 1366x768, its number chosen by Xvfb itself."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        number = announced.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for(what: str, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def area_key(role_user: str, shop: Path, area: str) -> str:
    """Ctrl+n of ``area`` in the window of ``role_user`` (the list on the left, in its order)."""
    opened, _ = demo_database(shop)
    actor = opened.services.setup.sign_in(
        role_user, DEMO_PASSWORD, "Real window test", TerminalMode.FRONT_DESK
    )
    names = ["customers", "work_orders", *(spec.name for spec in AREAS if spec.shown_to(actor))]
    opened.services.db.dispose()
    return f"ctrl+{names.index(area) + 1}"


def query(shop: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(shop, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def sales(shop: Path, after: object) -> list[str]:
    """Who sold each counter ticket numbered after ``after``, in order."""
    rows = query(
        shop,
        "SELECT u.username FROM counter_tickets t JOIN users u ON u.id = t.created_by "
        f"WHERE t.number > {int(after)} ORDER BY t.number",  # type: ignore[call-overload]
    )
    return [str(row[0]) for row in rows]


class Keyboard:
    def __init__(self, display: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}

    def __call__(self, *args: str, timeout: float = 30.0) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=True
        )
        return done.stdout

    def type(self, text: str, delay: str = TYPING_DELAY_MS) -> None:
        """A person typing, then Enter for each "\\n"."""
        for n, line in enumerate(text.split("\n")):
            if n:
                self("key", "Return")
            if line:
                self("type", "--delay", delay, line)

    def scan(self, code: str) -> None:
        """A scanner: every key of the code SCAN_DELAY_MS apart, then Enter, in one burst."""
        names = {"-": "minus", ".": "period", " ": "space", "/": "slash"}
        self("key", "--delay", SCAN_DELAY_MS, *(names.get(ch, ch) for ch in code), "Return")
        time.sleep(1.0)  # the part is looked up and put on the ticket, as the clerk sees before F9

    def focus(self) -> str:
        """The window that has the keyboard ("" when none has: the keys go where the pointer is)."""
        done = subprocess.run(["xdotool", "getwindowfocus"], env=self.env, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    def key(self, keys: str, pause: float = 0.8) -> None:
        self("key", keys)
        time.sleep(pause)  # the window answers (a search, a new area) before the next key


@dataclass(frozen=True)
class Shop:
    """The demo file and what the path needs from it, read before the app starts."""

    path: Path
    surname: str  # of a customer with a work order in progress
    work_order: int
    codes: tuple[str, str, str]  # parts in stock: two sold at the counter, one allocated
    last_ticket: int  # the demo's own counter tickets end here
    desk_counter: str  # Ctrl+n of the parts counter in the service writer's window
    clerk_counter: str  # and in the parts clerk's

    @classmethod
    def make(cls, path: Path) -> Shop:
        desk_counter, clerk_counter = area_key("desk", path, "parts"), area_key("parts", path, "parts")
        surname, number = query(
            path,
            "SELECT c.last_name, w.number FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id "
            "JOIN customers c ON c.id = v.customer_id WHERE w.status = 'in_progress' AND EXISTS "
            "(SELECT 1 FROM jobs j WHERE j.work_order_id = w.id AND j.decision = 'approved' AND NOT j.removed "
            "AND j.position = (SELECT min(position) FROM jobs k WHERE k.work_order_id = w.id AND NOT k.removed)) "
            "ORDER BY w.number LIMIT 1",
        )[0]
        (last_ticket,) = query(path, "SELECT coalesce(max(number), 0) FROM counter_tickets")[0]
        first, second, third = sale_codes(path, 3)
        return cls(
            path,
            str(surname),
            int(number),
            (first, second, third),
            int(last_ticket),
            desk_counter,
            clerk_counter,
        )  # type: ignore[call-overload]

    def sellers(self) -> list[str]:
        return sales(self.path, self.last_ticket)

    def allocations(self) -> int:
        """Parts taken off the shelf for the work order on its own document."""
        (count,) = query(
            self.path,
            "SELECT count(*) FROM stock_movements WHERE kind = 'allocation' "
            f"AND document_type = 'work_order' AND document_number = '{self.work_order}'",
        )[0]
        return int(count)  # type: ignore[call-overload]


def start_app(shop: Shop, display: str, home: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the real xcb platform
    env.update(DISPLAY=display, BAYDESK_HOME=str(home))
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--demo", str(shop.path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def focused_window(keys: Keyboard, newest: bool = False) -> str:
    """The app's main window, once it has the keyboard by itself (nothing here clicks it or
    focuses it for the app: with no window manager, a window that does not take the focus
    shows but gets no Ctrl+ key)."""
    found = keys("search", "--sync", "--onlyvisible", "--name", TITLE).split()
    window = found[-1] if newest else found[0]
    wait_for("the main window to take the keyboard", lambda: keys.focus() == window, timeout=10)
    return window


def window_size(keys: Keyboard, window: str) -> tuple[int, int]:
    shell = dict(line.split("=", 1) for line in keys("getwindowgeometry", "--shell", window).split())
    return int(shell["WIDTH"]), int(shell["HEIGHT"])


def service_writer(keys: Keyboard, shop: Shop) -> None:
    """Find the customer, open the work order by number, sell a part at the counter."""
    window = focused_window(keys)
    width, height = window_size(keys, window)
    assert width <= 1366 and height <= 768, (
        f"a {width}x{height} window on a 1366x768 screen hides its status bar"
    )
    time.sleep(2.0)  # the areas fill; the cursor is in the customer search box
    keys.type(shop.surname)
    time.sleep(1.0)
    keys.key("ctrl+n", pause=1.5)  # a new customer after all? no: Esc, and the window's keys work on
    keys.key("Escape")
    keys.key("ctrl+2")  # Work orders: the cursor in its search box
    keys.type(f"{shop.work_order}\n")  # the number and Enter open it
    time.sleep(1.5)
    allocated = shop.allocations()
    keys.key("ctrl+shift+k", pause=1.0)  # a part off the shelf for the first job: scan, then how many
    keys.scan(shop.codes[2])
    keys.type("1\n")
    wait_for("the part allocated to the work order", lambda: shop.allocations() == allocated + 1)
    time.sleep(0.5)
    keys.key(shop.desk_counter)  # the window has the keyboard back: the parts counter, the scan field
    keys.scan(shop.codes[0])
    keys.key("F9")
    wait_for("the first sale", lambda: len(shop.sellers()) == 1)


def parts_clerk(keys: Keyboard, shop: Shop) -> None:
    """F12, sign in, a walk-in's name typed at the counter, a scan into that box, F9, Ctrl+Q."""
    keys.key("F12", pause=1.5)  # switch user: the next person signs in
    keys.type("parts\n")
    keys.type(f"{DEMO_PASSWORD}\n")
    time.sleep(2.5)  # the clerk's window is built and shown
    focused_window(keys, newest=True)
    keys.key(shop.clerk_counter)
    keys.key("Tab", pause=0.2)  # to the results
    keys.key("Tab", pause=0.2)  # to the walk-in customer's name
    keys.type("Walk-in Wanda")
    time.sleep(0.5)
    keys.scan(shop.codes[1])  # from the name box: the scan is told apart by its speed
    keys.key("F9")
    wait_for("the second sale", lambda: len(shop.sellers()) == 2)
    keys.key("ctrl+q", pause=0.2)


def test_a_shop_path_typed_with_real_keys(display: str, tmp_path: Path) -> None:
    shop = Shop.make(tmp_path / "shop.sqlite3")
    home = tmp_path / "home"
    app = start_app(shop, display, home)
    keys = Keyboard(display)
    try:
        service_writer(keys, shop)
        parts_clerk(keys, shop)
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
        _out, err = app.communicate(timeout=30)

    assert app.returncode == 0, f"exit {app.returncode}: {err[-3000:]}"
    assert "unexpected error" not in err and "Traceback" not in err and "Fatal Python error" not in err, err
    log = home / "data" / "baydesk.log"
    assert not log.exists() or "unexpected error" not in log.read_text(encoding="utf-8")
    assert shop.sellers() == ["desk", "parts"]  # F12 put the clerk at the keyboard
    (customer,) = query(
        shop.path,
        f"SELECT customer_name FROM counter_tickets WHERE number > {shop.last_ticket} ORDER BY number",
    )[1]
    assert customer == "Walk-in Wanda"  # the scan was taken back out of the name it was typed into

"""A UPC-A finds the part stored under its EAN-13 and the other way round; a misread is said so."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db import migrate
from app.db.engine import Database
from app.domain.errors import ConflictError, ValidationError
from app.domain.permissions import Actor
from app.services.container import Services
from tests.integration.stock_helpers import add_part

UPC = "036000291452"  # the same number as the EAN-13 0036000291452
EAN_OF_UPC = "0" + UPC


def found_sku(services: Services, actor: Actor, code: str) -> str | None:
    part = services.parts.find_code(actor, code)
    return part.sku if part else None


def test_a_upc_and_its_ean_13_find_the_same_part_whichever_was_stored(
    services: Services, owner: Actor
) -> None:
    add_part(services, owner, "WIPER-20", "3", barcodes=(UPC,))  # the box says 036000291452
    add_part(services, owner, "OF-100", "3", barcodes=("0012345678905",))  # this one's box printed 13 digits
    add_part(services, owner, "BULB-8", "3", barcodes=("96385074",))  # EAN-8

    assert found_sku(services, owner, UPC) == "WIPER-20"
    assert found_sku(services, owner, EAN_OF_UPC) == "WIPER-20"
    assert found_sku(services, owner, "012345678905") == "OF-100"  # a UPC scanner reads 12 digits
    assert found_sku(services, owner, "0012345678905") == "OF-100"
    assert found_sku(services, owner, "96385074") == "BULB-8"
    assert [p.sku for p in services.parts.search(owner, UPC)] == ["WIPER-20"]  # typed into the look-up
    wiper = services.parts.find_code(owner, UPC)
    assert wiper is not None and wiper.barcodes == (EAN_OF_UPC,)


def test_misread_codes_are_refused_when_scanned_and_when_stored(services: Services, owner: Actor) -> None:
    part = add_part(services, owner, "WIPER-20", "3", barcodes=(UPC,))
    with pytest.raises(ValidationError, match="not a valid UPC-A: its last digit should be 2"):
        services.parts.find_code(owner, "036000291453")
    with pytest.raises(ValidationError, match="not a valid EAN-13"):
        add_part(services, owner, "OF-100", barcodes=("4006381333932",))
    with pytest.raises(ValidationError, match="not a valid EAN-8"):
        services.parts.add_barcode(owner, part, "96385075")
    with pytest.raises(ConflictError, match="already belongs to part WIPER-20"):
        add_part(services, owner, "WIPER-22", barcodes=(EAN_OF_UPC,))  # the same code, printed longer
    assert found_sku(services, owner, "9780201379624") is None  # valid, and simply not in the catalog


def test_the_upgrade_brings_stored_upcs_to_their_13_digit_form(
    services: Services, owner: Actor, db: Database
) -> None:
    add_part(services, owner, "WIPER-20", barcodes=(UPC,))
    add_part(services, owner, "SHOP-1", barcodes=("SHOP-1",))
    with db.engine.begin() as conn:  # as an older BayDesk stored them, which checked no digit
        conn.execute(
            text("UPDATE part_barcodes SET code = :upc WHERE code = :ean"), {"upc": UPC, "ean": EAN_OF_UPC}
        )
        conn.execute(text("UPDATE part_barcodes SET code = '123456789013' WHERE code = 'SHOP-1'"))
    migrate.downgrade(db, "0008")
    migrate.upgrade(db, backup=False)
    with db.engine.connect() as conn:
        codes = sorted(conn.execute(text("SELECT code FROM part_barcodes")).scalars())
    assert codes == [EAN_OF_UPC, "123456789013"]  # 12 digits but not a UPC-A: left as it was
    assert found_sku(services, owner, UPC) == "WIPER-20"

"""Part look-up by words of the name, brand and category, through the index the database has."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.catalog import PartInput
from tests.integration.stock_helpers import add_part


def skus(services: Services, actor: Actor, typed: str) -> list[str]:
    return [p.sku for p in services.parts.search(actor, typed)]


def test_words_find_the_parts_holding_every_word_short_ones_included(
    services: Services, owner: Actor
) -> None:
    add_part(services, owner, "P-1", name="Ceramic brake pads front", brand="Akebono", category="Brakes")
    add_part(services, owner, "P-2", name="Brake pads rear", brand="Wagner", category="Brakes")
    add_part(services, owner, "P-3", name="Oil filter", brand="Wix", category="Filters")
    add_part(services, owner, "P-4", name='Hose 3/8" 50% off_cut', brand="Gates", category="Hoses")
    assert skus(services, owner, "brake pads") == ["P-2", "P-1"]  # by name
    assert skus(services, owner, "PADS akebono") == ["P-1"]
    assert skus(services, owner, "ake") == ["P-2", "P-1"]  # inside a word: Akebono, brake
    assert skus(services, owner, "pads fr") == ["P-1"]  # a word too short for the index still counts
    assert skus(services, owner, "oi wi") == ["P-3"]  # only short words: a scan, the same answer
    assert skus(services, owner, '3/8" 50%') == ["P-4"]  # quotes, slashes and % are plain characters
    assert skus(services, owner, "50% off_c") == ["P-4"]
    assert skus(services, owner, "brake wix") == []


def test_a_renamed_part_is_found_by_its_new_words_only(services: Services, owner: Actor) -> None:
    add_part(services, owner, "P-1", name="Wiper blade 22in", brand="Bosch", category="Wipers")
    part = services.parts.search(owner, "wiper bosch")[0]
    data = PartInput(sku="P-1", name="Cabin air filter", cost="10.00", brand="Bosch", category="Filters")
    services.parts.update_part(owner, part.id, replace(data, bin_location="A-01"), part.version)
    assert skus(services, owner, "wiper bosch") == []
    assert skus(services, owner, "cabin bosch") == ["P-1"]


def test_text_rewritten_in_place_keeps_the_index_in_step(
    services: Services, owner: Actor, db: Database
) -> None:
    add_part(services, owner, "P-1", name="Timing belt kit", brand="Gates", category="Belts")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE parts SET search_text = search_text"))
    assert skus(services, owner, "timing belt") == ["P-1"]


def test_the_migration_gave_the_words_an_index(db: Database) -> None:
    with db.engine.connect() as conn:
        if db.is_sqlite:
            found = conn.execute(text("SELECT name FROM sqlite_master WHERE name = 'parts_fts'")).scalar()
        else:
            found = conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE indexname = 'ix_parts_search_text_trgm'")
            ).scalar()
    assert found

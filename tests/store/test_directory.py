"""The buyers' directory cache: stored per platform, replaced on refresh, unusable once expired unless asked."""

from __future__ import annotations

from datetime import timedelta

from bordereau.store import Store, forget_buyers, get_buyer, put_buyer
from bordereau.store.types import utcnow

from .conftest import BUYER_SIRET

FLAGS = {"codeServiceDoitEtreRenseigne": True, "numeroEJDoitEtreRenseigne": False}
SERVICES = [{"idService": 10652252, "codeService": "SERVICE_ACHAT", "libelleService": "Achats", "estActif": True}]


def test_an_entry_is_kept_until_it_expires(db: Store) -> None:
    now = utcnow()
    with db.transaction() as session:
        put_buyer(
            session, "sandbox", BUYER_SIRET, structure_id=26300101, name="Ministère", flags=FLAGS, services=SERVICES,
            ttl=timedelta(hours=6), now=now,
        )  # fmt: skip
    with db.read() as session:
        entry = get_buyer(session, "sandbox", BUYER_SIRET, now=now + timedelta(hours=1))
        assert entry is not None
        assert entry.found
        assert (entry.structure_id, entry.name) == (26300101, "Ministère")
        assert entry.flags == FLAGS
        assert list(entry.services) == SERVICES
        assert entry.expires_at == now + timedelta(hours=6)
        assert get_buyer(session, "sandbox", BUYER_SIRET, now=now + timedelta(hours=7)) is None
        stale = get_buyer(session, "sandbox", BUYER_SIRET, now=now + timedelta(hours=7), stale_ok=True)
        assert stale is not None
        assert not stale.fresh(now + timedelta(hours=7))
        assert get_buyer(session, "qualification", BUYER_SIRET) is None  # another platform, another directory


def test_a_refresh_replaces_the_entry_and_absence_is_cached_too(db: Store) -> None:
    with db.transaction() as session:
        put_buyer(session, "sandbox", BUYER_SIRET, structure_id=26300101, flags=FLAGS, services=SERVICES)
    with db.transaction() as session:
        put_buyer(session, "sandbox", BUYER_SIRET, structure_id=None)
    with db.read() as session:
        entry = get_buyer(session, "sandbox", BUYER_SIRET)
        assert entry is not None
        assert not entry.found
        assert entry.flags == {}
        assert list(entry.services) == []


def test_entries_can_be_forgotten(db: Store) -> None:
    now = utcnow()
    with db.transaction() as session:
        put_buyer(session, "sandbox", "11004562200013", structure_id=1, ttl=timedelta(minutes=1), now=now)
        put_buyer(session, "sandbox", "21690123100011", structure_id=2, ttl=timedelta(days=1), now=now)
        put_buyer(session, "production", "11004562200013", structure_id=3, now=now)
    with db.transaction() as session:
        assert forget_buyers(session, expired_before=now + timedelta(hours=1)) == 1
        assert forget_buyers(session, "sandbox") == 1
    with db.read() as session:
        assert get_buyer(session, "production", "11004562200013") is not None

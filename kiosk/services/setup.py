"""First-run preparation: schema, sample catalogue, holidays and demo accounts.

`mpp-kiosk demo` calls this so a newcomer sees a working MPP with one command; production
installs run the same steps by hand (`db upgrade`, `staff add` of the first admin, then
`catalog import`, `holidays import` and `staff add` signed in as that admin with `--user`).
"""

from __future__ import annotations

from sqlalchemy import func, select

from kiosk.db import migrate
from kiosk.db.models import Site, Staff
from kiosk.services import catalog, holidays, staff
from kiosk.services.context import AppContext

DEMO_PASSWORD = "demo12345"
DEMO_ACCOUNTS = (
    ("petugas", "officer", "DPMPTSP", "Petugas Demo"),
    ("supervisor", "supervisor", None, "Supervisor Demo"),
    ("admin", "admin", None, "Admin Demo"),
)


# On the demo site these officers may pick any counter, so a newcomer can call the first
# ticket they take (KTP-el is queue A at Dispendukcapil, not the officer's DPMPTSP).
DEMO_ANY_COUNTER = ("petugas",)


def prepare_database(
    ctx: AppContext, *, demo_accounts: bool = False, demo: bool = False
) -> dict[str, object]:
    """Idempotent: migrate, then seed what is missing. Returns what was done.

    ``demo`` (`mpp-kiosk demo`): the site is marked as the demo site (open all day every day,
    labelled DEMO; services/opening.py) when it is seeded here or holds the sample catalogue,
    and the demo officer serves every counter. Tests and production leave it off.
    """
    before, after = migrate.upgrade(ctx.db)
    done: dict[str, object] = {"schema": after, "migrated": before != after}
    with ctx.db.snapshot() as session:
        has_site = (
            session.scalar(select(Site.id).where(Site.code == ctx.settings.site.code)) is not None
        )
    if not has_site:
        data = catalog.read_catalog_file(catalog.sample_catalog_path())
        if data.site["code"] != ctx.settings.site.code:
            data.site["code"] = ctx.settings.site.code
        done["catalog"] = catalog.import_catalog(ctx, data)
        done["holidays"] = holidays.import_holidays(
            ctx, holidays.read_holidays_file(holidays.sample_holidays_path())
        )
    if demo_accounts:
        with ctx.db.snapshot() as session:
            count = session.scalar(
                select(func.count(Staff.id)).where(Staff.site_id == ctx.site_id(session))
            )
        if not count:
            for username, role, agency, name in DEMO_ACCOUNTS:
                staff.add_staff(
                    ctx, username, DEMO_PASSWORD, role, full_name=name, agency_code=agency
                )
            done["demo_accounts"] = [a[0] for a in DEMO_ACCOUNTS]
    if demo:
        done["demo_site"] = _mark_demo_site(ctx, seeded=not has_site)
    return done


def _mark_demo_site(ctx: AppContext, *, seeded: bool) -> bool:
    """The demo site: open all day, and its demo officers on every counter. A site with a
    real (non-sample) catalogue is never turned into a demo."""
    with ctx.db.transaction() as session:
        site = session.get_one(Site, ctx.site_id(session))
        if not (seeded or site.catalog_sample):
            return False
        site.demo = True
        for officer in session.scalars(
            select(Staff).where(
                Staff.site_id == site.id,
                Staff.username.in_(DEMO_ANY_COUNTER),
                Staff.role == "officer",
            )
        ):
            officer.agency_id = None  # an officer without an agency may act for every agency
    return True

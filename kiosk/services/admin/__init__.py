"""The admin window's use cases (Qt-free): catalogue, staff, holidays, printers, charter.

Every change is one transaction that validates with the catalogue's rules, checks the
officer's scope (kiosk/services/admin/access.py: a supervisor manages only their agency),
writes an audit row with before/after and announces the change on the change feed, so
running kiosks, counters and displays read it without a restart.

Modules: access (scope, audit), catalogue (agencies, services, counters), people (staff),
calendar (holidays), devices_setup (printers, charter). Import them by name: nothing is
imported here, so the admin window shows its sign-in page before the use cases load.
"""

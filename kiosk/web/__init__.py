"""The public web service (`mpp-kiosk web`): an applicant's phone instead of the kiosk.

Server-rendered pages (no JavaScript needed on a cheap Android phone) and a JSON API over the
same use cases the kiosk calls (kiosk.services.tracking, the queue's ticket status, the SKM
survey and complaints). No business rules live here: this package maps requests to service
calls and views to words.

Layout: ``app`` builds the FastAPI application (one per process, stateless apart from the
in-memory rate limits), ``pages`` and ``api`` are the routers, ``lookup`` makes a miss look like
a hit (size class and time), ``ratelimit`` and ``security`` guard the edge, ``present`` turns
service views into template data and JSON, ``server`` runs uvicorn (also in the demo's
background thread); ``survey`` (/skm) and ``complaints`` (/pengaduan, /c/) are the forms, with
``forms`` for what they share and ``api_forms`` for their JSON API. A later area (booking)
adds its router in ``create_app``'s list and a home link in ``app.HOME_LINKS``.
"""

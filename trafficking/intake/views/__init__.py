"""The intake console (staff) and the partner portal, one module per part.

Views check access, call a selector (what a page shows, intake/selectors.py)
or a service (what is done: reports.triage, reports.forwarding,
intake/services.py) and render. They never write history or the audit log
themselves; the services do. Every page is kept out of caches (never_cache).
"""

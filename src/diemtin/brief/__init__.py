"""Saved searches, alert rules, briefing templates and issues, renderers, the outbox
and the scheduler. Everything here belongs to one organization and reaches the store
only through ``Store.transact`` (``diemtin.store.state``)."""

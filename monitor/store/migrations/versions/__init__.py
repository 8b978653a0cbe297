"""Revision files, applied in order by ``monitor.store.migrate``."""

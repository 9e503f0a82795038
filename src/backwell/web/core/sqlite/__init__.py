"""Django's SQLite backend with a write gate for several worker processes (see base.py)."""

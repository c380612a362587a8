"""kb: the knowledge base. A SQLite file shaped by sqlite-utils migrations.

`kb` stores what `nlp` returns and what `crawler` fetches; it imports neither.
"""
from kb.db import SchemaTooNew, open_db, schema_version

__all__ = ["open_db", "schema_version", "SchemaTooNew"]

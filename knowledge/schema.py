"""Records database tables (SQLAlchemy Core) and numbered migrations.

Each migration is a function applied once, in order, inside a transaction; the applied numbers
are kept in ``schema_migrations``. Works on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

projects = Table(
    "projects", metadata,
    Column("name", String(64), primary_key=True),
    Column("generation", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(40), primary_key=True),
    Column("project", String(64), ForeignKey("projects.name"), nullable=False),
    Column("family_key", String(300), nullable=False),
    Column("title", String(500), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("source_path", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("version_label", String(60)),
    Column("version_key", String(60), nullable=False, default=""),
    Column("audience", String(20), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("pages", Integer),
    Column("chunks", Integer, nullable=False),
    Column("status", String(20), nullable=False, default="current"),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_documents_project_family", "project", "family_key"),
)

chunks = Table(
    "chunks", metadata,
    Column("id", String(80), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("project", String(64), nullable=False),
    Column("audience", String(20), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("section", String(40)),
    Column("section_title", String(200)),
    Column("page", Integer),
    Column("text", Text, nullable=False),
    Index("ix_chunks_project", "project", "audience"),
    Index("ix_chunks_document", "document_id"),
)

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("ok", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("seconds", Float),
    Column("report", Text),
)


def _m001_initial(connection: Connection) -> None:
    for table in (projects, documents, chunks, ingest_runs):
        table.create(connection, checkfirst=True)


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _m001_initial),
]


def migrate(engine: Engine) -> list[int]:
    """Apply pending migrations; return the numbers applied now."""
    applied_now: list[int] = []
    with engine.begin() as connection:
        schema_migrations.create(connection, checkfirst=True)
    for number, step in MIGRATIONS:
        with engine.begin() as connection:
            done = connection.execute(
                select(schema_migrations.c.version).where(schema_migrations.c.version == number)
            ).first()
            if done:
                continue
            step(connection)
            connection.execute(
                schema_migrations.insert().values(version=number, applied_at=datetime.now(UTC))
            )
            applied_now.append(number)
    return applied_now


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())

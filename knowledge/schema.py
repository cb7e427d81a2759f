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
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
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
    Column("parties", Text),  # JSON list of {name, role, aliases}; added by migration 2
    Column("document_date", String(10)),  # ISO date the document carries; migration 8
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


responsibilities = Table(
    "responsibilities", metadata,
    Column("id", String(80), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("project", String(64), nullable=False),
    Column("audience", String(20), nullable=False),
    Column("activity", Text, nullable=False),
    Column("source", String(20), nullable=False),
    Column("modality", String(20), nullable=False),
    Column("assignments", Text, nullable=False),  # JSON list of {party, role, raci}
    Column("person", String(200)),
    Column("due", String(60)),
    Column("section", String(40)),
    Column("page", Integer),
    Column("quote", Text, nullable=False),
    Column("vector", LargeBinary),  # float32 embedding of the activity
    Index("ix_responsibilities_project", "project"),
    Index("ix_responsibilities_document", "document_id"),
)


people = Table(
    "people", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("project", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("function", String(40)),
    Column("party", String(200)),
    Column("role", String(40)),
    Column("title", String(200)),
    Column("email", String(200)),
    Column("slack_user", String(40)),
    Column("source", String(20), nullable=False),
    Index("ix_people_project", "project"),
    Index("ix_people_document", "document_id"),
)


audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("face", String(10), nullable=False),  # cli | api | slack
    Column("user", String(120)),
    Column("channel", String(40)),
    Column("project", String(64), nullable=False),
    Column("audience", String(20), nullable=False),
    Column("kind", String(10), nullable=False),  # ask | owner | sme
    Column("question", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("mode", String(20)),
    Column("answer", Text),
    Column("sources", Text, nullable=False),  # JSON [{document, version, section, page}]
    Index("ix_audit_project_at", "project", "at"),
)


channel_links = Table(
    "channel_links", metadata,
    Column("channel", String(40), primary_key=True),
    Column("project", String(64), nullable=False),
    Column("linked_by", String(40)),
    Column("linked_at", DateTime(timezone=True), nullable=False),
    Column("team_id", String(40)),  # the Slack workspace, for its installed bot token
)


concord_threads = Table(
    "concord_threads", metadata,
    Column("channel", String(40), primary_key=True),
    Column("thread_ts", String(40), primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
)


processed_events = Table(
    "processed_events", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)


note_items = Table(
    "note_items", metadata,
    Column("id", String(80), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("project", String(64), nullable=False),
    Column("audience", String(20), nullable=False),
    Column("kind", String(12), nullable=False),  # issue | settled | closed
    Column("text", Text, nullable=False),
    Column("ref", String(20)),  # the item's own label in the notes: "A6", "P1"
    Column("section", String(40)),
    Column("section_title", String(200)),
    Column("page", Integer),
    Column("quote", Text, nullable=False),
    Column("vector", LargeBinary),
    Index("ix_note_items_project", "project"),
    Index("ix_note_items_document", "document_id"),
)


roadblocks = Table(
    "roadblocks", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project", String(64), nullable=False),
    Column("key", String(80), nullable=False),  # stable identity of a mined or logged item
    Column("title", Text, nullable=False),
    Column("topic", String(60)),
    Column("origin", String(20), nullable=False),  # notes | gap | conflict | person | ...
    Column("audience", String(20), nullable=False),
    Column("status", String(12), nullable=False),  # open | aligned | dismissed
    Column("owner_party", String(200)),
    Column("owner_person", String(200)),
    Column("owner_user", String(40)),
    Column("due", String(10)),
    Column("sources", Text, nullable=False),  # JSON list of citations / Slack links
    Column("evidence", Text),  # JSON: what aligned or dismissed it
    Column("created_by", String(120)),
    Column("created_at", DateTime(timezone=True), nullable=False),  # first tracked
    Column("raised_on", String(10)),  # ISO date of the first source (a note's date)
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("last_reminded_at", DateTime(timezone=True)),
    Column("snoozed_until", DateTime(timezone=True)),
    UniqueConstraint("project", "key", name="uq_roadblocks_project_key"),
    Index("ix_roadblocks_project_status", "project", "status"),
)


roadblock_events = Table(
    "roadblock_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("roadblock_id", Integer, ForeignKey("roadblocks.id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("action", String(20), nullable=False),
    Column("note", Text),
    Column("evidence", Text),  # JSON citation or link
    Index("ix_roadblock_events_roadblock", "roadblock_id"),
)


roadblock_syncs = Table(
    "roadblock_syncs", metadata,
    Column("project", String(64), primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("synced_at", DateTime(timezone=True), nullable=False),
)


digest_schedules = Table(
    "digest_schedules", metadata,
    Column("channel", String(40), primary_key=True),
    Column("cron", String(80), nullable=False),
    Column("timezone", String(60), nullable=False),
    Column("enabled", Integer, nullable=False, default=1),
    Column("updated_by", String(40)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


digest_runs = Table(
    "digest_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(40), nullable=False),
    Column("project", String(64), nullable=False),
    Column("scheduled_for", DateTime(timezone=True), nullable=False),
    Column("status", String(12), nullable=False),  # claimed | sent | failed
    Column("late", Integer, nullable=False, default=0),
    Column("claimed_by", String(80), nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("posted_ts", String(40)),
    Column("error", Text),
    UniqueConstraint("channel", "scheduled_for", name="uq_digest_runs_channel_time"),
)


reminders_sent = Table(
    "reminders_sent", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_key", String(120), nullable=False),
    Column("user", String(40), nullable=False),
    Column("period", Integer, nullable=False),  # days since epoch // reminder interval
    Column("sent_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("item_key", "user", "period", name="uq_reminders_item_period"),
)


channel_settings = Table(
    "channel_settings", metadata,
    Column("channel", String(40), primary_key=True),
    Column("listen", Integer, nullable=False, default=0),  # suggest experts on messages
    Column("updated_by", String(40)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


expert_suggestions = Table(
    "expert_suggestions", metadata,
    Column("channel", String(40), primary_key=True),
    Column("thread_ts", String(40), primary_key=True),
    Column("function", String(40), primary_key=True),
    Column("status", String(12), nullable=False),  # suggested | silenced
    Column("at", DateTime(timezone=True), nullable=False),
)


def _m001_initial(connection: Connection) -> None:
    for table in (projects, documents, chunks, ingest_runs):
        table.create(connection, checkfirst=True)


def _m002_responsibilities(connection: Connection) -> None:
    """Ownership facts per document, and the parties each document defines."""
    responsibilities.create(connection, checkfirst=True)
    columns = {c["name"] for c in inspect(connection).get_columns("documents")}
    if "parties" not in columns:
        connection.execute(text("ALTER TABLE documents ADD COLUMN parties TEXT"))


def _m003_people(connection: Connection) -> None:
    """The people documents list (directory sheets, attendees, key contacts)."""
    people.create(connection, checkfirst=True)


def _m004_audit(connection: Connection) -> None:
    """Who asked what, and what Concord answered from which sources."""
    audit_log.create(connection, checkfirst=True)


def _m005_channel_links(connection: Connection) -> None:
    """Slack channels bound to projects with /concord link."""
    channel_links.create(connection, checkfirst=True)


def _m006_threads(connection: Connection) -> None:
    """Threads Concord was mentioned in: follow-ups there need no new mention."""
    concord_threads.create(connection, checkfirst=True)


def _m007_processed_events(connection: Connection) -> None:
    """Slack event ids already handled, shared by every server replica."""
    processed_events.create(connection, checkfirst=True)


def _m008_roadblocks(connection: Connection) -> None:
    """Roadblock tracker with history, open points mined from notes, digests and reminders."""
    columns = {c["name"] for c in inspect(connection).get_columns("documents")}
    if "document_date" not in columns:
        connection.execute(text("ALTER TABLE documents ADD COLUMN document_date VARCHAR(10)"))
    for table in (note_items, roadblocks, roadblock_events, roadblock_syncs, digest_schedules,
                  digest_runs, reminders_sent):
        table.create(connection, checkfirst=True)


def _m009_listening(connection: Connection) -> None:
    """Opt-in listening per channel, and expert suggestions made per thread."""
    channel_settings.create(connection, checkfirst=True)
    expert_suggestions.create(connection, checkfirst=True)


def _m010_channel_teams(connection: Connection) -> None:
    """The workspace of each linked channel, so scheduled digests of OAuth installs post
    with that workspace's bot token."""
    columns = {c["name"] for c in inspect(connection).get_columns("channel_links")}
    if "team_id" not in columns:
        connection.execute(text("ALTER TABLE channel_links ADD COLUMN team_id VARCHAR(40)"))


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _m001_initial),
    (2, _m002_responsibilities),
    (3, _m003_people),
    (4, _m004_audit),
    (5, _m005_channel_links),
    (6, _m006_threads),
    (7, _m007_processed_events),
    (8, _m008_roadblocks),
    (9, _m009_listening),
    (10, _m010_channel_teams),
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

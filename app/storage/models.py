"""SQLAlchemy 2 typed models. Only `app.storage` sees these; callers get the
dataclasses of `app.core.session` from the repository.

Portable SQL only (no SQLite-specific types or statements) so the same schema
and migrations can serve a shared PostgreSQL server later.
Times are UTC epoch milliseconds in BigInteger columns; values are raw integers
(fen for money, 0.1 s for durations, see `app.core.metrics`). Samples are
stored as chunk blobs per metric (`app.storage.chunks`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def new_uid() -> str:
    """A row's globally unique id, made where the row is created (so rows
    copied between a laptop and a team server never collide)."""
    return str(uuid.uuid4())


class StreamerRow(Base):
    __tablename__ = "streamers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    platform: Mapped[str | None] = mapped_column(String(40))
    created_ms: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[str] = mapped_column(String(36))
    account_id: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    sessions: Mapped[list[SessionRow]] = relationship(back_populates="streamer")
    schedule: Mapped[list[ScheduleRow]] = relationship(
        cascade="all, delete-orphan", order_by="ScheduleRow.id"
    )

    __table_args__ = (
        Index("ix_streamers_uid", "uid", unique=True),
        Index("ix_streamers_platform_account", "platform", "account_id", unique=True),
    )


class ScheduleRow(Base):
    """A planned start: daily (weekday NULL) or on one weekday (0 = Monday)."""

    __tablename__ = "streamer_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    streamer_id: Mapped[int] = mapped_column(
        ForeignKey("streamers.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int | None] = mapped_column(Integer)
    start_min: Mapped[int] = mapped_column(Integer)
    utc_offset_min: Mapped[int] = mapped_column(Integer, default=0)


class StreamerMonthRow(Base):
    """Per streamer and month (YYYYMM): the sum of its recorded sessions, kept
    by the repository and the writer whenever a session's GMV, month or trash
    state changes, so the roster and the 12-month history read a few thousand
    rows instead of every session; and the platform's own figure, when typed
    or imported."""

    __tablename__ = "streamer_months"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    streamer_id: Mapped[int] = mapped_column(ForeignKey("streamers.id", ondelete="CASCADE"))
    month: Mapped[int] = mapped_column(Integer)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    recorded_gmv_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    platform_gmv_fen: Mapped[int | None] = mapped_column(BigInteger)
    platform_source: Mapped[str | None] = mapped_column(String(16))
    platform_updated_ms: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("streamer_id", "month", name="uq_streamer_months_streamer_month"),
        Index("ix_streamer_months_month", "month"),
    )


class SessionRow(Base):
    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    streamer_id: Mapped[int] = mapped_column(ForeignKey("streamers.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(400), default="")
    started_ms: Mapped[int] = mapped_column(BigInteger)
    utc_offset_min: Mapped[int] = mapped_column(Integer, default=0)
    ended_ms: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="live")
    last_seen_ms: Mapped[int | None] = mapped_column(BigInteger)
    recorder_host: Mapped[str | None] = mapped_column(String(255))
    recorder_pid: Mapped[int | None] = mapped_column(Integer)
    app_version: Mapped[str] = mapped_column(String(40))
    # Summary kept on the row: lists and monthly sums never scan samples.
    duration_s: Mapped[int] = mapped_column(BigInteger, default=0)
    """Whole seconds from start to end (or to the last sample while live)."""
    peak_viewers: Mapped[int | None] = mapped_column(BigInteger)
    gmv_fen: Mapped[int | None] = mapped_column(BigInteger)
    gmv_15m_fen: Mapped[int | None] = mapped_column(BigInteger)
    gmv_30m_fen: Mapped[int | None] = mapped_column(BigInteger)
    sample_count: Mapped[int] = mapped_column(BigInteger, default=0)
    gpm_fen: Mapped[int | None] = mapped_column(BigInteger)
    """GMV per 1,000 views, in fen."""
    avg_dwell_ds: Mapped[int | None] = mapped_column(BigInteger)
    """Time-weighted average dwell, in tenths of a second."""
    avg_viewers: Mapped[int | None] = mapped_column(BigInteger)
    orders: Mapped[int | None] = mapped_column(BigInteger)
    buyers: Mapped[int | None] = mapped_column(BigInteger)
    watch_uv: Mapped[int | None] = mapped_column(BigInteger)
    watch_pv: Mapped[int | None] = mapped_column(BigInteger)
    new_followers: Mapped[int | None] = mapped_column(BigInteger)
    spend_fen: Mapped[int | None] = mapped_column(BigInteger)
    summary_version: Mapped[int] = mapped_column(Integer, default=0)
    """Which set of summary figures the row holds (see `SUMMARY_VERSION`);
    older full sessions are recomputed from their samples."""
    # The library's own fields.
    uid: Mapped[str] = mapped_column(String(36))
    local_day: Mapped[int] = mapped_column(Integer)
    """Start date in the session's offset, YYYYMMDD: date filters and months
    in portable integer SQL."""
    notes: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    """Tags joined by newlines, with one before the first and after the last,
    so a tag is found with LIKE '%\ntag\n%'."""
    planned_start_ms: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(String(16), default="full")
    deleted_ms: Mapped[int | None] = mapped_column(BigInteger)
    search_text: Mapped[str] = mapped_column(Text, default="")
    """The streamer's name, title and tags, one per line, case-folded: the
    library's text search reads this one column (see `search_key`)."""
    operator: Mapped[str | None] = mapped_column(String(100))
    """Who rode along (the operator's name in a team; None: not said)."""

    streamer: Mapped[StreamerRow] = relationship(back_populates="sessions")

    # Every list and filter of the library reads an index, not the table: the
    # page's ids come in order from one of these, and counts are covered.
    __table_args__ = (
        Index("ix_live_sessions_streamer_started", "streamer_id", "deleted_ms", "started_ms"),
        Index("ix_live_sessions_uid", "uid", unique=True),
        Index("ix_live_sessions_day", "local_day", "deleted_ms", "started_ms"),
        Index("ix_live_sessions_streamer_day", "streamer_id", "local_day"),
        Index("ix_live_sessions_started", "deleted_ms", "started_ms"),
        Index("ix_live_sessions_search", "deleted_ms", "started_ms", "search_text"),
        Index("ix_live_sessions_gmv", "deleted_ms", "gmv_fen", "started_ms"),
        Index("ix_live_sessions_operator", "operator", "deleted_ms", "started_ms"),
        # Covers the roster's on-time streaks (every planned start in a span).
        Index(
            "ix_live_sessions_punctuality",
            "started_ms",
            "streamer_id",
            "planned_start_ms",
            "deleted_ms",
        ),
    )


class MinuteCurveRow(Base):
    """One metric of a session, minute by minute since its start (see
    `app.core.curves`), kept so comparisons and the ghost line never reread
    a day of samples: int64 values, `MISSING` where there was no reading."""

    __tablename__ = "minute_curves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(32))
    minutes: Mapped[int] = mapped_column(Integer)
    encoding: Mapped[str] = mapped_column(String(8))
    value_data: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        UniqueConstraint("session_id", "metric", name="uq_minute_curves_session_metric"),
    )


class SourceRow(Base):
    """One source feeding one session (a session may have several)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    config_json: Mapped[str] = mapped_column(Text, default="{}")
    """Non-secret settings only; tokens never reach the database."""
    uid: Mapped[str | None] = mapped_column(String(36), default=new_uid)

    __table_args__ = (Index("ix_sources_uid", "uid", unique=True),)


class SampleChunkRow(Base):
    """Up to `CHUNK_POINTS` points of one metric from one source, as two blobs
    (see `app.storage.chunks`). The newest chunk of a live series is rewritten
    at every commit until it is full."""

    __tablename__ = "sample_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(32))
    first_ms: Mapped[int] = mapped_column(BigInteger)
    """The earliest time in the chunk (points are kept in arrival order)."""
    last_ms: Mapped[int] = mapped_column(BigInteger)
    count: Mapped[int] = mapped_column(Integer)
    encoding: Mapped[str] = mapped_column(String(8))
    ts_data: Mapped[bytes] = mapped_column(LargeBinary)
    value_data: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        Index("ix_sample_chunks_session_source_metric", "session_id", "source_id", "metric"),
    )


class EventRow(Base):
    """Milestones, highlights and notes (filled in by later features)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str | None] = mapped_column(String(36))
    """Made by the app, so a highlight can be edited before the writer stored it."""
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True
    )
    ts_ms: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(400), default="")
    payload_json: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_events_uid", "uid", unique=True),)


class GapRow(Base):
    __tablename__ = "gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text, default="")
    uid: Mapped[str | None] = mapped_column(String(36), default=new_uid)

    __table_args__ = (Index("ix_gaps_uid", "uid", unique=True),)


class AdReportRow(Base):
    """One row of a platform's ad report (磁力金牛, 千川): one plan's spend on
    one day and the GMV and orders it brought over each window (see
    `app.core.ads`), matched to a streamer by account; or figures an
    operator typed for one session (`source` "typed", `session_id` set).
    Windows are columns, not a child table: the set is small and fixed per
    platform, the sums are plain SUMs, and an import updates one row.
    NULL in a window: not settled yet ("-" in the export) or not reported."""

    __tablename__ = "ad_report_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str] = mapped_column(String(100))
    day: Mapped[int] = mapped_column(Integer)
    """YYYYMMDD, as the report gives it."""
    plan_id: Mapped[str] = mapped_column(String(100))
    plan_name: Mapped[str] = mapped_column(String(400), default="")
    room_name: Mapped[str] = mapped_column(String(400), default="")
    streamer_id: Mapped[int] = mapped_column(ForeignKey("streamers.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(String(16), default="imported")
    spend_fen: Mapped[int] = mapped_column(BigInteger)
    direct_gmv_fen: Mapped[int | None] = mapped_column(BigInteger)
    direct_orders: Mapped[int | None] = mapped_column(BigInteger)
    t0_gmv_fen: Mapped[int | None] = mapped_column(BigInteger)
    t0_orders: Mapped[int | None] = mapped_column(BigInteger)
    t7_gmv_fen: Mapped[int | None] = mapped_column(BigInteger)
    t7_orders: Mapped[int | None] = mapped_column(BigInteger)
    t15_gmv_fen: Mapped[int | None] = mapped_column(BigInteger)
    t15_orders: Mapped[int | None] = mapped_column(BigInteger)
    t30_gmv_fen: Mapped[int | None] = mapped_column(BigInteger)
    t30_orders: Mapped[int | None] = mapped_column(BigInteger)
    as_of_day: Mapped[int] = mapped_column(Integer)
    """YYYYMMDD: the day the export was made; an older export never
    overwrites a newer one's figures."""
    updated_ms: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[str | None] = mapped_column(String(36), default=new_uid)

    __table_args__ = (
        UniqueConstraint("platform", "account_id", "day", "plan_id", name="uq_ad_report_rows_key"),
        Index("ix_ad_report_rows_uid", "uid", unique=True),
        Index("ix_ad_report_rows_streamer_day", "streamer_id", "day"),
        Index("ix_ad_report_rows_session", "session_id"),
    )

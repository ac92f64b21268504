/// The store's SQL schema, as numbered migrations. A migration, once released, never changes: a later change is
/// a new migration appended to ``migrations``.
///
/// Conventions: times are integers — raw results in Unix milliseconds (`time_ms`), rollup buckets in Unix seconds of
/// the bucket's start (`bucket`, UTC-aligned minutes and hours). Latencies are seconds (REAL). Rollup columns
/// `b0` … `b11` are per-bucket run counts for ``LatencyBuckets/bounds`` (`b11` = `+Inf`).
enum Schema {
  /// All migrations, in order; `version` is 1-based and contiguous.
  static let migrations: [Migration] = [
    Migration(version: 1, name: "initial schema", sql: initial),
    Migration(version: 2, name: "drop time-only indexes", sql: dropTimeIndexes),
  ]

  /// The latest schema version this build knows.
  static var latestVersion: Int { migrations.last?.version ?? 0 }

  /// The two rollup tables, by resolution.
  static let rollupTables: [HistoryResolution: String] = [.minute: "rollup_minute", .hour: "rollup_hour"]

  /// Bookkeeping table of applied migrations (created before migration 1, outside the numbering).
  static let migrationsTable = """
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_ms INTEGER NOT NULL
    );
    """

  private static func rollupTable(_ name: String) -> String {
    """
    CREATE TABLE \(name) (
      probe_id INTEGER NOT NULL REFERENCES probes(id),
      bucket INTEGER NOT NULL,
      count INTEGER NOT NULL,
      successes INTEGER NOT NULL,
      latency_sum REAL NOT NULL,
      latency_min REAL NOT NULL,
      latency_max REAL NOT NULL,
      b0 INTEGER NOT NULL DEFAULT 0, b1 INTEGER NOT NULL DEFAULT 0, b2 INTEGER NOT NULL DEFAULT 0,
      b3 INTEGER NOT NULL DEFAULT 0, b4 INTEGER NOT NULL DEFAULT 0, b5 INTEGER NOT NULL DEFAULT 0,
      b6 INTEGER NOT NULL DEFAULT 0, b7 INTEGER NOT NULL DEFAULT 0, b8 INTEGER NOT NULL DEFAULT 0,
      b9 INTEGER NOT NULL DEFAULT 0, b10 INTEGER NOT NULL DEFAULT 0, b11 INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (probe_id, bucket)
    ) WITHOUT ROWID;
    CREATE INDEX \(name)_bucket ON \(name) (bucket);
    """
  }

  /// Version 1: probes, raw samples, minute and hour rollups, last state, schema snapshots, drift events.
  private static let initial = """
    CREATE TABLE probes (
      id INTEGER PRIMARY KEY,
      target TEXT NOT NULL,
      probe TEXT NOT NULL,
      UNIQUE (target, probe)
    );
    CREATE TABLE samples (
      id INTEGER PRIMARY KEY,
      probe_id INTEGER NOT NULL REFERENCES probes(id),
      time_ms INTEGER NOT NULL,
      success INTEGER NOT NULL,
      status_code INTEGER,
      latency REAL NOT NULL,
      error TEXT
    );
    CREATE INDEX samples_probe_time ON samples (probe_id, time_ms);
    CREATE INDEX samples_time ON samples (time_ms);
    \(rollupTable("rollup_minute"))
    \(rollupTable("rollup_hour"))
    CREATE TABLE last_samples (
      probe_id INTEGER PRIMARY KEY REFERENCES probes(id),
      time_ms INTEGER NOT NULL,
      success INTEGER NOT NULL,
      status_code INTEGER,
      latency REAL NOT NULL,
      error TEXT
    );
    CREATE TABLE schema_snapshots (
      id INTEGER PRIMARY KEY,
      target TEXT NOT NULL,
      time_ms INTEGER NOT NULL,
      hash TEXT NOT NULL,
      json TEXT NOT NULL
    );
    CREATE INDEX schema_snapshots_target ON schema_snapshots (target, time_ms);
    CREATE TABLE drift_events (
      id INTEGER PRIMARY KEY,
      target TEXT NOT NULL,
      time_ms INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('breaking', 'additive')),
      detail TEXT NOT NULL
    );
    CREATE INDEX drift_events_time ON drift_events (time_ms);
    """
}

extension Schema {
  /// Version 2: the time-only indexes cost every write an extra B-tree insert (10–20 % of the write rate with
  /// many probes); retention walks `probes` and each probe's `(probe_id, time)` range instead.
  fileprivate static let dropTimeIndexes = """
    DROP INDEX samples_time;
    DROP INDEX rollup_minute_bucket;
    DROP INDEX rollup_hour_bucket;
    """
}

/// One numbered schema change, applied in its own transaction.
struct Migration: Sendable {
  var version: Int
  var name: String
  var sql: String
}

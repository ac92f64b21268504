import Foundation

extension WriterContext {
  /// Inserts the snapshot unless the target's latest one has the same hash; returns whether it was stored.
  func saveSnapshot(_ snapshot: SchemaSnapshot) throws -> Bool {
    try connection.transaction {
      let latest = try connection.statement(
        "SELECT hash FROM schema_snapshots WHERE target = ? ORDER BY time_ms DESC, id DESC LIMIT 1")
      defer { latest.reset() }
      try latest.bind(1, snapshot.target)
      if try latest.step(), latest.text(0) == snapshot.hash { return false }
      try connection.run(
        "INSERT INTO schema_snapshots (target, time_ms, hash, json) VALUES (?, ?, ?, ?)",
        [.text(snapshot.target), .integer(snapshot.time.unixMilliseconds), .text(snapshot.hash), .text(snapshot.json)])
      return true
    }
  }

  /// Inserts drift events in one transaction.
  func recordDrift(_ events: [DriftEvent]) throws {
    guard !events.isEmpty else { return }
    try connection.transaction {
      for event in events {
        try connection.run(
          "INSERT INTO drift_events (target, time_ms, kind, detail) VALUES (?, ?, ?, ?)",
          [.text(event.target), .integer(event.time.unixMilliseconds), .text(event.kind.rawValue), .text(event.detail)])
      }
    }
  }

  /// Deletes at most `limit` rows of `resolution`'s table that are entirely older than `cutoff`, in one short
  /// transaction; returns how many it deleted (fewer than `limit` means the table is done). The scan goes probe by
  /// probe through the `(probe_id, time)` keys, so it costs one index seek per probe plus the rows deleted.
  func deleteExpired(_ resolution: HistoryResolution, before cutoff: Date, limit: Int) throws -> Int {
    try connection.transaction {
      switch resolution {
      case .raw:
        try connection.run(
          """
          DELETE FROM samples WHERE id IN (
            SELECT s.id FROM probes p CROSS JOIN samples s ON s.probe_id = p.id AND s.time_ms < ? LIMIT ?)
          """,
          [.integer(cutoff.unixMilliseconds), .integer(Int64(limit))])
      case .minute, .hour:
        let table = Schema.rollupTables[resolution]!
        // A bucket goes once all of it is older than the cutoff: start + width <= cutoff.
        let width = Int64(resolution.bucketWidth!)
        let lastStart = Int64(cutoff.timeIntervalSince1970.rounded(.down)) - width
        try connection.run(
          """
          DELETE FROM \(table) WHERE (probe_id, bucket) IN (
            SELECT r.probe_id, r.bucket FROM probes p CROSS JOIN \(table) r ON r.probe_id = p.id AND r.bucket <= ?
            LIMIT ?)
          """,
          [.integer(lastStart), .integer(Int64(limit))])
      }
      return connection.changes
    }
  }

  /// Deletes at most `limit` drift events older than `cutoff` and at most `limit` schema snapshots older than it
  /// that a later snapshot of the same target superseded (a target's latest snapshot stays: drift detection after
  /// a restart compares against it), in one short transaction; returns how many rows it deleted.
  func deleteExpiredSchemaHistory(before cutoff: Date, limit: Int) throws -> Int {
    try connection.transaction {
      let bounds: [SQLiteValue] = [.integer(cutoff.unixMilliseconds), .integer(Int64(limit))]
      try connection.run(
        "DELETE FROM drift_events WHERE id IN (SELECT id FROM drift_events WHERE time_ms < ? LIMIT ?)", bounds)
      var deleted = connection.changes
      try connection.run(
        """
        DELETE FROM schema_snapshots WHERE id IN (
          SELECT s.id FROM schema_snapshots s WHERE s.time_ms < ? AND EXISTS (
            SELECT 1 FROM schema_snapshots n
            WHERE n.target = s.target AND (n.time_ms, n.id) > (s.time_ms, s.id))
          LIMIT ?)
        """, bounds)
      deleted += connection.changes
      return deleted
    }
  }
}

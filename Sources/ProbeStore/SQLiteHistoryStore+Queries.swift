import Foundation

extension SQLiteHistoryStore {
  public func lastSamples() async throws -> [ProbeKey: ProbeSample] {
    try await reader.run { try $0.lastSamples() }
  }

  /// Runs and successes since `since`, exact: whole hours from the hour rollups, whole minutes before them from the
  /// minute rollups, the rest from raw samples (``HistoryReader/availability(probeID:since:)``).
  public func availability(_ key: ProbeKey, since: Date) async throws -> (count: Int, successes: Int) {
    try await reader.run { reader -> (count: Int, successes: Int) in
      guard let probeID = try reader.probeID(key) else { return (0, 0) }
      let rows = try reader.availability(probeID: probeID, since: since)
      let row = rows[probeID] ?? (0, 0)
      return (row.0, row.1)
    }
  }

  /// ``availability(_:since:)`` for every probe with runs since `since`, in one query.
  public func availability(since: Date) async throws -> [ProbeKey: (count: Int, successes: Int)] {
    try await reader.run { reader -> [ProbeKey: (count: Int, successes: Int)] in
      let keys = try reader.probeKeys()
      var result: [ProbeKey: (count: Int, successes: Int)] = [:]
      for (probeID, row) in try reader.availability(probeID: nil, since: since) {
        if let key = keys[probeID] { result[key] = (row.0, row.1) }
      }
      return result
    }
  }

  /// A probe's history between `from` and `to` (inclusive).
  ///
  /// The table: without a step, by the range's length (``HistoryResolution/forRange(_:)``: raw ≤ 6 h, minute ≤ 7 d,
  /// hour beyond), one point per row. With a step, the finer of that and the coarsest table whose rows are no wider
  /// than the step (``HistoryResolution/forStep(_:)``); rows are summed into UTC-aligned buckets of `step` rounded
  /// up to a multiple of the table's row width, each point dated at its bucket's start. Rollup rows are included
  /// when their bucket overlaps the range. Raw rows exist only within raw retention (48 h by default).
  /// - Throws: ``StoreError`` `invalidArgument` for a step that is not a positive finite number.
  public func history(_ key: ProbeKey, from: Date, to: Date, step: TimeInterval?) async throws
    -> (resolution: HistoryResolution, points: [HistoryPoint])
  {
    if let step, !(step.isFinite && step > 0) {
      throw StoreError(.invalidArgument, "history step must be a positive number of seconds, got \(step)")
    }
    var resolution = HistoryResolution.forRange(to.timeIntervalSince(from))
    if let step { resolution = .finer(resolution, .forStep(step)) }
    guard from <= to else { return (resolution, []) }
    let points = try await reader.run { [resolution] reader -> [HistoryPoint] in
      guard let probeID = try reader.probeID(key) else { return [] }
      return try reader.history(probeID: probeID, from: from, to: to, resolution: resolution, step: step)
    }
    return (resolution, points)
  }

  public func saveSnapshot(_ snapshot: SchemaSnapshot) async throws {
    _ = try await writer.run { try $0.saveSnapshot(snapshot) }
  }

  public func latestSnapshot(target: String) async throws -> SchemaSnapshot? {
    try await reader.run { try $0.latestSnapshot(target: target) }
  }

  public func recordDrift(_ events: [DriftEvent]) async throws {
    try await writer.run { try $0.recordDrift(events) }
  }

  public func driftEvents(since: Date, limit: Int) async throws -> [DriftEvent] {
    guard limit > 0 else { return [] }
    return try await reader.run { try $0.driftEvents(since: since, limit: limit) }
  }

  /// Deletes raw rows older than `now - retention.raw` and rollup rows whose bucket ended before
  /// `now - retention.minute` / `now - retention.hour`; drift events and superseded schema snapshots are kept as
  /// long as hour rollups. ``retentionBatchSize`` rows per transaction: between two
  /// batches the writer commits queued samples, so a large purge never holds the write lock for long. Stops
  /// between batches when the task is cancelled.
  public func applyRetention(now: Date) async throws {
    let plan: [(HistoryResolution, TimeInterval)] = [
      (.raw, retention.raw), (.minute, retention.minute), (.hour, retention.hour),
    ]
    let limit = Self.retentionBatchSize
    for (resolution, keep) in plan {
      let cutoff = now.addingTimeInterval(-keep)
      while true {
        try Task.checkCancellation()
        let deleted = try await writer.run { try $0.deleteExpired(resolution, before: cutoff, limit: limit) }
        if deleted < limit { break }
      }
    }
    let cutoff = now.addingTimeInterval(-retention.hour)
    while true {
      try Task.checkCancellation()
      let deleted = try await writer.run { try $0.deleteExpiredSchemaHistory(before: cutoff, limit: limit) }
      if deleted < limit { break }
    }
  }

  /// `PRAGMA integrity_check` on the read connection: "ok" for a sound database, else SQLite's findings, one per
  /// line.
  public func integrityCheck() async throws -> String {
    try await reader.run { try $0.integrityCheck() }
  }
}

import Foundation

/// The writer connection and the state only the writer needs (the probe-id cache). Lives on the writer's
/// ``ConnectionExecutor``: every method runs there, one at a time.
final class WriterContext {
  let connection: SQLiteConnection
  /// `probes.id` by key; cleared when a transaction rolls back (it may hold ids of rolled-back rows).
  private var probeIDs: [ProbeKey: Int64] = [:]

  init(connection: SQLiteConnection) {
    self.connection = connection
  }

  /// Writes a batch in one transaction: raw rows, the minute and hour rollups (UPSERT, pre-aggregated per
  /// probe and bucket so a batch issues one UPSERT per cell, not per sample) and the last state of each probe.
  func write(_ batch: [ProbeSample]) throws {
    do {
      try connection.transaction {
        var minute: [RollupKey: RollupCell] = [:]
        var hour: [RollupKey: RollupCell] = [:]
        var last: [Int64: (timeMs: Int64, sample: ProbeSample)] = [:]
        let insert = try connection.statement(SampleSQL.insertSample)
        for sample in batch {
          let probeID = try probeID(sample.key)
          let timeMs = sample.time.unixMilliseconds
          let latency = Self.storable(sample.latency)
          insert.reset()
          try insert.bind(1, probeID)
          try insert.bind(2, timeMs)
          try insert.bind(3, sample.success)
          try insert.bind(4, sample.statusCode)
          try insert.bind(5, latency)
          try insert.bind(6, sample.error)
          try insert.step()
          minute[RollupKey(probeID: probeID, bucket: timeMs.bucketStart(width: 60)), default: RollupCell()]
            .add(success: sample.success, latency: latency, bucket: LatencyBuckets.index(of: latency))
          if let current = last[probeID], current.timeMs > timeMs { continue }
          last[probeID] = (timeMs, sample)
        }
        for (key, cell) in minute {
          // Minute buckets nest in hours: fold them rather than look every sample up twice.
          let hourStart = key.bucket - ((key.bucket % 3600) + 3600) % 3600
          hour[RollupKey(probeID: key.probeID, bucket: hourStart), default: RollupCell()].merge(cell)
        }
        try upsert(minute, sql: SampleSQL.upsertMinute)
        try upsert(hour, sql: SampleSQL.upsertHour)
        let upsertLast = try connection.statement(SampleSQL.upsertLast)
        for (probeID, entry) in last {
          upsertLast.reset()
          try upsertLast.bind(1, probeID)
          try upsertLast.bind(2, entry.timeMs)
          try upsertLast.bind(3, entry.sample.success)
          try upsertLast.bind(4, entry.sample.statusCode)
          try upsertLast.bind(5, Self.storable(entry.sample.latency))
          try upsertLast.bind(6, entry.sample.error)
          try upsertLast.step()
        }
      }
    } catch {
      probeIDs.removeAll()
      throw error
    }
  }

  /// The `probes` row id for a key, inserting the row on first sight.
  func probeID(_ key: ProbeKey) throws -> Int64 {
    if let id = probeIDs[key] { return id }
    try connection.run(
      "INSERT INTO probes (target, probe) VALUES (?, ?) ON CONFLICT (target, probe) DO NOTHING",
      [.text(key.target), .text(key.probe)])
    let select = try connection.statement("SELECT id FROM probes WHERE target = ? AND probe = ?")
    defer { select.reset() }
    try select.bind(1, key.target)
    try select.bind(2, key.probe)
    guard try select.step() else {
      throw SQLiteError(code: 1, message: "probe row for \(key) missing right after its insert", sql: select.sql)
    }
    let id = select.int64(0)
    probeIDs[key] = id
    return id
  }

  private func upsert(_ cells: [RollupKey: RollupCell], sql: String) throws {
    let statement = try connection.statement(sql)
    for (key, cell) in cells {
      statement.reset()
      try statement.bind(1, key.probeID)
      try statement.bind(2, key.bucket)
      try statement.bind(3, cell.count)
      try statement.bind(4, cell.successes)
      try statement.bind(5, cell.latencySum)
      try statement.bind(6, cell.latencyMin)
      try statement.bind(7, cell.latencyMax)
      for offset in cell.buckets.indices { try statement.bind(Int32(8 + offset), cell.buckets[offset]) }
      try statement.step()
    }
  }

  /// SQLite stores NaN as NULL (which the NOT NULL columns reject, failing the whole batch): a latency that is
  /// not a number or negative is stored as 0.
  static func storable(_ latency: Double) -> Double {
    latency.isNaN || latency < 0 ? 0 : latency
  }
}

import Foundation

/// The read connection and the store's queries. Lives on the reader's ``ConnectionExecutor``; in WAL mode its
/// queries see the last committed state and neither wait for nor block the writer.
final class HistoryReader {
  let connection: SQLiteConnection

  init(connection: SQLiteConnection) {
    self.connection = connection
  }

  func probeID(_ key: ProbeKey) throws -> Int64? {
    try connection.scalarInt(
      "SELECT id FROM probes WHERE target = ? AND probe = ?", [.text(key.target), .text(key.probe)]
    )
    .map(Int64.init)
  }

  func lastSamples() throws -> [ProbeKey: ProbeSample] {
    let statement = try connection.statement(
      """
      SELECT p.target, p.probe, l.time_ms, l.success, l.status_code, l.latency, l.error
      FROM last_samples l JOIN probes p ON p.id = l.probe_id
      """)
    defer { statement.reset() }
    var result: [ProbeKey: ProbeSample] = [:]
    while try statement.step() {
      let key = ProbeKey(target: statement.text(0), probe: statement.text(1))
      result[key] = ProbeSample(
        key: key, time: Date(unixMilliseconds: statement.int64(2)), success: statement.int(3) != 0,
        statusCode: statement.optionalInt(4), latency: statement.double(5), error: statement.optionalText(6))
    }
    return result
  }

  /// Runs and successes since `since`, exactly, from the fewest rows: hour rollups from the first whole hour after
  /// `since` on (the current hour's row is kept up to date by the writer), minute rollups for the whole minutes
  /// before that hour, raw samples only for the part of a minute at the start. A 24 h window reads at most ~84
  /// rows per probe instead of 1,440 minute rows or 8,640 raw samples at 10 s. Each part is a range of a primary
  /// key or index per probe (5,000 probes, 24 h of history: ~60 ms, against ~800 ms for one scan of the minute
  /// table). Parts past a table's retention count what is left. Probes without runs in the window are left out.
  func availability(probeID: Int64?, since: Date) throws -> [Int64: (Int, Int)] {
    let hourTable = Schema.rollupTables[.hour]!
    let minuteTable = Schema.rollupTables[.minute]!
    func part(_ column: String, raw: String) -> String {
      """
      coalesce((SELECT sum(\(column)) FROM \(hourTable) WHERE probe_id = p.id AND bucket >= ?1), 0)
        + coalesce((SELECT sum(\(column)) FROM \(minuteTable)
                    WHERE probe_id = p.id AND bucket >= ?2 AND bucket < ?1), 0)
        + coalesce((SELECT \(raw) FROM samples WHERE probe_id = p.id AND time_ms >= ?3 AND time_ms < ?4), 0)
      """
    }
    let sql = """
      SELECT id, runs, ok FROM (
        SELECT p.id AS id, \(part("count", raw: "count(*)")) AS runs, \(part("successes", raw: "sum(success)")) AS ok
        FROM probes p \(probeID == nil ? "" : "WHERE p.id = ?5")
      ) WHERE runs > 0
      """
    let sinceMs = since.unixMilliseconds
    let minute = Self.ceilBucket(sinceMs, width: 60)
    let statement = try connection.statement(sql)
    defer { statement.reset() }
    try statement.bind(1, Self.ceilBucket(sinceMs, width: 3600))
    try statement.bind(2, minute)
    try statement.bind(3, sinceMs)
    try statement.bind(4, minute * 1000)
    if let probeID { try statement.bind(5, probeID) }
    var result: [Int64: (Int, Int)] = [:]
    while try statement.step() { result[statement.int64(0)] = (statement.int(1), statement.int(2)) }
    return result
  }

  /// The first bucket (Unix seconds, a multiple of `width` seconds) starting at or after `milliseconds`.
  static func ceilBucket(_ milliseconds: Int64, width: Int64) -> Int64 {
    let start = milliseconds.bucketStart(width: width)
    return start * 1000 < milliseconds ? start + width : start
  }

  /// `probes.id` → key for every probe.
  func probeKeys() throws -> [Int64: ProbeKey] {
    let statement = try connection.statement("SELECT id, target, probe FROM probes")
    defer { statement.reset() }
    var result: [Int64: ProbeKey] = [:]
    while try statement.step() {
      result[statement.int64(0)] = ProbeKey(target: statement.text(1), probe: statement.text(2))
    }
    return result
  }

  /// Points between `from` and `to` (both inclusive) from one table. Without a step: one point per row. With a
  /// step: rows grouped into UTC-aligned buckets of `step` (rounded up to a multiple of the table's width, and to
  /// whole milliseconds for raw), each point at its bucket's start. Rollup rows count when their bucket overlaps
  /// the range.
  func history(probeID: Int64, from: Date, to: Date, resolution: HistoryResolution, step: TimeInterval?) throws
    -> [HistoryPoint]
  {
    let fromMs = from.unixMilliseconds
    let toMs = to.unixMilliseconds
    let statement: SQLiteStatement
    // Multiplier from the query's time column to milliseconds.
    let unitMs: Int64
    if let table = Schema.rollupTables[resolution], let width = resolution.bucketWidth.map(Int64.init) {
      unitMs = 1000
      let lower = fromMs.bucketStart(width: width)
      let upper = toMs.bucketStart(width: width)
      if let step {
        let stepSeconds = max(1, Int64((step / Double(width)).rounded(.up))) * width
        statement = try connection.statement(
          """
          SELECT (bucket / ?4) * ?4 AS b, sum(count), sum(successes), sum(latency_sum), min(latency_min),
            max(latency_max)
          FROM \(table) WHERE probe_id = ?1 AND bucket BETWEEN ?2 AND ?3 GROUP BY b ORDER BY b
          """)
        try statement.bind(4, stepSeconds)
      } else {
        statement = try connection.statement(
          """
          SELECT bucket, count, successes, latency_sum, latency_min, latency_max
          FROM \(table) WHERE probe_id = ? AND bucket BETWEEN ? AND ? ORDER BY bucket
          """)
      }
      try statement.bind(1, probeID)
      try statement.bind(2, lower)
      try statement.bind(3, upper)
    } else {
      unitMs = 1
      if let step {
        let stepMs = max(1, Int64((step * 1000).rounded(.up)))
        statement = try connection.statement(
          """
          SELECT (time_ms / ?4) * ?4 AS b, count(*), sum(success), sum(latency), min(latency), max(latency)
          FROM samples WHERE probe_id = ?1 AND time_ms BETWEEN ?2 AND ?3 GROUP BY b ORDER BY b
          """)
        try statement.bind(4, stepMs)
      } else {
        statement = try connection.statement(
          """
          SELECT time_ms, 1, success, latency, latency, latency
          FROM samples WHERE probe_id = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms, id
          """)
      }
      try statement.bind(1, probeID)
      try statement.bind(2, fromMs)
      try statement.bind(3, toMs)
    }
    defer { statement.reset() }
    var points: [HistoryPoint] = []
    while try statement.step() {
      points.append(
        HistoryPoint(
          time: Date(unixMilliseconds: statement.int64(0) * unitMs), count: statement.int(1),
          successes: statement.int(2), latencySum: statement.double(3), latencyMin: statement.double(4),
          latencyMax: statement.double(5)))
    }
    return points
  }

  func latestSnapshot(target: String) throws -> SchemaSnapshot? {
    let statement = try connection.statement(
      "SELECT time_ms, hash, json FROM schema_snapshots WHERE target = ? ORDER BY time_ms DESC, id DESC LIMIT 1")
    defer { statement.reset() }
    try statement.bind(1, target)
    guard try statement.step() else { return nil }
    return SchemaSnapshot(
      target: target, time: Date(unixMilliseconds: statement.int64(0)), hash: statement.text(1),
      json: statement.text(2))
  }

  /// Newest first (ties: the later recorded first), at most `limit`.
  func driftEvents(since: Date, limit: Int) throws -> [DriftEvent] {
    let statement = try connection.statement(
      "SELECT target, time_ms, kind, detail FROM drift_events WHERE time_ms >= ? ORDER BY time_ms DESC, id DESC LIMIT ?"
    )
    defer { statement.reset() }
    try statement.bind(1, since.unixMilliseconds)
    try statement.bind(2, limit)
    var events: [DriftEvent] = []
    while try statement.step() {
      // The CHECK constraint admits only known kinds; an unknown one would come from a newer schema.
      guard let kind = DriftEvent.Kind(rawValue: statement.text(2)) else { continue }
      events.append(
        DriftEvent(
          target: statement.text(0), time: Date(unixMilliseconds: statement.int64(1)), kind: kind,
          detail: statement.text(3)))
    }
    return events
  }

  /// `PRAGMA integrity_check`'s rows joined by newlines: "ok" for a sound database.
  func integrityCheck() throws -> String {
    let statement = try connection.statement("PRAGMA integrity_check")
    defer { statement.reset() }
    var rows: [String] = []
    while try statement.step() { rows.append(statement.text(0)) }
    return rows.joined(separator: "\n")
  }
}

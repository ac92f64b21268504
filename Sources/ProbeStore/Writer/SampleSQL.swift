/// The writer's hot-path statements (prepared once, cached by the connection).
enum SampleSQL {
  static let insertSample = """
    INSERT INTO samples (probe_id, time_ms, success, status_code, latency, error) VALUES (?, ?, ?, ?, ?, ?)
    """

  static let upsertMinute = upsertRollup("rollup_minute")
  static let upsertHour = upsertRollup("rollup_hour")

  /// Keeps the newest sample per probe; an older sample arriving late does not replace it.
  static let upsertLast = """
    INSERT INTO last_samples (probe_id, time_ms, success, status_code, latency, error) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (probe_id) DO UPDATE SET
      time_ms = excluded.time_ms, success = excluded.success, status_code = excluded.status_code,
      latency = excluded.latency, error = excluded.error
    WHERE excluded.time_ms >= last_samples.time_ms
    """

  /// Adds a cell to its rollup row: counts and sums add up, min and max combine.
  private static func upsertRollup(_ table: String) -> String {
    let buckets = (0..<LatencyBuckets.count).map { "b\($0)" }
    return """
      INSERT INTO \(table) (probe_id, bucket, count, successes, latency_sum, latency_min, latency_max, \
      \(buckets.joined(separator: ", ")))
      VALUES (?, ?, ?, ?, ?, ?, ?, \(buckets.map { _ in "?" }.joined(separator: ", ")))
      ON CONFLICT (probe_id, bucket) DO UPDATE SET
        count = count + excluded.count,
        successes = successes + excluded.successes,
        latency_sum = latency_sum + excluded.latency_sum,
        latency_min = min(latency_min, excluded.latency_min),
        latency_max = max(latency_max, excluded.latency_max),
        \(buckets.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
      """
  }
}

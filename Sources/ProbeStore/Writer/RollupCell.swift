/// One rollup row being built from a batch: runs, successes, latency sum/min/max and histogram bucket counts.
/// The batch's cells are UPSERTed into the rollup tables, adding to what a row already holds.
struct RollupCell {
  var count = 0
  var successes = 0
  var latencySum = 0.0
  var latencyMin = Double.infinity
  var latencyMax = -Double.infinity
  /// Per-bucket counts, `LatencyBuckets.count` (12) of them; inline, so adding a sample allocates nothing.
  var buckets = InlineArray<12, Int>(repeating: 0)

  mutating func add(success: Bool, latency: Double, bucket: Int) {
    count += 1
    if success { successes += 1 }
    latencySum += latency
    latencyMin = min(latencyMin, latency)
    latencyMax = max(latencyMax, latency)
    buckets[bucket] += 1
  }

  /// Adds another cell's runs (folding minute cells into their hour).
  mutating func merge(_ other: RollupCell) {
    count += other.count
    successes += other.successes
    latencySum += other.latencySum
    latencyMin = min(latencyMin, other.latencyMin)
    latencyMax = max(latencyMax, other.latencyMax)
    for index in buckets.indices { buckets[index] += other.buckets[index] }
  }
}

/// Where a cell goes: the probe's row id and the bucket start (Unix seconds).
struct RollupKey: Hashable {
  var probeID: Int64
  var bucket: Int64
}

/// One rollup row being built from a batch: runs, successes, latency sum/min/max and histogram bucket counts.
/// The batch's cells are UPSERTed into the rollup tables, adding to what a row already holds.
struct RollupCell {
  var count = 0
  var successes = 0
  var latencySum = 0.0
  var latencyMin = Double.infinity
  var latencyMax = -Double.infinity
  var buckets = [Int](repeating: 0, count: LatencyBuckets.count)

  mutating func add(success: Bool, latency: Double, bucket: Int) {
    count += 1
    if success { successes += 1 }
    latencySum += latency
    latencyMin = min(latencyMin, latency)
    latencyMax = max(latencyMax, latency)
    buckets[bucket] += 1
  }
}

/// Where a cell goes: the probe's row id and the bucket start (Unix seconds).
struct RollupKey: Hashable {
  var probeID: Int64
  var bucket: Int64
}

/// The latency histogram's bucket bounds in seconds, shared by the store's rollups and the Prometheus histogram
/// `reflectprobe_probe_duration_seconds`, so both count the same runs in the same buckets.
///
/// A run of latency `l` counts in the first bucket whose bound is ≥ `l` (Prometheus `le` semantics); runs above the
/// last bound count in the `+Inf` bucket. The rollup tables store per-bucket (not cumulative) counts in columns
/// `b0` … `b11`, `b11` being `+Inf`.
public enum LatencyBuckets {
  /// Upper bounds in seconds, ascending; `+Inf` is implied after the last.
  public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

  /// Number of buckets including `+Inf`.
  public static var count: Int { bounds.count + 1 }

  /// The bucket a latency falls in: `0 ..< bounds.count` for finite bounds, `bounds.count` for `+Inf`.
  public static func index(of latency: Double) -> Int {
    for (index, bound) in bounds.enumerated() where latency <= bound { return index }
    return bounds.count
  }
}

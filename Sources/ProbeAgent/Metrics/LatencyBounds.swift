/// Upper bounds, in seconds, of the `reflectprobe_probe_duration_seconds` buckets (`+Inf` is implicit).
///
/// Must equal `ProbeStore.LatencyBuckets.bounds`, the buckets of the store's rollups, so that histograms from
/// `/metrics` and from the history API can be compared bucket for bucket. Kept here only until the store's
/// constant is merged; then this becomes `LatencyBuckets.bounds`.
enum LatencyBounds {
  static let seconds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
}

import ProbeStore

/// The values of one probe's series, as plain numbers: what the per-probe families of `/metrics` export for it.
///
/// Created on the probe's first run (or missed run, or availability update) with `probe_success`, the duration
/// histogram and the missed-runs counter; the other series appear as the runs first report them. Families that
/// only some probe kinds have (health status, discovery counts, schema changes, certificate expiry) stay nil for
/// the others, so a health probe exports no `reflectprobe_target_methods` series. A value type without locking
/// of its own: ``ProbeSeriesTable`` keeps each probe's under that probe's lock; ``ProbeFamiliesRenderer``
/// writes copies of them.
struct ProbeSeries: Sendable {
  /// Serving statuses of `grpc.health.v1`, the values of `serving_status`, in exposition order.
  static let servingStatuses = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"]

  /// `target`, `probe` and the configured labels, in order: the series' identity.
  let labels: [(String, String)]
  /// ``labels`` as exposition text (`target="t",probe="p",…`), rendered once.
  let renderedLabels: [UInt8]

  var success = 0.0
  /// Runs per bucket of `LatencyBuckets.bounds`, then the `+Inf` bucket; not cumulative.
  var durationCounts = [UInt64](repeating: 0, count: LatencyBuckets.count)
  var durationSum = 0.0
  var missedRuns: UInt64 = 0
  /// Runs per status name (`OK`, `NOT_FOUND`, `none`), sorted by name.
  var totals: [(code: String, count: UInt64)] = []
  /// Seconds per phase of the last run, sorted by phase; phases seen before but absent from the last run read 0.
  var phases: [(phase: String, seconds: Double)] = []
  /// One-hot over ``servingStatuses``; nil until the probe reports a health status (or is a health probe).
  var health: [Double]?
  var services: Double?
  var methods: Double?
  /// Drift events per `DriftEvent.Kind.allCases`; nil until the first discovery run.
  var schemaChanges: [UInt64]?
  var certificateExpiry: Double?
  /// Ratio per `AvailabilityWindow.allCases`; nil for a window never set.
  var availability: [Double?] = Array(repeating: nil, count: AvailabilityWindow.allCases.count)

  init(labels: [(String, String)]) {
    self.labels = labels
    renderedLabels = ExpositionWriter.renderLabels(labels)
  }

  /// Records a run's wall time in the duration histogram.
  mutating func recordDuration(_ seconds: Double) {
    durationCounts[LatencyBuckets.index(of: seconds)] += 1
    durationSum += seconds
  }

  /// Counts a run under `reflectprobe_probes_total{code}`.
  mutating func countRun(code: String) {
    if let index = totals.firstIndex(where: { $0.code == code }) {
      totals[index].count += 1
    } else {
      let index = totals.firstIndex { $0.code > code } ?? totals.endIndex
      totals.insert((code, 1), at: index)
    }
  }

  /// Sets the phase gauges to this run's values: phases seen before but absent now read 0 (the phase did not
  /// happen in the last run), phases never seen get no series; a non-finite time reads 0 too.
  mutating func setPhases(_ values: [String: Double]) {
    for index in phases.indices {
      let seconds = values[phases[index].phase] ?? 0
      phases[index].seconds = seconds.isFinite ? seconds : 0
    }
    for (phase, seconds) in values where seconds.isFinite {
      if let index = phases.firstIndex(where: { $0.phase == phase }) {
        phases[index].seconds = seconds
      } else {
        let index = phases.firstIndex { $0.phase > phase } ?? phases.endIndex
        phases.insert((phase, seconds), at: index)
      }
    }
  }

  /// One-hot serving status; all four read 0 when the run got no answer.
  mutating func setHealth(_ status: String?) {
    health = Self.servingStatuses.map { $0 == status ? 1 : 0 }
  }

  /// Counts drift events by kind; both kinds exist from the first discovery run so `increase()` works.
  mutating func countDrift(_ events: [DriftEvent]) {
    var counts = schemaChanges ?? Array(repeating: 0, count: DriftEvent.Kind.allCases.count)
    for event in events {
      if let index = DriftEvent.Kind.allCases.firstIndex(of: event.kind) { counts[index] += 1 }
    }
    schemaChanges = counts
  }

  mutating func setAvailability(_ window: AvailabilityWindow, _ ratio: Double) {
    if let index = AvailabilityWindow.allCases.firstIndex(of: window) { availability[index] = ratio }
  }
}

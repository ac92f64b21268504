import Prometheus
import ProbeStore

/// The series of one probe in the registry, created as the probe's runs first need them and removed together
/// when the probe leaves the configuration (or its labels change).
///
/// Families that only some probe kinds have (health status, discovery counts, schema changes, certificate
/// expiry) exist only for those probes, so a health probe exports no `reflectprobe_target_methods` series.
/// Not thread-safe by itself: ``AgentMetrics`` mutates it under its lock.
struct ProbeSeries {
  /// Serving statuses of `grpc.health.v1`, the values of `serving_status`.
  static let servingStatuses = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"]

  let labels: [(String, String)]
  let success: Gauge
  let duration: ValueHistogram
  let missedRuns: Counter
  var totals: [String: Counter] = [:]
  var phases: [String: Gauge] = [:]
  var health: [String: Gauge] = [:]
  var services: Gauge?
  var methods: Gauge?
  var schemaChanges: [DriftEvent.Kind: Counter] = [:]
  var certificateExpiry: Gauge?
  var availability: [AvailabilityWindow: Gauge] = [:]

  init(labels: [(String, String)], registry: PrometheusCollectorRegistry) {
    self.labels = labels
    success = registry.makeGauge(descriptor: MetricFamily.probeSuccess.descriptor, labels: labels)
    duration = registry.makeValueHistogram(
      descriptor: MetricFamily.probeDuration.descriptor, labels: labels, buckets: LatencyBuckets.bounds)
    missedRuns = registry.makeCounter(descriptor: MetricFamily.missedRuns.descriptor, labels: labels)
  }

  /// `reflectprobe_probes_total{code}` for a status name (`OK`, `NOT_FOUND`, `none`).
  mutating func total(code: String, _ registry: PrometheusCollectorRegistry) -> Counter {
    if let counter = totals[code] { return counter }
    let counter = registry.makeCounter(
      descriptor: MetricFamily.probesTotal.descriptor, labels: labels + [("code", code)])
    totals[code] = counter
    return counter
  }

  /// Sets the phase gauges to this run's values: phases seen before but absent now read 0 (the phase did not
  /// happen in the last run), phases never seen get no series.
  mutating func setPhases(_ values: [String: Double], _ registry: PrometheusCollectorRegistry) {
    for (phase, gauge) in phases where values[phase] == nil { gauge.set(to: 0) }
    for (phase, seconds) in values where seconds.isFinite {
      let gauge =
        phases[phase]
        ?? registry.makeGauge(descriptor: MetricFamily.phaseDuration.descriptor, labels: labels + [("phase", phase)])
      phases[phase] = gauge
      gauge.set(to: seconds)
    }
  }

  /// One-hot serving status; all four read 0 when the run got no answer.
  mutating func setHealth(_ status: String?, _ registry: PrometheusCollectorRegistry) {
    if health.isEmpty {
      for name in Self.servingStatuses {
        health[name] = registry.makeGauge(
          descriptor: MetricFamily.healthStatus.descriptor, labels: labels + [("serving_status", name)])
      }
    }
    for (name, gauge) in health { gauge.set(to: name == status ? 1 : 0) }
  }

  /// Counts drift events by kind; both kinds exist from the first discovery run so `increase()` works.
  mutating func countDrift(_ events: [DriftEvent], _ registry: PrometheusCollectorRegistry) {
    if schemaChanges.isEmpty {
      for kind in DriftEvent.Kind.allCases {
        schemaChanges[kind] = registry.makeCounter(
          descriptor: MetricFamily.schemaChanges.descriptor, labels: labels + [("kind", kind.rawValue)])
      }
    }
    for event in events { schemaChanges[event.kind]!.increment() }
  }

  mutating func setDiscovery(services count: Int?, methods methodCount: Int?, _ registry: PrometheusCollectorRegistry) {
    if let count {
      services = services ?? registry.makeGauge(descriptor: MetricFamily.targetServices.descriptor, labels: labels)
      services!.set(to: Double(count))
    }
    if let methodCount {
      methods = methods ?? registry.makeGauge(descriptor: MetricFamily.targetMethods.descriptor, labels: labels)
      methods!.set(to: Double(methodCount))
    }
  }

  mutating func setCertificateExpiry(_ seconds: Double, _ registry: PrometheusCollectorRegistry) {
    let gauge =
      certificateExpiry
      ?? registry.makeGauge(descriptor: MetricFamily.certificateExpiry.descriptor, labels: labels)
    certificateExpiry = gauge
    gauge.set(to: seconds)
  }

  mutating func setAvailability(_ window: AvailabilityWindow, _ ratio: Double, _ registry: PrometheusCollectorRegistry)
  {
    let gauge =
      availability[window]
      ?? registry.makeGauge(
        descriptor: MetricFamily.availability.descriptor, labels: labels + [("window", window.rawValue)])
    availability[window] = gauge
    gauge.set(to: ratio)
  }

  /// Removes every series of this probe from the registry.
  func unregister(from registry: PrometheusCollectorRegistry) {
    registry.unregisterGauge(success)
    registry.unregisterValueHistogram(duration)
    registry.unregisterCounter(missedRuns)
    for counter in totals.values { registry.unregisterCounter(counter) }
    for counter in schemaChanges.values { registry.unregisterCounter(counter) }
    let gauges =
      Array(phases.values) + Array(health.values) + Array(availability.values)
      + [services, methods, certificateExpiry].compactMap { $0 }
    for gauge in gauges { registry.unregisterGauge(gauge) }
  }
}

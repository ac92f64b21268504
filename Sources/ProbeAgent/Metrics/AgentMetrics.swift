import AgentConfig
import Foundation
import GRPCDynamic
import ProbeStore
import Prometheus
import Synchronization

/// The agent's Prometheus metrics: every family of `/metrics` (see ``MetricFamily``), kept in a
/// swift-prometheus registry and rendered in the text exposition format 0.0.4.
///
/// The scheduler calls ``observe(_:target:probe:)`` after each run; the runtime feeds the store-derived values
/// (``setAvailability(target:probe:window:ratio:)``, ``setStoreQueueLength(_:)``), reload results and missed
/// runs, and calls ``retainOnly(_:)`` after a reload so probes that left the configuration stop being exported.
/// All methods are thread-safe; updates take one lock briefly, ``render()`` reads `/proc/self` then serialises
/// the registry (about a millisecond per few thousand series).
public final class AgentMetrics: Sendable {
  private let registry = PrometheusCollectorRegistry()
  private let probes = Mutex<[ProbeKey: ProbeSeries]>([:])
  private let lastCPUSeconds = Mutex<Double>(0)

  private let storeQueueLength: Gauge
  private let startDelay: ValueHistogram
  private let reloadSuccessful: Gauge
  private let reloadTimestamp: Gauge
  private let cpuSeconds: Counter
  private let residentMemory: Gauge
  private let virtualMemory: Gauge
  private let openFDs: Gauge
  private let maxFDs: Gauge

  /// - Parameter version: the agent's version, the `version` label of `reflectprobe_build_info`.
  public init(version: String) {
    storeQueueLength = registry.makeGauge(descriptor: MetricFamily.storeQueueLength.descriptor)
    startDelay = registry.makeValueHistogram(
      descriptor: MetricFamily.startDelay.descriptor, buckets: Self.startDelayBuckets)
    reloadSuccessful = registry.makeGauge(descriptor: MetricFamily.reloadSuccessful.descriptor)
    reloadTimestamp = registry.makeGauge(descriptor: MetricFamily.reloadTimestamp.descriptor)
    registry.makeGauge(
      descriptor: MetricFamily.buildInfo.descriptor, labels: [("version", version), ("swift", Self.swiftVersion)]
    ).set(to: 1)
    cpuSeconds = registry.makeCounter(descriptor: MetricFamily.cpuSeconds.descriptor)
    residentMemory = registry.makeGauge(descriptor: MetricFamily.residentMemory.descriptor)
    virtualMemory = registry.makeGauge(descriptor: MetricFamily.virtualMemory.descriptor)
    openFDs = registry.makeGauge(descriptor: MetricFamily.openFDs.descriptor)
    maxFDs = registry.makeGauge(descriptor: MetricFamily.maxFDs.descriptor)
    let startTime = registry.makeGauge(descriptor: MetricFamily.startTime.descriptor)
    if let start = ProcessStats.current().startTime { startTime.set(to: start) }
  }

  // MARK: Probe runs

  /// Records one run: success, duration, status code, phases and whatever the kind of probe reports.
  public func observe(_ outcome: ProbeOutcome, target: TargetConfig, probe: ProbeSpec) {
    let code = outcome.sample.statusCode.map { RPCStatusCode(rawValue: $0).name } ?? "none"
    withSeries(target: target, probe: probe) { series in
      series.success.set(to: outcome.sample.success ? 1 : 0)
      if outcome.sample.latency.isFinite { series.duration.record(max(outcome.sample.latency, 0)) }
      series.total(code: code, registry).increment()
      series.setPhases(outcome.phases, registry)
      if case .health = probe.kind {
        series.setHealth(outcome.healthStatus, registry)
      } else if let status = outcome.healthStatus {
        series.setHealth(status, registry)
      }
      if case .discovery = probe.kind { series.countDrift(outcome.drift, registry) }
      series.setDiscovery(services: outcome.serviceCount, methods: outcome.methodCount, registry)
      if let expiry = outcome.certificateExpiry, expiry.isFinite { series.setCertificateExpiry(expiry, registry) }
    }
  }

  /// Counts runs the scheduler skipped (the previous run still in flight, or no free slot in time).
  public func recordMissedRun(target: TargetConfig, probe: ProbeSpec, count: Int = 1) {
    guard count > 0 else { return }
    withSeries(target: target, probe: probe) { $0.missedRuns.increment(by: Int64(count)) }
  }

  /// Records how late a scheduled run started (`startedAt - scheduledAt`, negative values read 0).
  public func observeStartDelay(_ seconds: Double) {
    guard seconds.isFinite else { return }
    startDelay.record(max(seconds, 0))
  }

  /// Upper bounds of `reflectprobe_scheduler_start_delay_seconds`: fine around the 100 ms jitter goal, so a p99
  /// read from the buckets is close to exact.
  public static let startDelayBuckets: [Double] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5, 10,
  ]

  /// Sets `reflectprobe_availability_ratio{window}`: successes / runs over the window, from the store.
  /// A ratio that is not a number (no runs in the window) leaves the series as it was.
  public func setAvailability(target: TargetConfig, probe: ProbeSpec, window: AvailabilityWindow, ratio: Double) {
    guard ratio.isFinite else { return }
    withSeries(target: target, probe: probe) { $0.setAvailability(window, min(max(ratio, 0), 1), registry) }
  }

  /// Stops exporting every probe whose key is not in `keys` (after a reload removed it).
  public func retainOnly(_ keys: Set<ProbeKey>) {
    probes.withLock { probes in
      for (key, series) in probes where !keys.contains(key) {
        series.unregister(from: registry)
        probes[key] = nil
      }
    }
  }

  // MARK: Agent-wide

  /// Samples waiting for the history store's writer.
  public func setStoreQueueLength(_ length: Int) { storeQueueLength.set(to: Double(length)) }

  /// Records the result of a configuration load or reload.
  public func configReloaded(success: Bool, time: Date = Date()) {
    reloadSuccessful.set(to: success ? 1 : 0)
    if success { reloadTimestamp.set(to: time.timeIntervalSince1970) }
  }

  // MARK: Rendering

  /// The text exposition (format 0.0.4) of every family, `process_*` read fresh from `/proc/self`.
  public func render() -> [UInt8] {
    updateProcessMetrics()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(64 * 1024)
    registry.emit(into: &buffer)
    return buffer
  }

  /// ``render()`` as a string.
  public func renderString() -> String { String(decoding: render(), as: UTF8.self) }

  // MARK: Internals

  /// Runs `body` on the probe's series under the lock, creating them first, or re-creating them when the probe's
  /// labels changed since they were made.
  private func withSeries(target: TargetConfig, probe: ProbeSpec, _ body: (inout ProbeSeries) -> Void) {
    let key = ProbeKey(target: target.name, probe: probe.name)
    let labels = MetricLabels.forProbe(target: target, probe: probe)
    probes.withLock { probes in
      var series: ProbeSeries
      if let existing = probes[key], MetricLabels.equal(existing.labels, labels) {
        series = existing
      } else {
        probes[key]?.unregister(from: registry)
        series = ProbeSeries(labels: labels, registry: registry)
      }
      body(&series)
      probes[key] = series
    }
  }

  private func updateProcessMetrics() {
    let stats = ProcessStats.current()
    if let cpu = stats.cpuSeconds {
      let delta = lastCPUSeconds.withLock { last -> Double in
        let delta = cpu - last
        if delta > 0 { last = cpu }
        return delta
      }
      if delta > 0 { cpuSeconds.increment(by: delta) }
    }
    if let value = stats.residentBytes { residentMemory.set(to: value) }
    if let value = stats.virtualBytes { virtualMemory.set(to: value) }
    if let value = stats.openFDs { openFDs.set(to: value) }
    if let value = stats.maxFDs { maxFDs.set(to: value) }
  }

  /// The compiler's language version, the `swift` label of `reflectprobe_build_info`.
  static var swiftVersion: String {
    #if swift(>=6.4)
      "6.4+"
    #elseif swift(>=6.3)
      "6.3"
    #elseif swift(>=6.2)
      "6.2"
    #elseif swift(>=6.1)
      "6.1"
    #else
      "6.0"
    #endif
  }
}

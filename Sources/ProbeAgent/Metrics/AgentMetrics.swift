import AgentConfig
import Foundation
import GRPCDynamic
import ProbeStore
import Prometheus
import NIOCore
import Synchronization

/// The agent's Prometheus metrics: every family of `/metrics` (see ``MetricFamily``), rendered in the text
/// exposition format 0.0.4.
///
/// The per-probe families live in a ``ProbeSeriesTable`` (plain values under one lock per probe, written by
/// ``ProbeFamiliesRenderer`` through ``ExpositionWriter``); the agent-wide ones (build info, store queue, reload,
/// scheduler start delay, `process_*`) in a swift-prometheus registry. Both go into one buffer, no family twice.
///
/// The scheduler calls ``observe(_:target:probe:)`` after each run; the runtime feeds the store-derived values
/// (``setAvailability(target:probe:window:ratio:)``, ``setStoreQueueLength(_:)``), reload results and missed
/// runs, and calls ``retainOnly(_:)`` after a reload so probes that left the configuration stop being exported.
/// All methods are thread-safe; recording a run is O(1) in the number of probes and takes the probe's own lock,
/// ``render()`` reads `/proc/self` then copies and serialises every probe's values.
public final class AgentMetrics: Sendable {
  private let registry = PrometheusCollectorRegistry()
  private let probes = ProbeSeriesTable()
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
      series.success = outcome.sample.success ? 1 : 0
      if outcome.sample.latency.isFinite { series.recordDuration(max(outcome.sample.latency, 0)) }
      series.countRun(code: code)
      series.setPhases(outcome.phases)
      if case .health = probe.kind {
        series.setHealth(outcome.healthStatus)
      } else if let status = outcome.healthStatus {
        series.setHealth(status)
      }
      if case .discovery = probe.kind { series.countDrift(outcome.drift) }
      if let count = outcome.serviceCount { series.services = Double(count) }
      if let count = outcome.methodCount { series.methods = Double(count) }
      if let expiry = outcome.certificateExpiry, expiry.isFinite { series.certificateExpiry = expiry }
    }
  }

  /// Counts runs the scheduler skipped (the previous run still in flight, or no free slot in time).
  public func recordMissedRun(target: TargetConfig, probe: ProbeSpec, count: Int = 1) {
    guard count > 0 else { return }
    withSeries(target: target, probe: probe) { $0.missedRuns += UInt64(count) }
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
    withSeries(target: target, probe: probe) { $0.setAvailability(window, min(max(ratio, 0), 1)) }
  }

  /// Stops exporting every probe whose key is not in `keys` (after a reload removed it).
  public func retainOnly(_ keys: Set<ProbeKey>) { probes.retainOnly(keys) }

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
    let series = probes.snapshot()
    // About 130 bytes per per-probe sample, ~17 samples per probe.
    var writer = ExpositionWriter(capacity: 16 * 1024 + series.count * 2400)
    writer.appendRaw { registry.emit(into: &$0) }
    ProbeFamiliesRenderer.render(series, into: &writer)
    return writer.bytes
  }

  /// ``render()`` straight into the buffer `/metrics` answers with, written in 64 KB chunks: the exposition
  /// (about 11 MB with 5,000 probes) is held once, not as an array and a copy of it.
  public func renderBuffer() -> ByteBuffer {
    updateProcessMetrics()
    let series = probes.snapshot()
    let chunk = 64 * 1024
    var buffer = ByteBuffer()
    buffer.reserveCapacity(16 * 1024 + series.count * 2400)
    var writer = ExpositionWriter(capacity: chunk + 4096)
    writer.appendRaw { registry.emit(into: &$0) }
    ProbeFamiliesRenderer.render(series, into: &writer) { writer in
      if writer.bytes.count >= chunk { writer.drain(into: &buffer) }
    }
    writer.drain(into: &buffer)
    return buffer
  }

  /// ``render()`` as a string.
  public func renderString() -> String { String(decoding: render(), as: UTF8.self) }

  // MARK: Internals

  /// Runs `body` on the probe's series under its lock, creating them first, or re-creating them when the probe's
  /// labels changed since they were made.
  private func withSeries(target: TargetConfig, probe: ProbeSpec, _ body: (inout ProbeSeries) -> Void) {
    let key = ProbeKey(target: target.name, probe: probe.name)
    probes.update(key, labels: MetricLabels.forProbe(target: target, probe: probe), body)
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

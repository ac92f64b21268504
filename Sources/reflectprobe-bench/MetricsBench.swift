import AgentConfig
import Foundation
import ProbeAgent
import ProbeStore

/// Issue #4 (c): `/metrics` render time with 10,000 series (goal < 20 ms), and what one probe run costs the
/// metrics. Probes are a mix of health, discovery and invoke probes on 10 targets with two configured labels,
/// every family populated as in production (phases, one-hot health, drift counters, availability windows).
enum MetricsBench {
  static let goalMilliseconds = 20.0

  static func report(timing: Timing) {
    let perProbe = (seriesCount(populated(probes: 6).metrics) - seriesCount(populated(probes: 3).metrics)) / 3
    let probes = max(3, 10_000 / perProbe)
    let (metrics, targets) = Self.populated(probes: probes)
    let series = Self.seriesCount(metrics)
    let renderNanos = timing.nanosPerCall { _ = metrics.render() }
    let bufferNanos = timing.nanosPerCall { _ = metrics.renderBuffer() }
    let (large, _) = Self.populated(probes: 1000)
    let largeSeries = Self.seriesCount(large)
    let largeNanos = timing.nanosPerCall { _ = large.render() }
    let (target, probe) = targets[0]
    let outcome = Self.outcome(target, probe, index: 0)
    let observeNanos = timing.nanosPerCall { metrics.observe(outcome, target: target, probe: probe) }
    let ms = renderNanos / 1e6
    ReportRow.printTable(
      "Metrics (/metrics render)",
      [
        ReportRow(
          name: "render \(series) series (\(probes) probes)", value: String(format: "%.2f ms", ms),
          reference: String(format: "goal %.0f ms", goalMilliseconds),
          ratio: String(format: "%.2fx goal", ms / goalMilliseconds),
          goal: "< 1.00x " + (ms < goalMilliseconds ? "✓" : "✗")),
        ReportRow(
          name: "renderBuffer() \(series) series (what /metrics answers)",
          value: String(format: "%.2f ms", bufferNanos / 1e6), reference: String(format: "goal %.0f ms", goalMilliseconds),
          ratio: String(format: "%.2fx goal", bufferNanos / 1e6 / goalMilliseconds),
          goal: "< 1.00x " + (bufferNanos / 1e6 < goalMilliseconds ? "✓" : "✗")),
        ReportRow(
          name: "render \(largeSeries) series (1000 probes)", value: String(format: "%.2f ms", largeNanos / 1e6),
          reference: "-", ratio: "-", goal: "-"),
        ReportRow(
          name: "observe() one probe run", value: String(format: "%.2f us", observeNanos / 1e3), reference: "-",
          ratio: "-", goal: "-"),
      ])
  }

  /// Metrics with `probes` probes observed once each, plus the (target, probe) pairs.
  static func populated(probes count: Int) -> (metrics: AgentMetrics, pairs: [(TargetConfig, ProbeSpec)]) {
    let metrics = AgentMetrics(version: "bench")
    var pairs: [(TargetConfig, ProbeSpec)] = []
    for index in 0..<count {
      var target = TargetConfig(name: "target-\(index % 10)", address: "127.0.0.1:\(50051 + index % 10)")
      target.labels = ["env": "prod", "region": "eu-\(index % 3)"]
      let kind: ProbeKind
      switch index % 3 {
      case 0: kind = .health(HealthProbeSettings())
      case 1: kind = .discovery(DiscoveryProbeSettings())
      default: kind = .invoke(InvokeProbeSettings(method: "api.users.UserService/GetUser"))
      }
      let probe = ProbeSpec(
        name: "probe-\(index)", kind: kind, interval: .seconds(10), timeout: .seconds(5),
        labels: ["team": "t\(index % 7)"])
      metrics.observe(outcome(target, probe, index: index), target: target, probe: probe)
      for window in AvailabilityWindow.allCases {
        metrics.setAvailability(target: target, probe: probe, window: window, ratio: 0.999)
      }
      pairs.append((target, probe))
    }
    metrics.setStoreQueueLength(0)
    metrics.configReloaded(success: true)
    return (metrics, pairs)
  }

  static func outcome(_ target: TargetConfig, _ probe: ProbeSpec, index: Int) -> ProbeOutcome {
    let sample = ProbeSample(
      key: ProbeKey(target: target.name, probe: probe.name), time: Date(), success: index % 17 != 0,
      statusCode: index % 17 == 0 ? 14 : 0, latency: 0.001 * Double(index % 500))
    var outcome = ProbeOutcome(sample: sample)
    switch probe.kind {
    case .health:
      outcome.healthStatus = "SERVING"
      outcome.phases = ["connect": 0.001, "call": 0.002]
    case .discovery:
      outcome.serviceCount = 5
      outcome.methodCount = 40
      outcome.phases = ["connect": 0.001, "reflection": 0.02]
    case .invoke:
      outcome.phases = ["connect": 0.001, "reflection": 0.002, "call": 0.003]
    }
    return outcome
  }

  /// Sample lines of the exposition.
  static func seriesCount(_ metrics: AgentMetrics) -> Int {
    metrics.render().split(separator: UInt8(ascii: "\n")).filter { $0.first != UInt8(ascii: "#") }.count
  }
}

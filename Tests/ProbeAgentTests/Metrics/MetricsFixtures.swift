import AgentConfig
import Foundation
import ProbeStore

@testable import ProbeAgent

/// Targets, probes and outcomes for the metrics and HTTP tests.
enum MetricsFixtures {
  static func target(_ name: String = "demo", labels: [String: String] = [:], tls: Bool = false) -> TargetConfig {
    var target = TargetConfig(name: name, address: "127.0.0.1:50051")
    target.labels = labels
    if tls { target.tls = TLSConfig() }
    return target
  }

  static func health(_ name: String = "health", labels: [String: String] = [:]) -> ProbeSpec {
    ProbeSpec(
      name: name, module: "grpc_health", kind: .health(HealthProbeSettings()), interval: .seconds(15),
      timeout: .seconds(5), labels: labels)
  }

  static func discovery(_ name: String = "schema") -> ProbeSpec {
    ProbeSpec(name: name, kind: .discovery(DiscoveryProbeSettings()), interval: .seconds(60), timeout: .seconds(10))
  }

  static func invoke(_ name: String = "get-user", labels: [String: String] = [:]) -> ProbeSpec {
    ProbeSpec(
      name: name, module: "get_user", kind: .invoke(InvokeProbeSettings(method: "api.users.UserService/GetUser")),
      interval: .seconds(30), timeout: .seconds(5), labels: labels)
  }

  static func outcome(
    _ target: TargetConfig, _ probe: ProbeSpec, success: Bool = true, code: Int? = 0, latency: Double = 0.012,
    configure: (inout ProbeOutcome) -> Void = { _ in }
  ) -> ProbeOutcome {
    let sample = ProbeSample(
      key: ProbeKey(target: target.name, probe: probe.name), time: Date(), success: success, statusCode: code,
      latency: latency, error: success ? nil : "failed")
    var outcome = ProbeOutcome(sample: sample)
    configure(&outcome)
    return outcome
  }

  /// Metrics with every family populated: a health, a discovery (with drift) and an invoke probe on a TLS target
  /// with labels that need sanitising, missed runs, availability, queue length and a reload.
  static func populatedMetrics() -> AgentMetrics {
    let metrics = AgentMetrics(version: "0.4.0-test")
    let target = target("demo", labels: ["env": "demo", "team-name": "core \"api\"\n"], tls: true)
    let health = health(labels: ["tier": "core"])
    let discovery = discovery()
    let invoke = invoke(labels: ["target": "spoofed"])
    metrics.observe(
      outcome(target, health) {
        $0.healthStatus = "SERVING"
        $0.phases = ["connect": 0.002, "call": 0.001]
        $0.certificateExpiry = 1_900_000_000
      }, target: target, probe: health)
    metrics.observe(
      outcome(target, discovery, latency: 0.08) {
        $0.serviceCount = 3
        $0.methodCount = 12
        $0.phases = ["connect": 0.002, "reflection": 0.07]
        $0.drift = [
          DriftEvent(target: "demo", time: Date(), kind: .breaking, detail: "method a.B/C removed"),
          DriftEvent(target: "demo", time: Date(), kind: .additive, detail: "method a.B/D added"),
          DriftEvent(target: "demo", time: Date(), kind: .additive, detail: "method a.B/E added"),
        ]
      }, target: target, probe: discovery)
    metrics.observe(
      outcome(target, invoke, success: false, code: 5, latency: 0.3) {
        $0.phases = ["connect": 0.002, "reflection": 0.01, "call": 0.28]
      }, target: target, probe: invoke)
    metrics.observe(outcome(target, invoke, success: false, code: nil, latency: 5), target: target, probe: invoke)
    metrics.recordMissedRun(target: target, probe: invoke, count: 2)
    for window in AvailabilityWindow.allCases {
      metrics.setAvailability(target: target, probe: health, window: window, ratio: 0.999)
    }
    metrics.setStoreQueueLength(7)
    metrics.observeStartDelay(0.004)
    metrics.configReloaded(success: true, time: Date(timeIntervalSince1970: 1_700_000_000))
    return metrics
  }
}

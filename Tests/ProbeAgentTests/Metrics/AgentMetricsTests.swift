import AgentConfig
import Foundation
import ProbeStore
import Testing

@testable import ProbeAgent

@Suite struct AgentMetricsTests {
  typealias F = MetricsFixtures

  /// Every family the agent exports, as the README's reference table lists them.
  static let families = [
    "reflectprobe_probe_success", "reflectprobe_probe_duration_seconds", "reflectprobe_probes_total",
    "reflectprobe_probe_phase_duration_seconds", "reflectprobe_health_status", "reflectprobe_target_services",
    "reflectprobe_target_methods", "reflectprobe_schema_changes_total",
    "reflectprobe_tls_cert_expiry_timestamp_seconds", "reflectprobe_availability_ratio",
    "reflectprobe_probe_missed_runs_total", "reflectprobe_store_queue_length",
    "reflectprobe_config_last_reload_successful", "reflectprobe_config_last_reload_success_timestamp_seconds",
    "reflectprobe_scheduler_start_delay_seconds", "reflectprobe_build_info", "process_cpu_seconds_total", "process_resident_memory_bytes",
    "process_virtual_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds",
  ]

  @Test func promtoolAcceptsEveryFamilyWithoutComment() throws {
    let rendered = F.populatedMetrics().render()
    let exposition = Exposition(rendered)
    for family in Self.families {
      #expect(exposition.types[family] != nil, "family \(family) missing")
      #expect(exposition.help[family]?.isEmpty == false, "family \(family) has no HELP")
    }
    let result = try Promtool.checkMetrics(rendered)
    #expect(result.status == 0)
    #expect(result.output == "", "promtool check metrics said:\n\(result.output)")
  }

  @Test func probeSeriesCarryTargetProbeAndConfiguredLabels() {
    let exposition = Exposition(F.populatedMetrics().render())
    let health = exposition.find("reflectprobe_probe_success", ["probe": "health"])
    #expect(health.count == 1)
    #expect(
      health.first?.labels == [
        "target": "demo", "probe": "health", "env": "demo", "tier": "core",
        "team_name": "core \"api\"\n",
      ])
    // A configured `target` label cannot replace the series' identity.
    let invoke = exposition.find("reflectprobe_probe_success", ["probe": "get-user"])
    #expect(invoke.first?.labels["target"] == "demo")
    #expect(invoke.first?.labels["exported_target"] == "spoofed")
  }

  @Test func labelNamesAreSanitised() {
    #expect(MetricLabels.sanitize("team-name") == "team_name")
    #expect(MetricLabels.sanitize("9lives") == "_9lives")
    #expect(MetricLabels.sanitize("__meta") == "_meta")
    #expect(MetricLabels.sanitize("été") == "_t_")
    #expect(MetricLabels.sanitize("") == "_")
    #expect(MetricLabels.sanitize("probe") == "exported_probe")
    #expect(MetricLabels.sanitize("le") == "exported_le")
  }

  @Test func runsAreCountedByStatusName() {
    let exposition = Exposition(F.populatedMetrics().render())
    #expect(exposition.value("reflectprobe_probes_total", ["probe": "get-user", "code": "NOT_FOUND"]) == 1)
    #expect(exposition.value("reflectprobe_probes_total", ["probe": "get-user", "code": "none"]) == 1)
    #expect(exposition.value("reflectprobe_probes_total", ["probe": "health", "code": "OK"]) == 1)
    #expect(exposition.value("reflectprobe_probe_success", ["probe": "get-user"]) == 0)
    #expect(exposition.value("reflectprobe_probe_missed_runs_total", ["probe": "get-user"]) == 2)
    #expect(exposition.value("reflectprobe_probe_missed_runs_total", ["probe": "health"]) == 0)
  }

  @Test func durationHistogramUsesTheStoreBuckets() {
    let exposition = Exposition(F.populatedMetrics().render())
    let buckets = exposition.find("reflectprobe_probe_duration_seconds_bucket", ["probe": "get-user"])
    let bounds = buckets.compactMap { $0.labels["le"] }.filter { $0 != "+Inf" }.compactMap(Double.init).sorted()
    #expect(bounds == [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
    #expect(exposition.value("reflectprobe_probe_duration_seconds_bucket", ["probe": "get-user", "le": "0.25"]) == 0)
    #expect(exposition.value("reflectprobe_probe_duration_seconds_bucket", ["probe": "get-user", "le": "0.5"]) == 1)
    #expect(exposition.value("reflectprobe_probe_duration_seconds_bucket", ["probe": "get-user", "le": "+Inf"]) == 2)
    #expect(exposition.value("reflectprobe_probe_duration_seconds_count", ["probe": "get-user"]) == 2)
    #expect(abs((exposition.value("reflectprobe_probe_duration_seconds_sum", ["probe": "get-user"]) ?? 0) - 5.3) < 1e-9)
  }

  @Test func healthStatusIsOneHotAndClearsWithoutAnswer() {
    let metrics = AgentMetrics(version: "t")
    let target = F.target()
    let probe = F.health()
    metrics.observe(F.outcome(target, probe) { $0.healthStatus = "NOT_SERVING" }, target: target, probe: probe)
    var exposition = Exposition(metrics.render())
    #expect(exposition.find("reflectprobe_health_status").count == 4)
    #expect(exposition.value("reflectprobe_health_status", ["serving_status": "NOT_SERVING"]) == 1)
    #expect(exposition.value("reflectprobe_health_status", ["serving_status": "SERVING"]) == 0)
    metrics.observe(F.outcome(target, probe, success: false, code: 14), target: target, probe: probe)
    exposition = Exposition(metrics.render())
    #expect(exposition.find("reflectprobe_health_status").allSatisfy { $0.value == 0 })
  }

  @Test func phasesOfTheLastRunOnly() {
    let metrics = AgentMetrics(version: "t")
    let target = F.target()
    let probe = F.invoke()
    metrics.observe(
      F.outcome(target, probe) { $0.phases = ["connect": 0.1, "reflection": 0.2, "call": 0.3] }, target: target,
      probe: probe)
    metrics.observe(
      F.outcome(target, probe, success: false, code: 14) { $0.phases = ["connect": 0.5] }, target: target,
      probe: probe)
    let exposition = Exposition(metrics.render())
    #expect(exposition.value("reflectprobe_probe_phase_duration_seconds", ["phase": "connect"]) == 0.5)
    #expect(exposition.value("reflectprobe_probe_phase_duration_seconds", ["phase": "reflection"]) == 0)
    #expect(exposition.value("reflectprobe_probe_phase_duration_seconds", ["phase": "call"]) == 0)
    // Kind-specific families do not appear for an invoke probe.
    #expect(exposition.find("reflectprobe_health_status").isEmpty)
    #expect(exposition.find("reflectprobe_target_methods").isEmpty)
    #expect(exposition.find("reflectprobe_schema_changes_total").isEmpty)
  }

  @Test func discoveryCountsAndDrift() {
    let exposition = Exposition(F.populatedMetrics().render())
    #expect(exposition.value("reflectprobe_target_services", ["probe": "schema"]) == 3)
    #expect(exposition.value("reflectprobe_target_methods", ["probe": "schema"]) == 12)
    #expect(exposition.value("reflectprobe_schema_changes_total", ["kind": "breaking"]) == 1)
    #expect(exposition.value("reflectprobe_schema_changes_total", ["kind": "additive"]) == 2)
    #expect(exposition.value("reflectprobe_tls_cert_expiry_timestamp_seconds", ["probe": "health"]) == 1_900_000_000)
    #expect(exposition.value("reflectprobe_availability_ratio", ["probe": "health", "window": "30d"]) == 0.999)
  }

  @Test func agentWideFamilies() {
    let metrics = F.populatedMetrics()
    var exposition = Exposition(metrics.render())
    #expect(exposition.value("reflectprobe_store_queue_length") == 7)
    #expect(exposition.value("reflectprobe_config_last_reload_successful") == 1)
    #expect(exposition.value("reflectprobe_config_last_reload_success_timestamp_seconds") == 1_700_000_000)
    #expect(exposition.find("reflectprobe_build_info").first?.labels == ["version": "0.4.0-test", "swift": "6.3"])
    #expect((exposition.value("process_resident_memory_bytes") ?? 0) > 1_000_000)
    #expect((exposition.value("process_open_fds") ?? 0) >= 3)
    #expect((exposition.value("process_max_fds") ?? 0) >= (exposition.value("process_open_fds") ?? .infinity))
    let start = exposition.value("process_start_time_seconds") ?? 0
    #expect(abs(start - Date().timeIntervalSince1970) < 24 * 3600)
    metrics.configReloaded(success: false, time: Date())
    exposition = Exposition(metrics.render())
    #expect(exposition.value("reflectprobe_config_last_reload_successful") == 0)
    #expect(exposition.value("reflectprobe_config_last_reload_success_timestamp_seconds") == 1_700_000_000)
  }

  @Test func startDelayHistogramIsAgentWide() {
    let metrics = AgentMetrics(version: "t")
    metrics.observeStartDelay(0.0003)
    metrics.observeStartDelay(0.08)
    metrics.observeStartDelay(-0.01)
    metrics.observeStartDelay(.nan)
    let exposition = Exposition(metrics.render())
    let family = "reflectprobe_scheduler_start_delay_seconds"
    #expect(exposition.types[family] == "histogram")
    #expect(exposition.find("\(family)_bucket").count == AgentMetrics.startDelayBuckets.count + 1)
    #expect(exposition.value("\(family)_bucket", ["le": "0.0005"]) == 2)
    #expect(exposition.value("\(family)_bucket", ["le": "0.075"]) == 2)
    #expect(exposition.value("\(family)_bucket", ["le": "0.1"]) == 3)
    #expect(exposition.value("\(family)_count") == 3)
    #expect(abs((exposition.value("\(family)_sum") ?? 0) - 0.0803) < 1e-9)
  }

  @Test func cpuCounterNeverGoesDown() {
    let metrics = AgentMetrics(version: "t")
    var previous = 0.0
    for _ in 0..<5 {
      var x = 0.0
      for i in 0..<200_000 { x += sqrt(Double(i)) }
      #expect(x > 0)
      let cpu = Exposition(metrics.render()).value("process_cpu_seconds_total") ?? -1
      #expect(cpu >= previous)
      previous = cpu
    }
    #expect(previous > 0)
  }

  @Test func retainOnlyDropsProbesThatLeftTheConfiguration() {
    let metrics = F.populatedMetrics()
    metrics.retainOnly([ProbeKey(target: "demo", probe: "health")])
    let exposition = Exposition(metrics.render())
    let probes = Set(exposition.samples.compactMap { $0.labels["probe"] })
    #expect(probes == ["health"])
    #expect(exposition.types["reflectprobe_target_methods"] == nil)
  }

  @Test func changedLabelsReplaceTheSeries() {
    let metrics = AgentMetrics(version: "t")
    let before = F.target(labels: ["env": "staging"])
    let after = F.target(labels: ["env": "prod"])
    let probe = F.health()
    metrics.observe(F.outcome(before, probe) { $0.healthStatus = "SERVING" }, target: before, probe: probe)
    metrics.observe(F.outcome(after, probe) { $0.healthStatus = "SERVING" }, target: after, probe: probe)
    let exposition = Exposition(metrics.render())
    #expect(exposition.find("reflectprobe_probe_success").map { $0.labels["env"] } == ["prod"])
    #expect(exposition.find("reflectprobe_health_status", ["env": "staging"]).isEmpty)
    #expect(exposition.value("reflectprobe_probes_total", ["env": "prod"]) == 1)
  }

  @Test func concurrentUpdatesAndRendersStayConsistent() async {
    let metrics = AgentMetrics(version: "t")
    let target = F.target()
    let probes = (0..<8).map { F.invoke("p\($0)") }
    await withTaskGroup(of: Void.self) { group in
      for probe in probes {
        group.addTask {
          for _ in 0..<200 { metrics.observe(F.outcome(target, probe), target: target, probe: probe) }
        }
      }
      group.addTask { for _ in 0..<20 { _ = metrics.render() } }
    }
    let exposition = Exposition(metrics.render())
    for probe in probes {
      #expect(exposition.value("reflectprobe_probes_total", ["probe": probe.name, "code": "OK"]) == 200)
    }
  }
}

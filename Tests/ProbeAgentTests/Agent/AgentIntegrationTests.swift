import Foundation
import GRPCDynamic
import Testing

/// The real binaries end to end: reflectprobe-demo + the Python grpcio peer + `reflectprobe agent` on a temp
/// config with health, discovery and invoke probes at short intervals.
@Suite(.serialized) struct AgentIntegrationTests {
  @Test func probesExportsAndStoresEveryRun() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    let silent = try LocalSockets.silentListener()
    defer { close(silent.fd) }
    try await withPeer(PeerProcess.demo()) { demo in
      try await withPeer(PeerProcess.python()) { python in
        try fixture.write(
          fixture.standardConfig(demo: demo.address, python: python.address, blackhole: "127.0.0.1:\(silent.port)"))
        let agent = try await AgentProcess.start(config: fixture.configPath)
        defer { agent.stop() }

        // Every probe has run at least twice.
        let probes = [
          "demo/health", "demo/users-health", "demo/schema", "demo/get-user", "demo/wrong-email",
          "demo/missing-user", "python/health", "python/schema", "python/echo", "blackhole/health",
        ]
        let ready = try await agent.waitForMetrics("every probe to run twice") { metrics in
          probes.allSatisfy { probe in
            let (target, name) = split(probe)
            return metrics.sum("reflectprobe_probes_total", ["target": target, "probe": name]) >= 2
          }
        }
        #expect(try await agent.get("/-/ready").status == 200)
        #expect(try await agent.get("/-/healthy").status == 200)

        // promtool accepts the exposition with no output.
        let check = try await runPromtool(ready.text)
        #expect(check.status == 0 && check.output.isEmpty, "promtool: \(check.output)")

        // Passing and failing probes, with reasons.
        for passing in ["demo/health", "demo/users-health", "demo/schema", "demo/get-user", "demo/missing-user",
          "python/health", "python/schema", "python/echo"]
        {
          let (target, name) = split(passing)
          #expect(ready.value("reflectprobe_probe_success", ["target": target, "probe": name]) == 1, "\(passing)")
        }
        #expect(ready.value("reflectprobe_probe_success", ["target": "demo", "probe": "wrong-email"]) == 0)
        #expect(ready.value("reflectprobe_probe_success", ["target": "blackhole", "probe": "health"]) == 0)
        #expect(ready.value("reflectprobe_probe_success", ["target": "demo", "probe": "health", "env": "test"]) == 1)
        #expect(ready.value("reflectprobe_health_status", ["target": "demo", "probe": "health",
          "serving_status": "SERVING"]) == 1)
        #expect((ready.value("reflectprobe_target_services", ["target": "demo"]) ?? 0) >= 3)
        #expect((ready.value("reflectprobe_target_methods", ["target": "python"]) ?? 0) >= 6)
        #expect(agent.stderr.contains("nobody@example.com"), "the failed expectation is logged with its reason")

        // Flip the demo's UserService health: the probe follows, both ways.
        try await setDemoHealth(demo.address, "NOT_SERVING")
        try await agent.waitForMetrics("users-health to fail") {
          $0.value("reflectprobe_probe_success", ["target": "demo", "probe": "users-health"]) == 0
            && $0.value("reflectprobe_health_status", ["probe": "users-health", "serving_status": "NOT_SERVING"]) == 1
        }
        try await setDemoHealth(demo.address, "SERVING")
        try await agent.waitForMetrics("users-health to recover") {
          $0.value("reflectprobe_probe_success", ["target": "demo", "probe": "users-health"]) == 1
        }

        // The blackholed target ends each probe at its deadline and delays nobody else.
        let last = try await agent.metrics()
        let blackholeRuns = last.sum("reflectprobe_probes_total", ["target": "blackhole"])
        let demoRuns = last.sum("reflectprobe_probes_total", ["target": "demo", "probe": "health"])
        #expect(blackholeRuns >= 2 && abs(blackholeRuns - demoRuns) <= 2, "\(blackholeRuns) vs \(demoRuns)")
        let blackholeSeconds = last.value("reflectprobe_probe_duration_seconds_sum", ["target": "blackhole"]) ?? 0
        #expect(blackholeSeconds / blackholeRuns < 0.3 + 0.25, "each blackholed run ends near its 300 ms timeout")
        let demoSeconds = last.value("reflectprobe_probe_duration_seconds_sum", ["target": "demo", "probe": "health"]) ?? 0
        #expect(demoSeconds / demoRuns < 0.2, "the demo's probes stay fast beside the blackholed one")

        // SIGTERM: graceful exit 0; every run counted in /metrics is in the database, none twice.
        let counted = try await agent.metrics()
        agent.signal(SIGTERM)
        #expect(try await agent.waitForExit() == 0, "graceful stop exits 0; log:\n\(agent.stderr.suffix(2000))")
        let database = try SQLiteReader(path: fixture.databasePath)
        let rows = try database.sampleCounts()
        for probe in probes {
          let (target, name) = split(probe)
          let runs = Int(counted.sum("reflectprobe_probes_total", ["target": target, "probe": name]))
          let stored = rows[probe] ?? 0
          #expect(stored >= runs && stored <= runs + 2, "\(probe): \(stored) rows for \(runs) runs counted")
        }
        let reason = try database.scalar(
          """
          SELECT error FROM last_samples l JOIN probes p ON p.id = l.probe_id
          WHERE p.target = 'demo' AND p.probe = 'wrong-email'
          """)
        #expect(reason?.contains("nobody@example.com") == true, "stored reason: \(reason ?? "nil")")
        let blackholeError = try database.scalar(
          "SELECT error FROM last_samples l JOIN probes p ON p.id = l.probe_id WHERE p.target = 'blackhole'")
        #expect(blackholeError?.localizedCaseInsensitiveContains("deadline") == true
          || blackholeError?.contains("timed out") == true, "\(blackholeError ?? "nil")")
      }
    }
  }

  @Test func aRestartedServerWithAChangedSchemaYieldsDrift() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    let port = try LocalSockets.closedPort()
    // Version 2 of the peer's schema: Fail removed (breaking), a field added to EchoRequest (additive).
    let original = try String(
      contentsOf: PeerProcess.repoRoot.appendingPathComponent("Tests/Scripts/peer.proto"), encoding: .utf8)
    let changed = original
      .replacingOccurrences(of: "  string text = 1;\n  Mood mood = 2;\n  string user_name = 3 [json_name = \"login\"];\n  repeated int32 numbers = 4;\n}\n\nmessage EchoReply",
        with: "  string text = 1;\n  Mood mood = 2;\n  string user_name = 3 [json_name = \"login\"];\n  repeated int32 numbers = 4;\n  string trace_id = 9;\n}\n\nmessage EchoReply")
      .split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.contains("rpc Fail(") }
      .joined(separator: "\n")
    #expect(changed != original)
    let protoV2 = fixture.directory.appendingPathComponent("peer.proto")
    try changed.write(to: protoV2, atomically: true, encoding: .utf8)

    try fixture.write(
      """
      global: {database: \(fixture.databasePath), interval: 300ms, timeout: 250ms}
      targets:
        - name: peer
          address: 127.0.0.1:\(port)
          descriptor_cache_ttl: 0s
          probes:
            - {name: schema, discovery: {}}
      """)
    let agent = try await AgentProcess.start(config: fixture.configPath)
    defer { agent.stop() }
    try await withPeer(PeerProcess.python(["--port", "\(port)"])) { _ in
      try await agent.waitForMetrics("the first snapshot") {
        $0.value("reflectprobe_probe_success", ["target": "peer", "probe": "schema"]) == 1
      }
    }
    try await withPeer(PeerProcess.python(["--port", "\(port)", "--proto", protoV2.path])) { _ in
      let metrics = try await agent.waitForMetrics("breaking and additive drift") {
        ($0.value("reflectprobe_schema_changes_total", ["target": "peer", "kind": "breaking"]) ?? 0) >= 1
          && ($0.value("reflectprobe_schema_changes_total", ["target": "peer", "kind": "additive"]) ?? 0) >= 1
      }
      #expect(metrics.value("reflectprobe_probe_success", ["target": "peer", "probe": "schema"]) == 1)
    }
    agent.signal(SIGTERM)
    #expect(try await agent.waitForExit() == 0)
    let events = try SQLiteReader(path: fixture.databasePath).rows(
      "SELECT kind, detail FROM drift_events WHERE target = 'peer' ORDER BY id")
    #expect(events.contains { $0[0] == "breaking" && ($0[1] ?? "").contains("Fail") }, "\(events)")
    #expect(events.contains { $0[0] == "additive" && ($0[1] ?? "").contains("trace_id") }, "\(events)")
  }
}

func split(_ probe: String) -> (String, String) {
  let parts = probe.split(separator: "/", maxSplits: 1)
  return (String(parts[0]), String(parts[1]))
}

/// Switches the demo's api.users.UserService health through its admin service.
func setDemoHealth(_ address: String, _ status: String) async throws {
  try await withConnectionPool { pool in
    let client = try DynamicClient(target: address, options: .plaintext, pool: pool)
    _ = try await client.invoke(
      "reflectprobe.demo.Admin/SetHealth", json: #"{"service": "api.users.UserService", "status": "\#(status)"}"#)
  }
}

/// `promtool check metrics` on an exposition: exit status and everything it printed (waits without blocking a
/// thread of the shared pool).
func runPromtool(_ exposition: String) async throws -> (status: Int32, output: String) {
  let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  guard let promtool else { throw PeerError("promtool is not installed (Debian package `prometheus`): run `make deps`") }
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("promtool-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  let input = directory.appendingPathComponent("metrics.prom")
  let output = directory.appendingPathComponent("output")
  try exposition.write(to: input, atomically: true, encoding: .utf8)
  FileManager.default.createFile(atPath: output.path, contents: nil)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: promtool)
  process.arguments = ["check", "metrics"]
  process.standardInput = try FileHandle(forReadingFrom: input)
  process.standardOutput = try FileHandle(forWritingTo: output)
  process.standardError = process.standardOutput
  try process.run()
  for _ in 0..<1500 where process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
  guard !process.isRunning else {
    process.terminate()
    throw PeerError("promtool did not finish within 30 s")
  }
  return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
}

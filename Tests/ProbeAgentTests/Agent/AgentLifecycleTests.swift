import Foundation
import Testing

/// The agent binary's lifecycle: systemd notifications, SIGHUP reloads (valid and invalid), SIGKILL and restart.
@Suite(.serialized) struct AgentLifecycleTests {
  @Test func tellsSystemdReadyWatchdogReloadingAndStopping() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try await withPeer(PeerProcess.demo()) { demo in
      try fixture.write(
        """
        global: {database: \(fixture.databasePath), interval: 500ms, timeout: 400ms}
        targets:
          - name: demo
            address: \(demo.address)
            probes: [{name: health, health: {}}]
        """)
      let notify = try NotifyRecorder()
      let agent = try await AgentProcess.start(
        config: fixture.configPath, environment: ["NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "400000"])
      defer { agent.stop() }
      let ready = try await notify.waitFor("READY=1")
      try await notify.waitFor("WATCHDOG=1", after: ready)
      try await notify.waitFor("WATCHDOG=1", after: notify.waitFor("WATCHDOG=1", after: ready))

      agent.signal(SIGHUP)
      let reloading = try await notify.waitFor("RELOADING=1", after: ready)
      #expect(notify.messages[reloading].contains("MONOTONIC_USEC="), "\(notify.messages[reloading])")
      try await notify.waitFor("READY=1", after: reloading)

      agent.signal(SIGTERM)
      try await notify.waitFor("STOPPING=1", after: reloading)
      #expect(try await agent.waitForExit() == 0)
    }
  }

  @Test func reloadAppliesAValidFileAndKeepsTheOldOneOtherwise() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try await withPeer(PeerProcess.demo()) { demo in
      let base = """
        global: {database: \(fixture.databasePath), interval: 300ms, timeout: 250ms}
        targets:
          - name: demo
            address: \(demo.address)
            probes:
              - {name: health, health: {}}

        """
      try fixture.write(base)
      let agent = try await AgentProcess.start(config: fixture.configPath)
      defer { agent.stop() }
      try await agent.waitForMetrics("the first run") {
        $0.value("reflectprobe_probe_success", ["probe": "health"]) == 1
      }

      try fixture.write(base + "      - {name: users, health: {service: api.users.UserService}}\n")
      agent.signal(SIGHUP)
      try await agent.waitForMetrics("the added probe") {
        $0.value("reflectprobe_probe_success", ["probe": "users"]) == 1
          && $0.value("reflectprobe_config_last_reload_successful") == 1
      }

      try fixture.write(base + "      - {name: users, health: {servce: api.users.UserService}}\n")
      let before = try await agent.metrics().sum("reflectprobe_probes_total", ["probe": "users"])
      #expect(try await agent.send("/-/reload", method: "POST").status == 500)
      try await agent.waitForMetrics("the failed reload, old probes still running") {
        $0.value("reflectprobe_config_last_reload_successful") == 0
          && $0.sum("reflectprobe_probes_total", ["probe": "users"]) >= before + 2
      }
      #expect(agent.stderr.contains("reflectprobe.yaml:7:"), "the log names file:line:col")
    }
  }

  @Test func survivesSIGKILLDuringHeavyWritesAndGoesOn() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try await withPeer(PeerProcess.demo()) { demo in
      // 300 probes every second: about 300 samples a second, committed in batches. (Timeouts are generous: the
      // debug build of grpc-swift-nio-transport asserts when many streams are cancelled at their deadline, see
      // the README's known issues.)
      let probes = (0..<300).map { "      - {name: p\($0), health: {}}" }.joined(separator: "\n")
      try fixture.write(
        """
        global: {database: \(fixture.databasePath), interval: 1s, timeout: 900ms, max_concurrent_probes: 300}
        targets:
          - name: demo
            address: \(demo.address)
            probes:
        \(probes)

        """)
      let agent = try await AgentProcess.start(config: fixture.configPath)
      try await agent.waitForMetrics("heavy writing") { $0.sum("reflectprobe_probes_total") >= 900 }
      agent.signal(SIGKILL)
      _ = try await agent.waitForExit()
      agent.stop()

      let before = try SQLiteReader(path: fixture.databasePath)
      #expect(try before.scalar("PRAGMA integrity_check") == "ok")
      let stored = try before.sampleCounts().values.reduce(0, +)
      #expect(stored > 0)

      let restarted = try await AgentProcess.start(config: fixture.configPath)
      defer { restarted.stop() }
      try await restarted.waitForMetrics("probing again") { $0.sum("reflectprobe_probes_total") >= 600 }
      restarted.signal(SIGTERM)
      #expect(try await restarted.waitForExit() == 0)
      let after = try SQLiteReader(path: fixture.databasePath)
      #expect(try after.scalar("PRAGMA integrity_check") == "ok")
      #expect(try after.sampleCounts().values.reduce(0, +) >= stored + 600)
    }
  }
}

import AgentConfig
import Foundation
import GRPCDynamic
import Testing

@testable import ProbeAgent

/// The health prober against the real demo server (and sockets that misbehave).
@Suite struct HealthProberTests {
  @Test func servingServerSucceedsWithConnectAndCallPhases() async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let target = ProbeHarness.target(peer.address)
        let first = try await harness.run(.health(HealthProbeSettings()), on: target)
        #expect(first.sample.success, "\(first.summary)")
        #expect(first.sample.statusCode == 0 && first.sample.error == nil)
        #expect(first.healthStatus == "SERVING")
        #expect(first.sample.key == .init(target: "demo", probe: "probe"))
        // The first run made the connection; the phases add up to at most the run.
        let connect = try #require(first.phases["connect"])
        let call = try #require(first.phases["call"])
        #expect(connect > 0 && call >= 0)
        #expect(connect + call <= first.sample.latency + 0.001)
        #expect(first.certificateExpiry == nil)
        // The second reuses it.
        let second = try await harness.run(.health(HealthProbeSettings()), on: target)
        #expect(second.sample.success, "\(second.summary)")
        #expect(second.phases["connect"] == 0)
        #expect(harness.pool.openClientCount == 1)
      }
    }
  }

  @Test func notServingServiceFails() async throws {
    try await withPeer(PeerProcess.demo(["--health", "api.users.UserService=NOT_SERVING"])) { peer in
      try await ProbeHarness.with { harness in
        let outcome = try await harness.run(
          .health(HealthProbeSettings(service: "api.users.UserService")), on: ProbeHarness.target(peer.address))
        #expect(!outcome.sample.success)
        #expect(outcome.sample.statusCode == 0)
        #expect(outcome.healthStatus == "NOT_SERVING")
        #expect(
          outcome.sample.error == #"health of service "api.users.UserService" is NOT_SERVING, expected SERVING"#)
        // The server as a whole is still serving.
        let server = try await harness.run(.health(HealthProbeSettings()), on: ProbeHarness.target(peer.address))
        #expect(server.sample.success, "\(server.summary)")
      }
    }
  }

  @Test func flipsWhenTheServerFlips() async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let kind = ProbeKind.health(HealthProbeSettings(service: "api.orders.OrderService"))
        let target = ProbeHarness.target(peer.address)
        #expect(try await harness.run(kind, on: target).sample.success)
        try await setHealth(peer.address, service: "api.orders.OrderService", status: "NOT_SERVING")
        let down = try await harness.run(kind, on: target)
        #expect(!down.sample.success && down.healthStatus == "NOT_SERVING", "\(down.summary)")
        try await setHealth(peer.address, service: "api.orders.OrderService", status: "SERVING")
        let up = try await harness.run(kind, on: target)
        #expect(up.sample.success && up.healthStatus == "SERVING", "\(up.summary)")
      }
    }
  }

  @Test func unknownServiceIsNotFound() async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let outcome = try await harness.run(
          .health(HealthProbeSettings(service: "no.such.Service")), on: ProbeHarness.target(peer.address))
        #expect(!outcome.sample.success)
        #expect(outcome.sample.statusCode == 5)
        #expect(outcome.healthStatus == "SERVICE_UNKNOWN")
        let error = try #require(outcome.sample.error)
        #expect(
          error.hasPrefix(#"health: the server does not know service "no.such.Service" (status NOT_FOUND"#), "\(error)")
      }
    }
  }

  @Test func closedPortFailsWithoutStatus() async throws {
    let port = try LocalSockets.closedPort()
    try await ProbeHarness.with { harness in
      let outcome = try await harness.run(
        .health(HealthProbeSettings()), on: ProbeHarness.target("127.0.0.1:\(port)"), timeout: .seconds(5))
      #expect(!outcome.sample.success)
      #expect(outcome.sample.statusCode == nil)
      #expect(outcome.healthStatus == nil)
      let error = try #require(outcome.sample.error)
      #expect(error.contains("failed to connect to 127.0.0.1:\(port)"), "\(error)")
      // Refused at once (the bound only guards against a hang: a loaded machine can delay the probe's task), and
      // all of it spent connecting.
      #expect(outcome.sample.latency < 10, "\(outcome.summary)")
      #expect(outcome.phases["call"] == 0)
      #expect(outcome.phases["connect"] ?? 0 > 0)
    }
  }

  @Test func blackholedSocketEndsAtTheProbeTimeout() async throws {
    let (fd, port) = try LocalSockets.silentListener()
    defer { close(fd) }
    try await ProbeHarness.with { harness in
      let outcome = try await harness.run(
        .health(HealthProbeSettings()), on: ProbeHarness.target("127.0.0.1:\(port)"), timeout: .seconds(1))
      #expect(!outcome.sample.success)
      #expect(outcome.sample.statusCode == 4, "\(outcome.summary)")
      // DEADLINE_EXCEEDED, not the (2 s) connect timeout's connection failure: the probe's deadline ended it. The
      // latency bounds are wide (a loaded machine delays tasks): it must neither end early nor hang.
      #expect(outcome.sample.latency >= 0.9 && outcome.sample.latency < 10, "\(outcome.summary)")
      let error = try #require(outcome.sample.error)
      #expect(error.contains("no gRPC connection to 127.0.0.1:\(port) became ready"), "\(error)")
      // All of the call was spent waiting for a connection (how much of the run that is depends on how soon the
      // loaded test machine ran the probe's task).
      #expect(outcome.phases["call"] == 0 && outcome.phases["connect"] ?? 0 > 0, "\(outcome.summary)")
    }
  }

  @Test func tlsTargetReportsTheCertificateExpiry() async throws {
    let pki = try await TestCertificates.make()
    defer { pki.remove() }
    try await withPeer(pki.startServer()) { peer in
      try await ProbeHarness.with { harness in
        var target = ProbeHarness.target(peer.address)
        var tls = TLSConfig()
        tls.caFile = pki.caCertificate
        tls.serverName = "localhost"
        target.tls = tls
        let outcome = try await harness.run(.health(HealthProbeSettings()), on: target)
        #expect(outcome.sample.success, "\(outcome.summary)")
        // The test certificates are valid for two days.
        let expiry = try #require(outcome.certificateExpiry)
        let now = Date().timeIntervalSince1970
        #expect(expiry > now + 86_400 && expiry < now + 3 * 86_400)
        // Untrusted: a TLS failure, no status.
        target.tls?.caFile = nil
        let untrusted = try await harness.run(.health(HealthProbeSettings()), on: target)
        #expect(!untrusted.sample.success && untrusted.sample.statusCode == nil)
        #expect(untrusted.sample.error?.contains("TLS handshake") == true, "\(untrusted.summary)")
      }
    }
  }
}

import AgentConfig
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

@testable import ProbeAgent

/// Runs the agent's real listener on 127.0.0.1, port 0, inside a `ServiceGroup` (as the agent does) for the
/// duration of `body`, then shuts it down gracefully.
enum AgentServerHarness {
  static func withServer(
    _ dependencies: AgentHTTPDependencies, _ body: (HTTPTestClient) async throws -> Void
  ) async throws {
    var logger = Logger(label: "reflectprobe.http.test")
    logger.logLevel = .error
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = try AgentHTTPServer.makeApplication(
      listen: "127.0.0.1:0", dependencies: dependencies, logger: logger,
      onServerRunning: { continuation.yield($0) })
    let group = ServiceGroup(services: [app], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask {
        defer { continuation.finish() }
        try await group.run()
      }
      var iterator = ports.makeAsyncIterator()
      guard let port = await iterator.next() else {
        try await tasks.waitForAll()
        throw HTTPTestClient.Failure(description: "the listener stopped before it was bound")
      }
      do {
        try await body(HTTPTestClient(port: port))
      } catch {
        await group.triggerGracefulShutdown()
        throw error
      }
      await group.triggerGracefulShutdown()
      try await tasks.waitForAll()
    }
  }
}

/// Stand-ins for the runtime behind the listener: a fixed configuration, a readiness flag, a reload result and a
/// probe function that answers from the probe's kind and records what it was asked.
final class FakeRuntime: Sendable {
  struct ProbeCall: Equatable {
    var target: String
    var probe: String
    var timeout: Duration
  }

  let ready = Mutex(false)
  let reloadError = Mutex<String?>(nil)
  let probeError = Mutex<(any Error & Sendable)?>(nil)
  let calls = Mutex<[ProbeCall]>([])
  let metrics = MetricsFixtures.populatedMetrics()
  let configuration: AgentConfiguration

  init() {
    var configuration = AgentConfiguration()
    configuration.modules["grpc_health"] = ProbeModule(
      name: "grpc_health", kind: .health(HealthProbeSettings()), interval: .seconds(15), timeout: .seconds(5))
    var demo = TargetConfig(name: "demo", address: "127.0.0.1:50051")
    demo.probes = [MetricsFixtures.health(), MetricsFixtures.invoke()]
    var users = TargetConfig(name: "users", address: "127.0.0.1:50052")
    users.probes = [MetricsFixtures.discovery()]
    configuration.targets = [demo, users]
    // The bearer token is tested against the real agent process (RESTAuthTests); these routes are tested open.
    configuration.api.requireToken = false
    self.configuration = configuration
  }

  var dependencies: AgentHTTPDependencies {
    AgentHTTPDependencies(
      renderMetrics: { self.metrics.renderBuffer() },
      isReady: { self.ready.withLock { $0 } },
      configuration: { self.configuration },
      probe: { target, probe, timeout in
        self.calls.withLock { $0.append(ProbeCall(target: target.name, probe: probe.name, timeout: timeout)) }
        if let error = self.probeError.withLock({ $0 }) { throw error }
        return MetricsFixtures.outcome(
          target, probe, success: probe.name != "get-user", code: probe.name == "get-user" ? 5 : 0
        ) {
          if case .health = probe.kind { $0.healthStatus = "SERVING" }
          $0.phases = ["connect": 0.001, "call": 0.002]
        }
      },
      reload: {
        if let message = self.reloadError.withLock({ $0 }) {
          return .failure(HTTPTestClient.Failure(description: message))
        }
        return .success(())
      })
  }
}
